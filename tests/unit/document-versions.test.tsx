// @vitest-environment node
// RGAA 13.3: the feuille d'émargement, the right of access and the fiche d'orientation are each one
// document (src/domain/document-model.ts) rendered to a PDF and to an accessible HTML version. Both
// are built here from the same document and read back — the PDF with pdf.js, as a reader would, the
// HTML as markup: every text is in both (except what the PDF paints as an image: signatures, the QR
// code), and the HTML is structured (French, headings, a table with its caption and headers).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import type { Activity } from '../../src/domain/activity';
import { annuaireRecordOf } from '../../src/domain/annuaire';
import type { Beneficiary } from '../../src/domain/beneficiary';
import { documentTexts, type DocBlock, type DocModel } from '../../src/domain/document-model';
import { emargementDocument } from '../../src/domain/emargement-document';
import { ficheContent, ficheDocument } from '../../src/domain/fiche-orientation';
import { parseLieuxCsv } from '../../src/domain/lieu-mediation-files';
import { toWinAnsi, type Loan } from '../../src/domain/loans';
import { personDocument, personSections } from '../../src/domain/person-export';
import { markTypedSignature } from '../../src/domain/typed-signature';
import { halfDaysOf } from '../../src/domain/workshops';
import { buildEmargementPdf } from '../../src/features/ateliers/emargement-pdf';
import { personPdf } from '../../src/features/beneficiaries/person-export-pdf';
import { fichePdf } from '../../src/features/lieux/fiche-pdf';
import { DocumentView } from '../../src/ui/document-view';
import { readPdf } from '../e2e/read-pdf';

const PIXEL = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
);

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const pdfText = async (pdf: Blob) => squash((await readPdf(new Uint8Array(await pdf.arrayBuffer()))).text);
const htmlOf = (model: DocModel) => renderToStaticMarkup(<DocumentView model={model} />);
const htmlText = (html: string) =>
  squash(
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );

/** The texts the PDF paints as images rather than writes. */
const painted = (model: DocModel): Set<string> => {
  const out = new Set<string>();
  const visit = (b: DocBlock) => {
    if (b.kind === 'qr') [b.label, b.url].forEach((t) => out.add(t));
    if (b.kind === 'signature') out.add(b.text);
    if (b.kind === 'table') for (const r of b.rows) for (const c of r.cells) if (c.image) out.add(c.text);
  };
  model.blocks.forEach(visit);
  model.sections.forEach((s) => s.blocks.forEach(visit));
  return out;
};

/** Both renderings say every text of the document, and the HTML is structured. */
const expectSameTexts = async (model: DocModel, pdf: Blob) => {
  const inPdf = await pdfText(pdf);
  const html = htmlOf(model);
  const inHtml = htmlText(html);
  const skip = painted(model);
  const texts = documentTexts(model);
  expect(texts.length).toBeGreaterThan(5);
  const missingPdf = texts.filter((t) => !skip.has(t) && !inPdf.includes(squash(toWinAnsi(t))));
  const missingHtml = texts.filter((t) => !inHtml.includes(squash(t)));
  expect({ missingPdf, missingHtml }).toEqual({ missingPdf: [], missingHtml: [] });
  expect(html).toMatch(/^<article lang="fr"/);
  expect(html).toContain(`<h2 id="`);
  for (const section of model.sections) expect(html).toContain(`">${section.heading}</h3>`);
  return html;
};

