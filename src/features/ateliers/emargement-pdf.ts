// The feuille d'émargement as an A4 PDF, built on the tablet offline (loaded only when a session is
// closed: jsPDF stays out of every other route), from the same document as its accessible HTML
// version (src/domain/emargement-document.ts). Its footer carries the signing time and the SHA-256
// of the sheet's canonical content (src/domain/workshops.ts, sheetText), so a later change shows.
import { jsPDF } from 'jspdf';

import type { DocBlock, DocModel } from '../../domain/document-model';
import { toWinAnsi } from '../../domain/loans';
import { strings } from './strings';

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

/** `images`: the signatures' PNGs by blob hash. */
export const buildEmargementPdf = async (model: DocModel, images: Map<string, Blob>): Promise<Blob> => {
  const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
  const lead = model.blocks.find((b) => b.kind === 'paragraph' && b.strong);
  const cycle = lead?.kind === 'paragraph' ? lead.text : '';
  doc.setProperties({ title: toWinAnsi(`${model.title} - ${cycle}`), creator: 'Sillon' });
  const t = (text: string, x: number, y: number, options?: { align?: 'right' }) =>
    doc.text(toWinAnsi(text), x, y, options);
  const png = async (hash: string | undefined) => {
    const image = hash ? images.get(hash) : undefined;
    return image ? await bytes(image) : undefined;
  };
  const width = PAGE_W - 2 * MARGIN;
  let y = MARGIN + 4;
  doc.setFont('helvetica', 'bold');
  doc.setFontSize(16);
  t(model.title, MARGIN, y);
  y += 8;

  const table = async (block: Extract<DocBlock, { kind: 'table' }>) => {
    y += 2.5;
    doc.setFont('helvetica', 'bold');
    t(block.caption, MARGIN, y);
    y += 3;
    // One signature column per half-day the session spans, each with her signature of that half-day.
    const nameW = 70;
    const cols = block.columns.length - 1;
    const colW = (width - nameW) / cols;
    const header = () => {
      doc.setFont('helvetica', 'bold');
      block.columns.forEach((c, i) => {
        const x = i === 0 ? MARGIN : MARGIN + nameW + (i - 1) * colW;
        doc.rect(x, y, i === 0 ? nameW : colW, 8);
        t(c, x + 2, y + 5.5);
      });
      doc.setFont('helvetica', 'normal');
      y += 8;
    };
    doc.setDrawColor(120);
    header();
    for (const row of block.rows) {
      if (y + ROW_H > PAGE_H - MARGIN - 40) {
        doc.addPage();
        y = MARGIN;
        header();
      }
      doc.rect(MARGIN, y, nameW, ROW_H);
      t(row.header, MARGIN + 2, y + ROW_H / 2 + 1.5);
      if (row.note) {
        doc.setFontSize(8);
        t(`(${row.note})`, MARGIN + 2, y + ROW_H / 2 + 5.5);
        doc.setFontSize(10.5);
      }
      for (let i = 0; i < cols; i++) {
        const cell = row.cells[i];
        const image = await png(cell?.image);
        const x = MARGIN + nameW + i * colW;
        doc.rect(x, y, colW, ROW_H);
        if (image) addFitted(doc, image, x + 1, y + 1, colW - 2, ROW_H - 2);
        else {
          doc.setTextColor(130);
          t(cell?.text ?? '', x + 2, y + ROW_H / 2 + 1.5);
          doc.setTextColor(0);
        }
      }
      y += ROW_H;
    }
    y += 6;
  };

  let afterTable = false;
  for (const block of model.blocks) {
    if (block.kind === 'table') {
      await table(block);
      afterTable = true;
    } else if (block.kind === 'signature') {
      y += 2;
      doc.rect(MARGIN, y, 80, 26);
      const image = await png(block.image);
      if (image) addFitted(doc, image, MARGIN + 1, y + 1, 78, 24);
      if (block.note) {
        doc.setFontSize(8);
        t(`(${block.note})`, MARGIN + 84, y + 5);
        doc.setFontSize(10.5);
      }
      y += 32;
    } else if (block.kind !== 'paragraph') {
      continue;
    } else if (!afterTable) {
      // The session: its cycle's title, then date, hours and place.
      doc.setFont('helvetica', block.strong ? 'bold' : 'normal');
      doc.setFontSize(block.strong ? 13 : 10.5);
      t(block.text, MARGIN, y);
      y += block.strong ? 7 : 5.5;
    } else if (block.strong) {
      // The advisor's part starts on a page with room for the signature.
      if (y + 40 > PAGE_H - MARGIN) {
        doc.addPage();
        y = MARGIN;
      }
      doc.setFont('helvetica', 'bold');
      doc.setFontSize(10.5);
      t(block.text, MARGIN, y);
      doc.setFont('helvetica', 'normal');
    } else {
      doc.setFontSize(block.small ? 8.5 : 10.5);
      t(block.text, MARGIN, y);
      y += block.small ? 5 : 7;
    }
  }
  const total = doc.getNumberOfPages();
  for (let page = 1; page <= total; page += 1) {
    doc.setPage(page);
    doc.setFontSize(8);
    t(P.page(page, total), PAGE_W - MARGIN, PAGE_H - 8, { align: 'right' });
  }
  return doc.output('blob');
};
