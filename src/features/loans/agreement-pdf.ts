// Loaded only from the signing screen: jsPDF stays out of every other route's JavaScript.
import { jsPDF } from 'jspdf';

import { toWinAnsi } from '../../domain/loans';
import { typedSignatureName } from '../../domain/typed-signature';
import { strings } from './strings';

export interface AgreementPdfInput {
  title: string;
  text: string;
  beneficiarySignature: Blob;
  advisorSignature: Blob;
  beneficiaryName: string;
  advisorName?: string | undefined;
  /** « 23 novembre 2026 à 14:05 ». */
  signedAt: string;
}

const MARGIN = 18;
const PAGE_W = 210;
const PAGE_H = 297;
const LINE = 5.2;
const SIG_W = 80;
const SIG_H = 30;

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** Width and height from a PNG header (IHDR), to keep a signature's proportions. */
const pngSize = (png: Uint8Array): { w: number; h: number } => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return png.length > 24 ? { w: view.getUint32(16), h: view.getUint32(20) } : { w: 1, h: 1 };
};

/** Places an image inside a box, centred, proportions kept. */
const addFitted = (doc: jsPDF, png: Uint8Array, x: number, y: number, w: number, h: number) => {
  const size = pngSize(png);
  const scale = Math.min(w / size.w, h / size.h);
  const dw = size.w * scale;
  const dh = size.h * scale;
  doc.addImage(png, 'PNG', x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
};

/** An A4 PDF of the signed agreement, built on the tablet with no network. */
export const buildAgreementPdf = async (input: AgreementPdfInput): Promise<Blob> => {
  const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
  doc.setProperties({ title: toWinAnsi(input.title), creator: 'Sillon' });
  const width = PAGE_W - 2 * MARGIN;
  let y = MARGIN + 4;
  doc.setFont('helvetica', 'bold');
  doc.setFontSize(16);
  for (const line of doc.splitTextToSize(toWinAnsi(input.title), width) as string[]) {
    doc.text(line, MARGIN, y);
    y += 7;
  }
  y += 3;
  doc.setFont('helvetica', 'normal');
  doc.setFontSize(10.5);
  const lines = doc.splitTextToSize(toWinAnsi(input.text), width) as string[];
  for (const line of lines) {
    if (y > PAGE_H - MARGIN - 10) {
      doc.addPage();
      y = MARGIN;
    }
    doc.text(line, MARGIN, y);
    y += LINE;
  }
  // Both signatures side by side, kept together on one page.
  y += 6;
  if (y + SIG_H + 16 > PAGE_H - MARGIN) {
    doc.addPage();
    y = MARGIN;
  }
  doc.setFont('helvetica', 'bold');
  doc.text(toWinAnsi(strings.pdf.beneficiary), MARGIN, y);
  doc.text(toWinAnsi(strings.pdf.advisor), MARGIN + width - SIG_W, y);
  y += 2;
  doc.setDrawColor(150);
  doc.rect(MARGIN, y, SIG_W, SIG_H);
  doc.rect(MARGIN + width - SIG_W, y, SIG_W, SIG_H);
  const beneficiaryPng = await bytes(input.beneficiarySignature);
  const advisorPng = await bytes(input.advisorSignature);
  addFitted(doc, beneficiaryPng, MARGIN + 1, y + 1, SIG_W - 2, SIG_H - 2);
  addFitted(doc, advisorPng, MARGIN + width - SIG_W + 1, y + 1, SIG_W - 2, SIG_H - 2);
  y += SIG_H + 5;
  // A signature typed at the keyboard says so in the text, with the name as typed (the image says it too).
  const typedBeneficiary = typedSignatureName(beneficiaryPng);
  const typedAdvisor = typedSignatureName(advisorPng);
  const advisorName = input.advisorName || typedAdvisor;
  doc.setFont('helvetica', 'normal');
  doc.text(toWinAnsi(input.beneficiaryName), MARGIN, y);
  if (advisorName) doc.text(toWinAnsi(advisorName), MARGIN + width - SIG_W, y);
  if (typedBeneficiary !== undefined || typedAdvisor !== undefined) {
    y += 5;
    doc.setFontSize(9);
    const label = (name: string) =>
      doc.splitTextToSize(toWinAnsi(strings.pdf.typed(name)), SIG_W) as string[];
    const left = typedBeneficiary === undefined ? [] : label(typedBeneficiary);
    const right = typedAdvisor === undefined ? [] : label(typedAdvisor);
    left.forEach((line, i) => doc.text(line, MARGIN, y + i * 4));
    right.forEach((line, i) => doc.text(line, MARGIN + width - SIG_W, y + i * 4));
    y += (Math.max(left.length, right.length) - 1) * 4;
    doc.setFontSize(10.5);
  }
  y += 8;
  doc.setFontSize(9);
  doc.text(toWinAnsi(strings.pdf.footer(input.signedAt)), MARGIN, y);
  const total = doc.getNumberOfPages();
  for (let page = 1; page <= total; page += 1) {
    doc.setPage(page);
    doc.setFontSize(8);
    doc.text(strings.pdf.page(page, total), PAGE_W - MARGIN, PAGE_H - 8, { align: 'right' });
  }
  return doc.output('blob');
};
