// The feuille d'émargement as a document (RGAA 13.3): what its PDF prints (features/ateliers/
// emargement-pdf.ts) and what its accessible HTML version says — the session, one row per participant
// with her signature of each half-day (a table with its headers), the anonymous count, the advisor's
// signature, when it was signed and the SHA-256 of the sheet's content (sheetText).
import type { DocBlock, DocModel, DocRow } from './document-model';
import type { HalfDay, SheetContent } from './workshops';

export const EMARGEMENT = {
  title: 'Feuille d’émargement',
  date: 'Date',
  horaires: (d: string, f: string) => `De ${d} à ${f}`,
  lieu: 'Lieu',
  caption: 'Participants présents et leur signature',
  participant: 'Participant',
  signature: 'Signature',
  matin: 'Matin',
  apresMidi: 'Après-midi',
  signed: 'signé',
  notSigned: 'non signé',
  typed: 'signature tapée',
  drawn: 'signature dessinée',
  anonymes: (n: number) => `Participants anonymes : ${n}`,
  advisor: 'Conseiller numérique',
  footer: (when: string) => `Signée le ${when}.`,
  hash: (h: string) => `SHA-256 : ${h}`,
} as const;

const W = EMARGEMENT;

export interface EmargementInput {
  cycleTitle: string;
  sheet: SheetContent;
  /** Date as read (« lundi 2 mars 2026 ») and the signing time (« 2 mars 2026 à 16:05 »). */
  dateLabel: string;
  signedAtLabel: string;
  halfDays: HalfDay[];
  hash: string;
  /** The signatures (blob hashes) that were typed rather than drawn. */
  typed: ReadonlySet<string>;
}

export const emargementDocument = (input: EmargementInput): DocModel => {
  const { sheet, halfDays, typed } = input;
  const columns =
    halfDays.length > 1
      ? [W.participant, ...halfDays.map((h) => (h === 'matin' ? W.matin : W.apresMidi))]
      : [W.participant, W.signature];
  const rows: DocRow[] = sheet.participants.map((p) => {
    const hashes = halfDays.length > 1 ? [p.signature, p.signatureApresMidi] : [p.signature];
    return {
      header: p.name,
      note: hashes.some((h) => h && typed.has(h)) ? W.typed : undefined,
      cells: hashes.map((h) => (h ? { text: W.signed, image: h } : { text: W.notSigned })),
    };
  });
  const blocks: DocBlock[] = [
    { kind: 'paragraph', text: input.cycleTitle, strong: true },
    { kind: 'paragraph', text: `${W.date} : ${input.dateLabel} (${sheet.date})` },
    { kind: 'paragraph', text: W.horaires(sheet.debut, sheet.fin) },
    { kind: 'paragraph', text: `${W.lieu} : ${sheet.lieu}` },
    { kind: 'table', caption: W.caption, columns, rows },
    ...(sheet.anonymes > 0 ? [{ kind: 'paragraph' as const, text: W.anonymes(sheet.anonymes) }] : []),
    { kind: 'paragraph', text: `${W.advisor} : ${sheet.advisorName}`, strong: true },
    {
      kind: 'signature',
      text: `${W.signature} : ${typed.has(sheet.advisorSignature) ? W.typed : W.drawn}`,
      image: sheet.advisorSignature,
      note: typed.has(sheet.advisorSignature) ? W.typed : undefined,
    },
    { kind: 'paragraph', text: W.footer(input.signedAtLabel), small: true },
    { kind: 'paragraph', text: W.hash(input.hash), small: true },
  ];
  return { title: W.title, blocks, sections: [] };
};
