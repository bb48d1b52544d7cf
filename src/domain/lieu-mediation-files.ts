// Files in the national schema: the cartographie nationale's CSV export (one per département:
// comma-separated, every cell quoted, lists joined with `|`; a `;`-separated file from a
// spreadsheet is read too) and the JSON form (an array of rows, lists as `|` text or arrays).
// Reading reports each bad row in French with its line; writing validates every lieu with the
// published library first (lieu-mediation-check.ts).
import Papa from 'papaparse';

import { checkLieuMediation, publishedRow } from './lieu-mediation-check';
import { departementOf, SCHEMA_COLUMNS, type LieuMediation } from './lieu-mediation';

export interface LieuRowError {
  /** Line in the file (CSV, header = 1) or position in the list (JSON, from 1). */
  ligne: number;
  id?: string;
  nom?: string;
  messages: string[];
}

/**
 * The territory read for (départements; all when empty): a bad row whose code INSEE or code postal
 * places it elsewhere is not reported (the national file has bad rows all over France).
 */
export interface ParseOptions {
  departements?: readonly string[];
}

export interface ParsedLieux {
  lieux: LieuMediation[];
  errors: LieuRowError[];
  /** Rows read (good and bad). */
  total: number;
}

export type LieuxFileFormat = 'csv' | 'json';

/** Most rows read from one file (the whole national file is about 20,000). */
export const MAX_LIEUX_ROWS = 50_000;

/** CSV when it does not look like JSON. */
export const detectFormat = (text: string, name = ''): LieuxFileFormat =>
  /\.json$/i.test(name) || /^\s*[[{]/.test(text) ? 'json' : 'csv';

const fileError = (message: string): ParsedLieux => ({
  lieux: [],
  errors: [{ ligne: 0, messages: [message] }],
  total: 0,
});

const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value).trim() || undefined : undefined;

/** The département of a row, even a bad one, when its code INSEE or code postal is well formed. */
const rowDepartement = (row: Record<string, unknown>): string | undefined => {
  const insee = text(row.code_insee);
  const postal = text(row.code_postal);
  const codeInsee = insee && /^(\d{2}|2[AB])\d{3}$/i.test(insee) ? insee.toUpperCase() : undefined;
  const codePostal = postal && /^\d{5}$/.test(postal) ? postal : undefined;
  if (!codeInsee && !codePostal) return undefined;
  return departementOf({ code_postal: codePostal ?? '', ...(codeInsee ? { code_insee: codeInsee } : {}) });
};

const check = (
  rows: { ligne: number; row: Record<string, unknown> }[],
  options: ParseOptions = {},
): ParsedLieux => {
  const territory = new Set(options.departements ?? []);
  const elsewhere = (departement: string | undefined) =>
    territory.size > 0 && departement !== undefined && !territory.has(departement);
  const lieux: LieuMediation[] = [];
  const errors: LieuRowError[] = [];
  const seen = new Map<string, number>();
  for (const { ligne, row } of rows) {
    const result = checkLieuMediation(row);
    const id = typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id).trim() : undefined;
    const nom = typeof row.nom === 'string' ? row.nom.trim() || undefined : undefined;
    if (!result.ok) {
      if (!elsewhere(rowDepartement(row)))
        errors.push({ ligne, ...(id ? { id } : {}), ...(nom ? { nom } : {}), messages: result.messages });
      continue;
    }
    const first = seen.get(result.lieu.id);
    if (first !== undefined) {
      if (!elsewhere(departementOf(result.lieu)))
        errors.push({
          ligne,
          id: result.lieu.id,
          nom: result.lieu.nom,
          messages: [`Identifiant déjà utilisé ligne ${first}`],
        });
      continue;
    }
    seen.set(result.lieu.id, ligne);
    lieux.push(result.lieu);
  }
  return { lieux, errors, total: rows.length };
};

const tooMany = (n: number) =>
  fileError(
    `Ce fichier contient ${n.toLocaleString('fr-FR')} lignes : au plus ${MAX_LIEUX_ROWS.toLocaleString('fr-FR')}.`,
  );

/** Reads the cartographie's CSV export (or a `;`-separated copy of it). */
export const parseLieuxCsv = (text: string, options?: ParseOptions): ParsedLieux => {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const headers = result.meta.fields ?? [];
  const missing = (['id', 'nom', 'adresse', 'commune', 'code_postal'] as const).filter(
    (c) => !headers.includes(c),
  );
  if (missing.length)
    return fileError(
      `Ce fichier n’est pas au schéma des lieux de médiation numérique : colonne${missing.length > 1 ? 's' : ''} ${missing.join(', ')} absente${missing.length > 1 ? 's' : ''}.`,
    );
  if (result.data.length > MAX_LIEUX_ROWS) return tooMany(result.data.length);
  // Papa counts data rows from 0; the header is line 1 (a quoted cell spanning lines is rare enough).
  return check(
    result.data.map((row, i) => ({ ligne: i + 2, row })),
    options,
  );
};

/** Reads the JSON form: an array of lieux (or `{ lieux: [...] }` / `{ data: [...] }`). */
export const parseLieuxJson = (text: string, options?: ParseOptions): ParsedLieux => {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return fileError('Ce fichier JSON est illisible.');
  }
  const list = Array.isArray(value)
    ? value
    : value && typeof value === 'object'
      ? ((value as { lieux?: unknown; data?: unknown }).lieux ?? (value as { data?: unknown }).data)
      : undefined;
  if (!Array.isArray(list)) return fileError('Ce fichier JSON ne contient pas de liste de lieux.');
  if (list.length > MAX_LIEUX_ROWS) return tooMany(list.length);
  return check(
    list.map((row, i) => ({
      ligne: i + 1,
      row: row && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : {},
    })),
    options,
  );
};

export const parseLieuxFile = (text: string, name = '', options?: ParseOptions): ParsedLieux =>
  detectFormat(text, name) === 'json' ? parseLieuxJson(text, options) : parseLieuxCsv(text, options);

/** Lieux as the cartographie's CSV: the schema's 32 columns, every cell quoted, lists joined with `|`. */
export const lieuxToCsv = (lieux: LieuMediation[]): string => {
  const rows = lieux.map((lieu) => {
    const row = publishedRow(lieu) as unknown as Record<string, unknown>;
    return SCHEMA_COLUMNS.map((c) => (row[c] === undefined ? '' : String(row[c])));
  });
  return (
    Papa.unparse({ fields: [...SCHEMA_COLUMNS], data: rows }, { quotes: true, newline: '\r\n' }) + '\r\n'
  );
};

/** Lieux as the schema's JSON: an array of rows (lists joined with `|`, as the library writes them). */
export const lieuxToJson = (lieux: LieuMediation[]): string =>
  JSON.stringify(
    lieux.map((lieu) => publishedRow(lieu)),
    null,
    2,
  ) + '\n';
