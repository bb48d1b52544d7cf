// The feuille d'émargement as an A4 PDF, built on the tablet offline (loaded only when a session is
// closed: jsPDF stays out of every other route). Its footer carries the signing time and the SHA-256
// of the sheet's canonical content (src/domain/workshops.ts, sheetText), so a later change shows.
import { jsPDF } from 'jspdf';

import { toWinAnsi } from '../../domain/loans';
import { isTypedSignature } from '../../domain/typed-signature';
import type { HalfDay, SheetContent } from '../../domain/workshops';
import { strings } from './strings';

export interface EmargementPdfInput {
  cycleTitle: string;
  sheet: SheetContent;
  /** Date as read (« lundi 2 mars 2026 ») and the signing time (« 2 mars 2026 à 16:05 »). */
  dateLabel: string;
  signedAtLabel: string;
  halfDays: HalfDay[];
  hash: string;
  /** Signature images by blob hash. */
  images: Map<string, Blob>;
}

const MARGIN = 15;
const PAGE_W = 210;
const PAGE_H = 297;
const ROW_H = 18;
const P = strings.pdf;

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const pngSize = (png: Uint8Array): { w: number; h: number } => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return png.length > 24 ? { w: view.getUint32(16), h: view.getUint32(20) } : { w: 1, h: 1 };
};
const addFitted = (doc: jsPDF, png: Uint8Array, x: number, y: number, w: number, h: number) => {
  const size = pngSize(png);
  const scale = Math.min(w / size.w, h / size.h);
  doc.addImage(
    png,
    'PNG',
    x + (w - size.w * scale) / 2,
    y + (h - size.h * scale) / 2,
    size.w * scale,
    size.h * scale,
  );
};

export const buildEmargementPdf = async (input: EmargementPdfInput): Promise<Blob> => {
  const { sheet } = input;
  const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
  doc.setProperties({ title: toWinAnsi(`${P.title} - ${sheet.titre}`), creator: 'Sillon' });
  const t = (text: string, x: number, y: number, options?: { align?: 'right' }) =>
    doc.text(toWinAnsi(text), x, y, options);
  const width = PAGE_W - 2 * MARGIN;
  let y = MARGIN + 4;
  doc.setFont('helvetica', 'bold');
  doc.setFontSize(16);
  t(P.title, MARGIN, y);
  y += 8;
  doc.setFontSize(13);
  t(input.cycleTitle, MARGIN, y);
  y += 7;
  doc.setFont('helvetica', 'normal');
  doc.setFontSize(10.5);
  t(`${P.date} : ${input.dateLabel} (${sheet.date})`, MARGIN, y);
  y += 5.5;
  t(P.horaires(sheet.debut, sheet.fin), MARGIN, y);
  y += 5.5;
  t(`${P.lieu} : ${sheet.lieu}`, MARGIN, y);
  y += 8;

  // One signature column per half-day the session spans, each with her signature of that half-day.
  const nameW = 70;
  const cols = input.halfDays.length;
  const colW = (width - nameW) / cols;
  const header = () => {
    doc.setFont('helvetica', 'bold');
    doc.rect(MARGIN, y, nameW, 8);
    t(P.participant, MARGIN + 2, y + 5.5);
    input.halfDays.forEach((h, i) => {
      doc.rect(MARGIN + nameW + i * colW, y, colW, 8);
      t(
        cols > 1 ? (h === 'matin' ? P.matin : P.apresMidi) : P.signature,
        MARGIN + nameW + i * colW + 2,
        y + 5.5,
      );
    });
    doc.setFont('helvetica', 'normal');
    y += 8;
  };
  doc.setDrawColor(120);
  header();
  for (const p of sheet.participants) {
    if (y + ROW_H > PAGE_H - MARGIN - 40) {
      doc.addPage();
      y = MARGIN;
      header();
    }
    doc.rect(MARGIN, y, nameW, ROW_H);
    const pngs: (Uint8Array | undefined)[] = [];
    for (let i = 0; i < cols; i++) {
      const hash = i === 0 ? p.signature : p.signatureApresMidi;
      const image = hash ? input.images.get(hash) : undefined;
      pngs.push(image ? await bytes(image) : undefined);
    }
    t(p.name, MARGIN + 2, y + ROW_H / 2 + 1.5);
    if (pngs.some((png) => png && isTypedSignature(png))) {
      doc.setFontSize(8);
      t(`(${P.typed})`, MARGIN + 2, y + ROW_H / 2 + 5.5);
      doc.setFontSize(10.5);
    }
    for (let i = 0; i < cols; i++) {
      const png = pngs[i];
      const x = MARGIN + nameW + i * colW;
      doc.rect(x, y, colW, ROW_H);
      if (png) addFitted(doc, png, x + 1, y + 1, colW - 2, ROW_H - 2);
      else {
        doc.setTextColor(130);
        t(P.notSigned, x + 2, y + ROW_H / 2 + 1.5);
        doc.setTextColor(0);
      }
    }
    y += ROW_H;
  }
  y += 6;
  if (sheet.anonymes > 0) {
    t(P.anonymes(sheet.anonymes), MARGIN, y);
    y += 7;
  }
  if (y + 40 > PAGE_H - MARGIN) {
    doc.addPage();
    y = MARGIN;
  }
  doc.setFont('helvetica', 'bold');
  t(`${P.advisor} : ${sheet.advisorName}`, MARGIN, y);
  doc.setFont('helvetica', 'normal');
  y += 2;
  doc.rect(MARGIN, y, 80, 26);
  const advisor = input.images.get(sheet.advisorSignature);
  const advisorPng = advisor ? await bytes(advisor) : undefined;
  if (advisorPng) addFitted(doc, advisorPng, MARGIN + 1, y + 1, 78, 24);
  if (advisorPng && isTypedSignature(advisorPng)) {
    doc.setFontSize(8);
    t(`(${P.typed})`, MARGIN + 84, y + 5);
    doc.setFontSize(10.5);
  }
  y += 32;
  doc.setFontSize(9);
  t(P.footer(input.signedAtLabel), MARGIN, y);
  y += 5;
  doc.setFontSize(8);
  t(P.hash(input.hash), MARGIN, y);
  const total = doc.getNumberOfPages();
  for (let page = 1; page <= total; page += 1) {
    doc.setPage(page);
    doc.setFontSize(8);
    t(P.page(page, total), PAGE_W - MARGIN, PAGE_H - 8, { align: 'right' });
  }
  return doc.output('blob');
};
