// The right of access as a readable PDF (A4), built on the tablet, offline. Loaded only when asked:
// jsPDF stays out of the fiche's own chunk.
import { jsPDF } from 'jspdf';

import { toWinAnsi } from '../../domain/loans';
import type { ExportSection } from '../../domain/person-export';

const MARGIN = 18;
const WIDTH = 210 - 2 * MARGIN;
const BOTTOM = 297 - MARGIN;

export const personPdf = (title: string, intro: string[], sections: ExportSection[]): Blob => {
  const doc = new jsPDF({ unit: 'mm', format: 'a4' });
  doc.setProperties({ title: toWinAnsi(title) });
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
  write(title, 15, 'bold');
  y += 2;
  for (const line of intro) write(line, 9);
  for (const section of sections) {
    y += 4;
    write(section.title, 12, 'bold');
    y += 1;
    for (const line of section.lines) write(line);
  }
  return doc.output('blob');
};
