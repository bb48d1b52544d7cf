// Importing beneficiaries from a spreadsheet: La Coop's « Importer des bénéficiaires » template (and
// Sillon's « Exporter pour La Coop », laid out the same), La Coop's « Bénéficiaires » export and
// Sillon's own (XLSX or its CSV table). Pure: the file is already read into rows of cells, communes
// are looked up through a directory the data layer loaded. Follows, in
// inclusion-numerique/coop-mediation-numerique@46aa33b:
// - features/beneficiaire/abilities/importer-beneficiaires/analyse/analyseImportBeneficiairesExcel.ts
//   (template: cells by position from row 4, a cell as `v.toString().trim()` with 0 counting as empty,
//   genre by its first letter, the commune checked by its Code INSEE against the name and code postal,
//   and its French messages);
// - action/importer-beneficiaires.validation.ts (nom and prénom required; an invalid phone or e-mail
//   is ignored, not blocking);
// - features/beneficiaire/abilities/exporter-beneficiaires/implementation/build-beneficiaires-worksheet.ts
//   (the export: header row above the table, « - » for what is not known, genre as sexLabels,
//   statut as statutSocialLabels).
// Sillon differs where La Coop would lose a person silently: rows after an empty row are read too,
// a year that is not a number is an error (La Coop drops it), and a row with an error is not imported
// at all (La Coop imports it with whatever parsed) — the preview lists it so it can be fixed.
import { z } from 'zod';

import { beneficiaryInputSchema, type BeneficiaryInput, type CommuneRef } from './beneficiary';
import { GENRES, STATUTS_SOCIAUX, type Genre, type StatutSocial } from './enums';
import { BENEFICIAIRES_HEADER, SEX_LABELS } from './exports/beneficiaires';
import { LACOOP_IMPORT_COLUMNS, LACOOP_IMPORT_HEADERS, LACOOP_IMPORT_SUBHEADERS } from './lacoop-template';
import { LACOOP_NAMES, LACOOP_POSTAL_CODES } from './lacoop-communes';
import { normalizePhone } from './phone';
import { normalize } from './text';
import { communeNameKey } from './commune-names';

/** A cell as read-excel-file gives it (a CSV gives strings). */
export type ImportCell = string | number | boolean | Date | null | undefined;

/**
 * 'modele': La Coop's import template or Sillon's « Exporter pour La Coop » (by position, from row 4);
 * 'export': La Coop's or Sillon's « Bénéficiaires » list (by header, below the header row).
 */
export type ImportLayout = 'modele' | 'export';

/** A commune as the directory holds it (Sillon's communes files: every code postal). */
export interface DirectoryCommune {
  codeInsee: string;
  nom: string;
  codesPostaux: string[];
}

export interface CommuneDirectory {
  byInsee: (codeInsee: string) => DirectoryCommune | undefined;
  /** Communes of that name (compared by communeNameKey) in the départements loaded. */
  byName: (nom: string) => DirectoryCommune[];
}

export type ImportField =
  | 'nom'
  | 'prenom'
  | 'anneeNaissance'
  | 'commune'
  | 'telephone'
  | 'email'
  | 'genre'
  | 'statutSocial'
  | 'notes';

/** The cells of one person as the file holds them, as text, for the preview. */
export interface ImportValues {
  nom: string;
  prenom: string;
  anneeNaissance: string;
  communeNom: string;
  codeInsee: string;
  codePostal: string;
  telephone: string;
  email: string;
  genre: string;
  statutSocial: string;
  notes: string;
}

export interface ImportIssue {
  field: ImportField;
  message: string;
}

export interface ImportRow {
  /** Row number in the file (1-based, as the spreadsheet shows it). */
  line: number;
  values: ImportValues;
  /** What blocks the row: it is not imported. */
  errors: ImportIssue[];
  /** Values left out (La Coop ignores them too); the row is imported without them. */
  warnings: ImportIssue[];
  /** The validated beneficiary, when the row has no error. */
  input?: BeneficiaryInput;
  /** Line of an earlier row of the file with the same person. */
  sameAsLine?: number;
  /** The example person of La Coop's template (« Exemple Léa »), left in the file. */
  example?: boolean;
}

export interface ImportAnalysis {
  layout: ImportLayout;
  rows: ImportRow[];
}

export class ImportFileError extends Error {}

