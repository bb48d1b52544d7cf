// The right of access as a readable PDF (A4), built on the tablet, offline, from the same document
// as its accessible HTML version (personDocument). Loaded only when asked: jsPDF stays out of the
// fiche's own chunk.
import { jsPDF } from 'jspdf';

import type { DocModel } from '../../domain/document-model';
import { toWinAnsi } from '../../domain/loans';

const MARGIN = 18;
const WIDTH = 210 - 2 * MARGIN;
const BOTTOM = 297 - MARGIN;

export const personPdf = (model: DocModel): Blob => {
  const doc = new jsPDF({ unit: 'mm', format: 'a4' });
  doc.setProperties({ title: toWinAnsi(model.title) });
  let y = MARGIN + 4;
  const write = (text: string, size = 10, style: 'normal' | 'bold' = 'normal') => {
    doc.setFont('helvetica', style);
    doc.setFontSize(size);
    for (const line of doc.splitTextToSize(toWinAnsi(text), WIDTH) as string[]) {
      if (y > BOTTOM) {
        doc.addPage();
        y = MARGIN + 4;
      }
      doc.text(line, MARGIN, y);
      y += size * 0.45;
    }
  };
  const lines = (block: DocModel['blocks'][number]): string[] =>
    block.kind === 'paragraph' ? [block.text] : block.kind === 'list' ? block.items : [];
  write(model.title, 15, 'bold');
  y += 2;
  for (const block of model.blocks) for (const line of lines(block)) write(line, 9);
  for (const section of model.sections) {
    y += 4;
    write(section.heading, 12, 'bold');
    y += 1;
    for (const block of section.blocks) for (const line of lines(block)) write(line);
  }
  return doc.output('blob');
};
