// The right of access (RGPD art. 15): everything Sillon holds about one person — her fiche, the
// sessions and loans that name her, the loan agreements she signed, what the tablet still keeps of
// her in conflicts or drafts — as a JSON file (complete, for a machine) and as readable sections
// (personDocument: the PDF she is handed and its accessible HTML version say the same). Pure: the
// tablet gathers the records (src/data/person-rights.ts).
import type { Activity } from './activity';
import type { Beneficiary } from './beneficiary';
import type { DocModel } from './document-model';
import { GENRES, labelOf, STATUTS_SOCIAUX, THEMATIQUES, TRANCHES_AGE, TYPES_ACTIVITE } from './enums';
import type { Loan } from './loans';

export interface PersonData {
  beneficiary: Beneficiary;
  sessions: Activity[];
  loans: Loan[];
  /** Conflicts of her record, as the tablet keeps them (values a colleague's edit replaced). */
  conflicts: { field: string; keptValue: unknown; lostValue: unknown; detectedAt?: string }[];
  /** Forms being filled about her, not yet saved. */
  drafts: { id: string; title: string; updatedAt: string; data: unknown }[];
}

export interface ExportSection {
  title: string;
  lines: string[];
}

/** Fields of the tablet's own bookkeeping, not data about her. */
const INTERNAL = new Set(['searchTokens', 'sortKey', 'serverVersion', 'structureId']);

const clean = <T extends object>(record: T): Partial<T> =>
  Object.fromEntries(Object.entries(record).filter(([key]) => !INTERNAL.has(key))) as Partial<T>;

/** The JSON file: every record as stored, minus index keys; agreements listed apart. */
export const personJson = (data: PersonData, exportedAt: Date, structureName?: string) => ({
  format: 'sillon-acces-donnees',
  version: 1,
  exportedAt: exportedAt.toISOString(),
  ...(structureName ? { structure: structureName } : {}),
  beneficiary: clean(data.beneficiary),
  sessions: data.sessions.map(clean),
  loans: data.loans.map(clean),
  agreements: data.loans.flatMap((l) =>
    l.agreement ? [{ loanId: l.id, signedAt: l.agreement.signedAt, text: l.agreement.text }] : [],
  ),
  conflicts: data.conflicts,
  drafts: data.drafts,
});

const day = (iso: string | undefined): string => {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
};

const line = (label: string, value: unknown): string[] =>
  value === undefined || value === null || value === '' ? [] : [`${label} : ${String(value)}`];

/** The readable sections of the PDF, in French. */
export const personSections = (data: PersonData): ExportSection[] => {
  const b = data.beneficiary;
  const sections: ExportSection[] = [
    {
      title: 'Fiche',
      lines: [
        ...(b.anonyme ? ['Bénéficiaire anonyme'] : []),
        ...line('Prénom', b.prenom),
        ...line('Nom', b.nom),
        ...line('Téléphone', b.telephone),
        ...(b.pasDeTelephone ? ['Pas de téléphone'] : []),
        ...line('E-mail', b.email),
        ...line('Adresse', b.adresse),
        ...line('Commune', b.commune ? `${b.commune.nom} (${b.commune.codePostal})` : undefined),
        ...line('Année de naissance', b.anneeNaissance),
        ...line('Tranche d’âge', labelOf(TRANCHES_AGE, b.trancheAge)),
        ...line('Genre', b.genre ? labelOf(GENRES, b.genre) : undefined),
        ...line('Statut', b.statutSocial ? labelOf(STATUTS_SOCIAUX, b.statutSocial) : undefined),
        ...line('Notes', b.notes),
        ...line('Fiche créée le', day(b.createdAt)),
        ...line('Dernière mise à jour le', day(b.updatedAt)),
      ],
    },
    {
      title: `Accompagnements (${data.sessions.length})`,
      lines: data.sessions.length
        ? data.sessions.map((a) =>
            [
              day(a.date),
              labelOf(TYPES_ACTIVITE, a.type),
              `${a.duree} min`,
              a.thematiques.map((t) => labelOf(THEMATIQUES, t)).join(', '),
              a.notes ? `notes : ${a.notes}` : '',
            ]
              .filter(Boolean)
              .join(' · '),
          )
        : ['Aucun'],
    },
    {
      title: `Prêts de matériel (${data.loans.length})`,
      lines: data.loans.length
        ? data.loans.map((l) =>
            [
              `du ${day(l.startDate)}`,
              l.returnedDate
                ? `rendu le ${day(l.returnedDate)}`
                : `retour prévu le ${day(l.plannedReturnDate)}`,
              l.purpose ? `motif : ${l.purpose}` : '',
              l.notes ? `notes : ${l.notes}` : '',
            ]
              .filter(Boolean)
              .join(' · '),
          )
        : ['Aucun'],
    },
    {
      title: 'Conventions de prêt signées',
      lines: data.loans.some((l) => l.agreement)
        ? data.loans.flatMap((l) => (l.agreement ? [`Signée le ${day(l.agreement.signedAt)}`] : []))
        : ['Aucune'],
    },
  ];
  if (data.conflicts.length || data.drafts.length)
    sections.push({
      title: 'Autres données conservées sur la tablette',
      lines: [
        ...data.conflicts.map(
          (c) =>
            `Modification concurrente (${c.field}) : ${JSON.stringify(c.keptValue)} / ${JSON.stringify(c.lostValue)}`,
        ),
        ...data.drafts.map((d) => `Brouillon « ${d.title} » du ${day(d.updatedAt)}`),
      ],
    });
  return sections;
};

/** The document she is handed: its title, the intro, then each section's lines (PDF and HTML). */
export const personDocument = (title: string, intro: string[], sections: ExportSection[]): DocModel => ({
  title,
  blocks: intro.map((text) => ({ kind: 'paragraph', text })),
  sections: sections.map((s) => ({ heading: s.title, blocks: [{ kind: 'list', items: s.lines }] })),
});