export const IMPORT_MESSAGES = {
  unknownLayout:
    'Ce fichier n’est ni le modèle d’import de La Coop, ni un export « Bénéficiaires » de La Coop ou de Sillon : ' +
    'ses en-têtes (Nom, Prénom, Année de naissance, Commune…) sont introuvables.',
  noRows: 'Aucun bénéficiaire détecté dans ce fichier.',
  // La Coop's own messages (analyseImportBeneficiairesExcel.ts).
  nom: 'Le nom est obligatoire',
  prenom: 'Le prénom est obligatoire',
  codeInsee: 'Code commune non trouvé',
  codePostal: 'Le code postal de la commune ne correspond pas',
  communeNom: 'Le nom de la commune ne correspond pas',
  genre: 'Genre invalide : Féminin, Masculin ou Non communiqué',
  anneeNaissance: 'Veuillez renseigner une année de naissance valide',
  communeNameUnknown: 'Commune introuvable : indiquez son code INSEE ou son code postal',
  communeNameAmbiguous: 'Plusieurs communes portent ce nom : indiquez son code INSEE ou son code postal',
  communeNameMissing: 'Commune incomplète : indiquez son nom ou son code INSEE',
  phoneDropped: 'Numéro de téléphone non reconnu : il ne sera pas importé',
  emailDropped: 'Adresse e-mail invalide : elle ne sera pas importée',
  statutDropped: 'Statut non reconnu : il ne sera pas importé',
  sameAsLine: (line: number) => `Même personne qu’à la ligne ${line} du fichier`,
};

const MAX_HEADER_SEARCH = 40;

/** Header text compared without case, accents or the kind of apostrophe. */
const headerKey = (cell: ImportCell): string => (typeof cell === 'string' ? normalize(cell) : '');

const sameHeaders = (row: readonly ImportCell[], expected: readonly (string | null)[], from = 0): boolean =>
  expected.every((h, i) => h === null || headerKey(row[from + i]) === normalize(h));

/**
 * The layout of a sheet and where its people start: La Coop's template has « Nom, Prénom, Année de
 * naissance, Commune… » on a row and « Nom, Code INSEE, Code postal » under Commune on the next; an
 * export has its thirteen headers on one row (row 13 of an XLSX, row 1 of a CSV).
 */
export const detectLayout = (
  rows: readonly (readonly ImportCell[])[],
): { layout: ImportLayout; headerIndex: number; dataIndex: number; columns: Map<string, number> } => {
  for (let i = 0; i < Math.min(rows.length, MAX_HEADER_SEARCH); i++) {
    const row = rows[i] ?? [];
    if (sameHeaders(row, BENEFICIAIRES_HEADER.slice(0, 6))) {
      const columns = new Map<string, number>();
      row.forEach((cell, c) => {
        const key = headerKey(cell);
        if (key && !columns.has(key)) columns.set(key, c);
      });
      return { layout: 'export', headerIndex: i, dataIndex: i + 1, columns };
    }
    if (
      sameHeaders(row, LACOOP_IMPORT_HEADERS.slice(0, 4)) &&
      sameHeaders(rows[i + 1] ?? [], LACOOP_IMPORT_SUBHEADERS.slice(3, 6), 3)
    ) {
      return { layout: 'modele', headerIndex: i, dataIndex: i + 2, columns: new Map() };
    }
  }
  throw new ImportFileError(IMPORT_MESSAGES.unknownLayout);
};

/** La Coop's getCellValueAsString: trimmed text, 0 and empty as nothing. */
export const cellText = (cell: ImportCell): string => {
  if (cell == null || cell === 0 || cell === false) return '';
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return '';
    const d = cell.toISOString();
    return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  }
  return String(cell).trim();
};

/** « - » is how La Coop's export writes what is not known. */
const exportText = (cell: ImportCell): string => {
  const text = cellText(cell);
  return text === '-' ? '' : text;
};

/**
 * A phone typed in a number cell loses its leading 0 (« 612345678 »): Excel's doing, not the
 * advisor's, so it is given back.
 */
const phoneText = (cell: ImportCell, text: (c: ImportCell) => string): string =>
  typeof cell === 'number' && Number.isInteger(cell) && String(cell).length === 9 ? `0${cell}` : text(cell);

/** Reads one row's cells into the fields, by position (template) or by header (export). */
const readValues = (
  row: readonly ImportCell[],
  layout: ImportLayout,
  columns: Map<string, number>,
): ImportValues => {
  if (layout === 'modele') {
    const at = (c: number) => cellText(row[c]);
    return {
      nom: at(0),
      prenom: at(1),
      anneeNaissance: at(2),
      communeNom: at(3),
      codeInsee: at(4),
      codePostal: at(5),
      telephone: phoneText(row[6], cellText),
      email: at(7),
      genre: at(8),
      statutSocial: '',
      notes: at(9),
    };
  }
  const cell = (header: string) => {
    const c = columns.get(normalize(header));
    return c === undefined ? undefined : row[c];
  };
  const at = (header: string) => exportText(cell(header));
  return {
    nom: at('Nom'),
    prenom: at('Prénom'),
    anneeNaissance: at('Année de naissance'),
    communeNom: at('Nom de la commune'),
    codeInsee: at('Code INSEE'),
    codePostal: at('Code postal'),
    telephone: phoneText(cell('N° de téléphone'), exportText),
    email: at('E-mail'),
    genre: at('Genre'),
    statutSocial: at('Statut'),
    notes: at('Notes supplémentaires'),
  };
};