describe('one document, a PDF and its accessible HTML version', () => {
  it('the feuille d’émargement: the same texts, a table with its caption, column and row headers', async () => {
    const typedPng = new Blob([markTypedSignature(PIXEL, 'Josette Clavel')], { type: 'image/png' });
    const drawn = new Blob([PIXEL], { type: 'image/png' });
    const images = new Map([
      ['advisor', drawn],
      ['jm', typedPng],
      ['ja', typedPng],
      ['pm', drawn],
    ]);
    const model = emargementDocument({
      cycleTitle: 'Premiers pas sur la tablette',
      sheet: {
        titre: 'Premiers pas sur la tablette',
        date: '2026-03-02',
        debut: '10:00',
        fin: '15:00',
        lieu: 'Mairie de Gramat',
        advisorName: 'Léa Martin',
        advisorSignature: 'advisor',
        participants: [
          { name: 'Josette CLAVEL', signature: 'jm', signatureApresMidi: 'ja' },
          { name: 'Paul ROCHE', signature: 'pm' },
        ],
        anonymes: 3,
        signedAt: '2026-03-02T14:05:00.000Z',
        halfDays: halfDaysOf('10:00', '15:00'),
      },
      dateLabel: 'lundi 2 mars 2026',
      signedAtLabel: '2 mars 2026 à 15:05',
      halfDays: halfDaysOf('10:00', '15:00'),
      hash: 'a'.repeat(64),
      typed: new Set(['jm', 'ja']),
    });
    const html = await expectSameTexts(model, await buildEmargementPdf(model, images));
    expect(html).toContain('<caption>Participants présents et leur signature</caption>');
    expect(html).toContain(
      '<th scope="col">Participant</th><th scope="col">Matin</th><th scope="col">Après-midi</th>',
    );
    expect(html).toMatch(
      /<th scope="row">Josette CLAVEL<span class="muted"> \(signature tapée\)<\/span><\/th><td>signé<\/td><td>signé<\/td>/,
    );
    expect(html).toMatch(/<th scope="row">Paul ROCHE<\/th><td>signé<\/td><td>non signé<\/td>/);
    expect(htmlText(html)).toContain('Signature : signature dessinée');
    expect(htmlText(html)).toContain(`SHA-256 : ${'a'.repeat(64)}`);
  });

  it('the right of access: the same texts, a heading per section', async () => {
    const data = {
      beneficiary: {
        id: 'b1',
        anonyme: false,
        prenom: 'Jeanne',
        nom: 'Durand',
        telephone: '0755443322',
        notes: 'Préfère le matin',
        createdAt: '2026-03-01T09:00:00.000Z',
        updatedAt: '2026-03-14T09:00:00.000Z',
      } as unknown as Beneficiary,
      sessions: [
        { date: '2026-03-14', type: 'individuel', duree: 45, thematiques: ['email'], notes: 'Adresse créée' },
      ] as unknown as Activity[],
      loans: [
        {
          startDate: '2026-03-14',
          plannedReturnDate: '2026-04-14',
          purpose: 'Démarches en ligne',
          agreement: { signedAt: '2026-03-14T10:00:00.000Z' },
        },
      ] as unknown as Loan[],
      conflicts: [],
      drafts: [],
    };
    const model = personDocument(
      'Vos données conservées dans Sillon',
      ['Export du 01/04/2026 par Lot Numérique, au titre du droit d’accès (RGPD, article 15).'],
      personSections(data),
    );
    const html = await expectSameTexts(model, personPdf(model));
    expect(htmlText(html)).toContain('Prénom : Jeanne');
    expect(html).toContain('<h3');
  });

  it('the fiche d’orientation: the same texts, the QR code’s link written out', async () => {
    const lieux = parseLieuxCsv(
      readFileSync(join(__dirname, '../fixtures/lieux/cartographie-46.csv'), 'utf8'),
    ).lieux.map((lieu) => ({
      ...annuaireRecordOf(lieu, 'import'),
      id: `rec-${lieu.id}`,
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    }));
    const fiche = ficheContent({
      lieu: lieux.find((l) => l.schemaId === 'fs-gramat')!,
      aApporter: 'Carte Vitale',
      advisorName: 'Léa Martin',
      beneficiaire: 'Germaine',
      from: new Date(2026, 11, 9),
    });
    const model = ficheDocument(fiche);
    const html = await expectSameTexts(model, await fichePdf(model));
    expect(html).toContain('Lien du code QR : <a href="https://www.gramat.fr">https://www.gramat.fr</a>');
    expect(model.sections.map((s) => s.heading)).toEqual([
      'Adresse',
      'Horaires',
      'Contact',
      'À apporter',
      'Votre conseiller·ère numérique',
    ]);
  });
});
