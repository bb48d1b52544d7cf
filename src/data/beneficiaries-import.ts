// Importing beneficiaries from a file: read it (XLSX with read-excel-file, CSV with papaparse), load
// the communes it names, analyse it with the domain's rules (src/domain/beneficiaries-import.ts),
// find who is already on the tablet, and — only once the advisor confirms — write the chosen people
// as the beneficiaries' own command creates one (record and outbox entry together), in slices that
// leave the interface free (bulk-create.ts).
import Papa from 'papaparse';

import type { Beneficiary, BeneficiaryInput } from '../domain/beneficiary';
import { communeNameKey } from '../domain/commune-names';
import {
  analyseImportSheet,
  ImportFileError,
  type CommuneDirectory,
  type DirectoryCommune,
  type ImportAnalysis,
  type ImportCell,
  type ImportRow,
} from '../domain/beneficiaries-import';
import { LACOOP_IMPORT_SHEET } from '../domain/lacoop-template';
import { findDuplicatesOfMany, newBeneficiaryFields } from './beneficiaries';
import { bulkCreate, BulkCreateError } from './bulk-create';
import type { SliceOptions } from './bulk-write';
import {
  communeSearch,
  createCommuneSearch,
  defaultDepartements,
  departementsForCode,
  type CommuneLoader,
} from './communes';
import type { SillonDB } from './db';

export const IMPORT_FILE_MESSAGES = {
  unreadable: 'Ce fichier ne peut pas être lu : choisissez un fichier Excel (.xlsx) ou CSV.',
  tooBig: 'Ce fichier est trop volumineux (plus de 20 Mo).',
};

/** Larger than La Coop's template with its 35 000 communes (1 Mo), far below a tablet's memory. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const isCsv = (file: Blob, name: string) => /\.(csv|txt)$/i.test(name) || /^text\//.test(file.type);

/** The rows of the sheet to import: « Bénéficiaires » when the workbook has one, else its first. */
export const readImportFile = async (file: Blob, name: string): Promise<ImportCell[][]> => {
  if (file.size > MAX_FILE_BYTES) throw new ImportFileError(IMPORT_FILE_MESSAGES.tooBig);
  if (isCsv(file, name)) {
    const text = (await file.text()).replace(/^\uFEFF/, '');
    // Sillon's CSV uses « ; » (French Excel); a CSV saved elsewhere may use « , »: papaparse guesses.
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimitersToGuess: [';', ',', '\t'] });
    return parsed.data;
  }
  try {
    const { default: readExcelFile } = await import('read-excel-file/universal');
    const sheets = await readExcelFile(file);
    const sheet = sheets.find((s) => s.sheet === LACOOP_IMPORT_SHEET) ?? sheets[0];
    return (sheet?.data ?? []) as ImportCell[][];
  } catch {
    throw new ImportFileError(IMPORT_FILE_MESSAGES.unreadable);
  }
};

const cellText = (cell: ImportCell) => (cell == null ? '' : String(cell).trim());

/** Départements a file may need: those of its codes INSEE and codes postaux, and the configured ones. */
const departementsOf = (rows: readonly ImportCell[][], configured: readonly string[]): string[] => {
  const deps = new Set(configured);
  for (const row of rows) {
    for (const cell of row) {
      for (const code of cellText(cell).split(/[,;\s]+/)) {
        if (/^(\d{5}|2[AB]\d{3})$/i.test(code)) for (const dep of departementsForCode(code)) deps.add(dep);
      }
    }
  }
  return [...deps];
};

/**
 * The communes of the départements the file names, from Sillon's communes files (public/communes,
 * served offline by the service worker), through the commune search (its files, once loaded, stay in
 * memory; names compared as it compares them: « St-Céré » is Saint-Céré). A département that cannot
 * be loaded offline is skipped: its communes are then reported « non trouvée », not guessed.
 */