const isEmpty = (v: ImportValues) => Object.values(v).every((x) => x === '');

/**
 * La Coop's parseGenre (first letter F, M or N; empty: non communiqué), case aside, and the export's
 * « Homme » / « Femme » (sexLabels): an « H » is masculin.
 */
export const parseGenre = (raw: string): Genre | undefined => {
  if (!raw) return 'non_communique';
  const label = normalize(raw);
  for (const [genre, text] of Object.entries(SEX_LABELS) as [Genre, string][])
    if (normalize(text) === label) return genre;
  for (const c of GENRES) if (normalize(c.label) === label || c.value === raw) return c.value;
  const first = label[0];
  if (first === 'f') return 'feminin';
  if (first === 'm' || first === 'h') return 'masculin';
  if (first === 'n') return 'non_communique';
  return undefined;
};

const parseStatut = (raw: string): StatutSocial | undefined => {
  const label = normalize(raw);
  return STATUTS_SOCIAUX.find((c) => normalize(c.label) === label || c.value === raw)?.value;
};

/** Codes postaux written in one cell: « 46000 », or La Coop's « 01410, 39310 ». */
const postalCodes = (cell: string): string[] => cell.split(/[,;\s]+/).filter(Boolean);

/**
 * The commune of a row. By Code INSEE (La Coop's rule: name and code postal must agree with it,
 * La Coop's table's spelling and list of codes accepted as well as the COG's); without one, by its
 * name, narrowed by the code postal, in the départements the directory loaded.
 */
const parseCommune = (
  v: ImportValues,
  directory: CommuneDirectory,
  issues: ImportIssue[],
): CommuneRef | undefined => {
  const codes = postalCodes(v.codePostal);
  // Several codes in the cell (La Coop's list for a commune that has several, as « Exporter pour La
  // Coop » writes it): the one of the commune's own département, which is most people's.
  const pick = (c: DirectoryCommune, among: string[]): string | undefined =>
    among.find((code) => code.slice(0, 2) === c.codeInsee.slice(0, 2)) ?? among[0];
  const chooseCode = (c: DirectoryCommune): string | undefined => {
    if (codes.length === 0) return pick(c, c.codesPostaux);
    if (codes.every((code) => c.codesPostaux.includes(code))) return pick(c, codes);
    if (LACOOP_POSTAL_CODES[c.codeInsee] === v.codePostal)
      return (
        pick(
          c,
          codes.filter((code) => c.codesPostaux.includes(code)),
        ) ?? pick(c, c.codesPostaux)
      );
    return undefined;
  };
  if (v.codeInsee) {
    const c = directory.byInsee(v.codeInsee.padStart(5, '0'));
    if (!c) {
      issues.push({ field: 'commune', message: IMPORT_MESSAGES.codeInsee });
      return undefined;
    }
    const codePostal = chooseCode(c);
    if (!codePostal) issues.push({ field: 'commune', message: IMPORT_MESSAGES.codePostal });
    const names = [c.nom, LACOOP_NAMES[c.codeInsee]].filter(Boolean).map((n) => communeNameKey(n!));
    if (v.communeNom && !names.includes(communeNameKey(v.communeNom)))
      issues.push({ field: 'commune', message: IMPORT_MESSAGES.communeNom });
    return codePostal ? { codeInsee: c.codeInsee, nom: c.nom, codePostal } : undefined;
  }
  if (!v.communeNom) {
    if (v.codePostal) issues.push({ field: 'commune', message: IMPORT_MESSAGES.communeNameMissing });
    return undefined;
  }
  const candidates = directory
    .byName(v.communeNom)
    .filter((c) => codes.length === 0 || codes.some((code) => c.codesPostaux.includes(code)));
  if (candidates.length !== 1) {
    issues.push({
      field: 'commune',
      message:
        candidates.length === 0 ? IMPORT_MESSAGES.communeNameUnknown : IMPORT_MESSAGES.communeNameAmbiguous,
    });
    return undefined;
  }
  const c = candidates[0]!;
  return { codeInsee: c.codeInsee, nom: c.nom, codePostal: chooseCode(c) ?? c.codesPostaux[0]! };
};

const emailSchema = z.email();

const FIELD_OF_PATH: Record<string, ImportField> = {
  prenom: 'prenom',
  nom: 'nom',
  telephone: 'telephone',
  email: 'email',
  anneeNaissance: 'anneeNaissance',
  commune: 'commune',
  genre: 'genre',
  statutSocial: 'statutSocial',
  notes: 'notes',
};

