// @vitest-environment node
// The documents built from signatures say which were typed (« Lu et approuvé » and the name at the
// keyboard) rather than drawn: read back from the PDFs' text with pdf.js, as a PDF reader would.
import { describe, expect, it } from 'vitest';

import { emargementDocument } from '../../src/domain/emargement-document';
import { markTypedSignature, typedSignatures } from '../../src/domain/typed-signature';
import { buildEmargementPdf } from '../../src/features/ateliers/emargement-pdf';
import { buildAgreementPdf } from '../../src/features/loans/agreement-pdf';
import { readPdf } from '../e2e/read-pdf';

const PIXEL = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const drawn = new Blob([PIXEL], { type: 'image/png' });
const typed = new Blob([markTypedSignature(PIXEL, 'Josette Clavel')], { type: 'image/png' });
const text = async (pdf: Blob) => (await readPdf(new Uint8Array(await pdf.arrayBuffer()))).text;
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('typed signatures in the documents', () => {
  it('the loan agreement says « Signature tapée » and the name typed under each typed signature only', async () => {
    const agreement = (beneficiarySignature: Blob, advisorSignature: Blob) =>
      buildAgreementPdf({
        title: 'Convention de prêt de matériel',
        text: 'Le prêt commence aujourd’hui.',
        beneficiarySignature,
        advisorSignature,
        beneficiaryName: 'Josette CLAVEL',
        advisorName: 'Camille Clavier',
        signedAt: '03/12/2026 à 06:00',
      });
    const typedLabel = 'Signature tapée (« Lu et approuvé ») : Josette Clavel';
    expect(count(await text(await agreement(typed, drawn)), typedLabel)).toBe(1);
    expect(count(await text(await agreement(typed, typed)), typedLabel)).toBe(2);
    expect(count(await text(await agreement(drawn, drawn)), 'Signature tapée')).toBe(0);
  });

  it('the feuille d’émargement marks the participants and the advisor who typed', async () => {
    const images = new Map([
      ['advisor', typed],
      ['josette', typed],
      ['odette', drawn],
    ]);
    const document = emargementDocument({
      cycleTitle: 'Premiers pas sur la tablette',
      sheet: {
        titre: 'Premiers pas sur la tablette',
        date: '2026-12-03',
        debut: '14:00',
        fin: '16:00',
        lieu: 'Mairie de Gramat',
        advisorName: 'Camille Clavier',
        advisorSignature: 'advisor',
        participants: [
          { name: 'Josette CLAVEL', signature: 'josette' },
          { name: 'Odette VIALATTE', signature: 'odette' },
        ],
        anonymes: 0,
        signedAt: '2026-12-03T15:00:00.000Z',
      },
      dateLabel: 'jeudi 3 décembre 2026',
      signedAtLabel: '3 décembre 2026 à 16:00',
      halfDays: ['apres_midi'],
      hash: '0'.repeat(64),
      typed: await typedSignatures(images),
    });
    const pdf = await buildEmargementPdf(document, images);
    const read = await text(pdf);
    expect(count(read, '(signature tapée)')).toBe(2);
    expect(read).toMatch(/Josette CLAVEL \(signature tapée\) Odette VIALATTE/);
  });
});