export const loadCommuneDirectory = async (
  departements: readonly string[],
  load?: CommuneLoader,
): Promise<CommuneDirectory> => {
  const communes = await (load ? createCommuneSearch({ load }) : communeSearch()).communes(departements);
  const byInsee = new Map<string, DirectoryCommune>();
  const byName = new Map<string, DirectoryCommune[]>();
  for (const commune of communes) {
    byInsee.set(commune.codeInsee, commune);
    const key = communeNameKey(commune.nom);
    byName.set(key, [...(byName.get(key) ?? []), commune]);
  }
  return {
    byInsee: (code) => byInsee.get(code.toUpperCase()),
    byName: (nom) => byName.get(communeNameKey(nom)) ?? [],
  };
};

/** A person of the file who may already be on the tablet. */
export interface ImportPreviewRow extends ImportRow {
  duplicates: Beneficiary[];
}

export interface ImportPreview extends Omit<ImportAnalysis, 'rows'> {
  rows: ImportPreviewRow[];
}

/** Whether a row goes in unless the advisor says otherwise: valid, new, not repeated, not the example. */
export const importedByDefault = (row: ImportPreviewRow): boolean =>
  Boolean(row.input) && row.duplicates.length === 0 && row.sameAsLine === undefined && !row.example;

/**
 * Reads and analyses a file, and finds for each valid person the beneficiaries of the tablet with
 * the same name and birth year (the form's duplicate rule, in one read for the whole file:
 * findDuplicatesOfMany). Writes nothing.
 */
export const previewImport = async (
  db: SillonDB,
  file: Blob,
  name: string,
  options: { load?: CommuneLoader; departements?: readonly string[]; now?: Date } = {},
): Promise<ImportPreview> => {
  const rows = await readImportFile(file, name);
  const directory = await loadCommuneDirectory(
    departementsOf(rows, options.departements ?? defaultDepartements()),
    options.load,
  );
  const analysis = analyseImportSheet(rows, directory, options.now ?? new Date());
  const duplicates = await findDuplicatesOfMany(
    db,
    analysis.rows.map((row) =>
      row.input
        ? { prenom: row.input.prenom, nom: row.input.nom, anneeNaissance: row.input.anneeNaissance }
        : {},
    ),
  );
  const preview = analysis.rows.map((row, i) => ({ ...row, duplicates: duplicates[i]! }));
  return { ...analysis, rows: preview };
};

/** An import stopped by a failure after some of its people were written: who, by the file's lines. */
export class ImportInterruptedError extends BulkCreateError<Beneficiary> {
  constructor(
    stopped: BulkCreateError<Beneficiary>,
    readonly lines: number[],
  ) {
    super(stopped.written, stopped.created, stopped.cause);
    this.name = 'ImportInterruptedError';
  }
}

/**
 * Writes the chosen rows (valid ones only) as new beneficiaries, as saveBeneficiary creates one,
 * in slices that hand the main thread back to the interface (bulk-create.ts): each slice one
 * transaction with its people's outbox entries. Returns who was created. A failure after some
 * slices were written throws ImportInterruptedError naming them (a retry imports the others only);
 * a failure before any throws as it is, nothing written.
 */
export const importBeneficiaries = async (
  db: SillonDB,
  rows: readonly ImportRow[],
  now: Date = new Date(),
  options: SliceOptions = {},
): Promise<Beneficiary[]> => {
  const chosen = rows.filter((r): r is ImportRow & { input: BeneficiaryInput } => Boolean(r.input));
  try {
    return await bulkCreate<Beneficiary, BeneficiaryInput>(
      db,
      'beneficiaries',
      chosen.map((r) => r.input),
      (input) => newBeneficiaryFields(input, now),
      { ...options, now },
    );
  } catch (error) {
    if (!(error instanceof BulkCreateError)) throw error;
    if (error.written.length === 0) throw error.cause;
    throw new ImportInterruptedError(
      error as BulkCreateError<Beneficiary>,
      error.written.map((i) => chosen[i]!.line),
    );
  }
};