/** One row: its errors, what is left out, and the beneficiary as the form would have saved it. */
export const parseImportRow = (
  v: ImportValues,
  line: number,
  directory: CommuneDirectory,
  now: Date,
): ImportRow => {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  if (!v.nom) errors.push({ field: 'nom', message: IMPORT_MESSAGES.nom });
  if (!v.prenom) errors.push({ field: 'prenom', message: IMPORT_MESSAGES.prenom });

  let anneeNaissance: number | undefined;
  if (v.anneeNaissance) {
    const year = Number(v.anneeNaissance.replace(',', '.'));
    if (!Number.isInteger(year) || year < 1900 || year > now.getFullYear())
      errors.push({ field: 'anneeNaissance', message: IMPORT_MESSAGES.anneeNaissance });
    else anneeNaissance = year;
  }
  const genre = parseGenre(v.genre);
  if (!genre) errors.push({ field: 'genre', message: IMPORT_MESSAGES.genre });
  let statutSocial: StatutSocial | undefined;
  if (v.statutSocial) {
    statutSocial = parseStatut(v.statutSocial);
    if (!statutSocial) warnings.push({ field: 'statutSocial', message: IMPORT_MESSAGES.statutDropped });
  }
  const commune = parseCommune(v, directory, errors);
  let telephone: string | undefined;
  if (v.telephone) {
    telephone = normalizePhone(v.telephone);
    if (!telephone) warnings.push({ field: 'telephone', message: IMPORT_MESSAGES.phoneDropped });
  }
  let email: string | undefined;
  if (v.email) {
    if (emailSchema.safeParse(v.email.toLowerCase()).success) email = v.email;
    else warnings.push({ field: 'email', message: IMPORT_MESSAGES.emailDropped });
  }
  const row: ImportRow = { line, values: v, errors, warnings };
  if (errors.length > 0) return row;

  // The form's own schema: the same limits and rules as a beneficiary typed on the tablet.
  const parsed = beneficiaryInputSchema(now).safeParse({
    anonyme: false,
    nom: v.nom,
    prenom: v.prenom,
    ...(anneeNaissance !== undefined ? { anneeNaissance } : {}),
    ...(commune ? { commune } : {}),
    ...(telephone ? { telephone } : {}),
    ...(email ? { email } : {}),
    ...(genre && genre !== 'non_communique' ? { genre } : {}),
    ...(statutSocial && statutSocial !== 'non_communique' ? { statutSocial } : {}),
    ...(v.notes ? { notes: v.notes } : {}),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors.push({ field: FIELD_OF_PATH[String(issue.path[0])] ?? 'nom', message: issue.message });
    return row;
  }
  row.input = parsed.data;
  return row;
};

/** Row 4 of La Coop's template as it comes (public/modeles/coop-numerique_import-beneficiaires.xlsx). */
const isTemplateExample = (v: ImportValues): boolean => v.nom === 'Exemple' && v.prenom === 'Léa';

/** The key two rows (or a row and a beneficiary) share when they are the same person: « nom prénom ». */
export const personKey = (nom: string | undefined, prenom: string | undefined): string =>
  normalize(`${nom ?? ''} ${prenom ?? ''}`);

/** Two birth years that do not tell two people apart (one of them unknown, or equal). */
export const sameBirthYear = (a: number | undefined, b: number | undefined): boolean =>
  a == null || b == null || a === b;

/**
 * Every person of a sheet: the layout recognised, one ImportRow per non-empty row (an empty row in
 * the middle does not end the file), a person repeated in the file pointed to its first row.
 */
export const analyseImportSheet = (
  rows: readonly (readonly ImportCell[])[],
  directory: CommuneDirectory,
  now: Date = new Date(),
): ImportAnalysis => {
  const { layout, dataIndex, columns } = detectLayout(rows);
  const result: ImportRow[] = [];
  const seen = new Map<string, ImportRow[]>();
  for (let i = dataIndex; i < rows.length; i++) {
    const cells = rows[i] ?? [];
    const values = readValues(
      layout === 'modele' ? cells.slice(0, LACOOP_IMPORT_COLUMNS) : cells,
      layout,
      columns,
    );
    if (isEmpty(values)) continue;
    const row = parseImportRow(values, i + 1, directory, now);
    if (layout === 'modele' && i === dataIndex && isTemplateExample(values)) row.example = true;
    if (row.input) {
      const key = personKey(row.input.nom, row.input.prenom);
      const earlier = seen
        .get(key)
        ?.find((r) => sameBirthYear(r.input!.anneeNaissance, row.input!.anneeNaissance));
      if (earlier) row.sameAsLine = earlier.line;
      else seen.set(key, [...(seen.get(key) ?? []), row]);
    }
    result.push(row);
  }
  if (result.length === 0) throw new ImportFileError(IMPORT_MESSAGES.noRows);
  return { layout, rows: result };
};
