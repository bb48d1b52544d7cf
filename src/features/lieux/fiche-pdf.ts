// The fiche d'orientation as a PDF (A5 portrait would print small on an A4-only printer: A4), from
// the same document as its accessible HTML version (ficheDocument). Loaded only from the fiche
// screen: jsPDF and the QR encoder stay out of every other route.
import { jsPDF } from 'jspdf';
import QRCode from 'qrcode';

import type { DocBlock, DocModel } from '../../domain/document-model';
import { toWinAnsi } from '../../domain/loans';

const MARGIN = 18;
const WIDTH = 210 - 2 * MARGIN;
const LINE = 6;
const QR = 40;

export const fichePdf = async (model: DocModel): Promise<Blob> => {
  const doc = new jsPDF({ unit: 'mm', format: 'a4' });
  const lead = model.blocks.filter((b) => b.kind === 'paragraph');
  const name = lead.find((b) => b.strong)?.text ?? '';
  doc.setProperties({ title: toWinAnsi(`${model.title} - ${name}`) });
  let y = MARGIN + 4;
  const write = (text: string, size = 11, style: 'normal' | 'bold' = 'normal', width = WIDTH) => {
    doc.setFont('helvetica', style);
    doc.setFontSize(size);
    for (const line of doc.splitTextToSize(toWinAnsi(text), width) as string[]) {
      doc.text(line, MARGIN, y);
      y += size * 0.45;
    }
  };
  const lines = (blocks: DocBlock[]) =>
    blocks.flatMap((b) => (b.kind === 'list' ? b.items : b.kind === 'paragraph' ? [b.text] : []));
  write(model.title, 16, 'bold');
  y += 4;
  // The lieu's name beside the QR code, as before: the lead paragraphs, the name in bold.
  for (const block of lead)
    if (block.strong) write(block.text, 14, 'bold', WIDTH - QR - 6);
    else write(block.text, 11);
  const qrTop = MARGIN + 14;
  const qrBlock = model.blocks.find((b) => b.kind === 'qr');
  if (qrBlock) {
    const qr = await QRCode.toDataURL(qrBlock.url, { errorCorrectionLevel: 'M', margin: 1, width: 320 });
    doc.addImage(qr, 'PNG', MARGIN + WIDTH - QR, qrTop, QR, QR);
  }
  y = Math.max(y, qrTop) + LINE / 2;
  model.sections.forEach((section, i) => {
    y += 3;
    write(section.heading, 12, 'bold');
    y += 1;
    for (const line of lines(section.blocks)) write(line);
    // The address sits beside the QR code; what follows starts below it.
    if (i === 0) y = Math.max(y, qrTop + QR + 4);
  });
  return doc.output('blob');
};
