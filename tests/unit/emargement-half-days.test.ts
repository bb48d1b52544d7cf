// @vitest-environment node
// A session spanning both half-days (10:00–15:00): the feuille d'émargement has a column for the
// morning and one for the afternoon, each with the participant's signature of that half-day — read
// back from the PDF with pdf.js (its text and the images it paints).
import { describe, expect, it } from 'vitest';

import { emargementDocument } from '../../src/domain/emargement-document';
import { halfDaysOf, type SheetContent } from '../../src/domain/workshops';
import { buildEmargementPdf } from '../../src/features/ateliers/emargement-pdf';
import { readPdf } from '../e2e/read-pdf';

const PIXEL = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const png = () => new Blob([PIXEL], { type: 'image/png' });
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

const build = (sheet: SheetContent) =>
  buildEmargementPdf(
    emargementDocument({
      cycleTitle: sheet.titre,
      sheet,
      dateLabel: 'lundi 2 mars 2026',
      signedAtLabel: '2 mars 2026 à 15:05',
      halfDays: sheet.halfDays ?? halfDaysOf(sheet.debut, sheet.fin),
      hash: 'a'.repeat(64),
      typed: new Set(),
    }),
    new Map(['jm', 'ja', 'pm', 'advisor'].map((k) => [k, png()])),
  );

const base: SheetContent = {
  titre: 'Premiers pas sur la tablette',
  date: '2026-03-02',
  debut: '10:00',
  fin: '15:00',
  lieu: 'Mairie de Gramat',
  advisorName: 'Léa Martin',
  advisorSignature: 'advisor',
  participants: [
    { name: 'Jeanne DURAND', signature: 'jm', signatureApresMidi: 'ja' },
    { name: 'Paul ROCHE', signature: 'pm' },
  ],
  anonymes: 0,
  signedAt: '2026-03-02T14:05:00.000Z',
  halfDays: halfDaysOf('10:00', '15:00'),
};

describe('feuille d’émargement of a session spanning two half-days', () => {
  it('has a morning and an afternoon column, each with that half-day’s signature', async () => {
    const { text, images } = await readPdf(new Uint8Array(await (await build(base)).arrayBuffer()));
    expect(text).toContain('Matin');
    expect(text).toContain('Après-midi');
    expect(text).toContain('De 10:00 à 15:00');
    // Jeanne signed twice, Paul in the morning only: his afternoon is « non signé »; and the advisor.
    expect(count(text, 'non signé')).toBe(1);
    expect(images).toBe(4);
  });
  it('keeps one signature column for a session of one half-day', async () => {
    const sheet: SheetContent = {
      ...base,
      debut: '14:00',
      fin: '16:00',
      halfDays: halfDaysOf('14:00', '16:00'),
      participants: [{ name: 'Jeanne DURAND', signature: 'jm' }],
    };
    const { text, images } = await readPdf(new Uint8Array(await (await build(sheet)).arrayBuffer()));
    expect(text).not.toContain('Matin');
    expect(text).not.toContain('Après-midi');
    expect(text).toContain('Signature');
    expect(count(text, 'non signé')).toBe(0);
    expect(images).toBe(2);
  });
});
