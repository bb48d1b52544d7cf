// The fiche d'orientation as a PDF (A5 portrait would print small on an A4-only printer: A4).
// Loaded only from the fiche screen: jsPDF and the QR encoder stay out of every other route.
import { jsPDF } from 'jspdf';
import QRCode from 'qrcode';

import type { FicheContent } from '../../domain/fiche-orientation';
import { toWinAnsi } from '../../domain/loans';

const MARGIN = 18;
const WIDTH = 210 - 2 * MARGIN;
const LINE = 6;
const QR = 40;

export const fichePdf = async (fiche: FicheContent): Promise<Blob> => {
  const doc = new jsPDF({ unit: 'mm', format: 'a4' });
  doc.setProperties({ title: toWinAnsi(`${fiche.title} - ${fiche.nom}`) });
  let y = MARGIN + 4;
  const write = (text: string, size = 11, style: 'normal' | 'bold' = 'normal', width = WIDTH) => {
    doc.setFont('helvetica', style);
    doc.setFontSize(size);
    for (const line of doc.splitTextToSize(toWinAnsi(text), width) as string[]) {
      doc.text(line, MARGIN, y);
      y += size * 0.45;
    }
  };
  const section = (title: string, lines: string[]) => {
    if (!lines.length) return;
    y += 3;
    write(title, 12, 'bold');
    y += 1;
    for (const line of lines) write(line);
  };
  write(fiche.title, 16, 'bold');
  y += 4;
  write('Vous êtes orienté·e vers :'.replace('·', '-'), 11);
  write(fiche.nom, 14, 'bold', WIDTH - QR - 6);
  const qrTop = MARGIN + 14;
  const qr = await QRCode.toDataURL(fiche.qr, { errorCorrectionLevel: 'M', margin: 1, width: 320 });
  doc.addImage(qr, 'PNG', MARGIN + WIDTH - QR, qrTop, QR, QR);
  y = Math.max(y, qrTop) + LINE / 2;
  section('Adresse', fiche.adresse);
  y = Math.max(y, qrTop + QR + 4);
  section('Horaires', fiche.horaires);
  section('Contact', fiche.contact);
  if (fiche.aApporter) section('À apporter', [fiche.aApporter]);
  if (fiche.conseiller) section('Votre conseiller-ère numérique', [fiche.conseiller]);
  return doc.output('blob');
};
