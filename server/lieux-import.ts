// Import of lieux de médiation numérique in the national schema into a structure's directory (the
// synced table `annuaire`, read-only on the tablets of conseillers): from a file a coordinateur
// uploads, from `npm run admin -- import-lieux`, or from a URL fetched daily (lieux-fetch.ts).
// Each lieu's record id is derived from the structure and the lieu's own id, so importing the same
// file again, or a newer one, updates the lieu instead of doubling it; a lieu whose `date_maj` is not
// newer than the one held is left as it is. Everything is written in one transaction that holds the
// structure's version counter (as a push does), so tablets pull the changes, and only them.
import { v5 as uuidv5 } from 'uuid';

import { annuaireRecordOf, ANNUAIRE_NAMESPACE, type AnnuaireLieu } from '../src/domain/annuaire';
import { departementOf } from '../src/domain/lieu-mediation';
import { parseLieuxFile, type LieuRowError, type ParsedLieux } from '../src/domain/lieu-mediation-files';
import type { FieldStamps } from '../src/domain/merge';
import type { Sql } from './db/sql';
import { HttpError } from './errors';
import type { Store } from './store';

export interface LieuxImportOptions {
  structureId: string;
  /** Who imports (a coordinateur's user id, or `admin` / `url` for the command line and the daily fetch). */
  by: string;
  /** Nothing is imported when a row is bad (the coordinateur's choice). */
  strict?: boolean;
  /** Only tell what would happen. */
  dryRun?: boolean;
  /** Keep only the lieux of these départements (the structure's territory); all when empty. */
  departements?: readonly string[];
}

export interface LieuxImportReport {
  /** Rows read. */
  total: number;
  created: number;
  updated: number;
  /** Already held with the same or a newer date_maj. */
  unchanged: number;
  /** Good lieux outside the configured départements, left out. */
  outside: number;
  errors: LieuRowError[];
  /** Whether anything was written. */
  imported: boolean;
}

/** The record id of a lieu in a structure's directory. */
export const annuaireRecordId = (structureId: string, lieuId: string): string =>
  uuidv5(`${structureId}:${lieuId}`, ANNUAIRE_NAMESPACE);

/** The départements configured for the structure's territory (SILLON_DEPARTEMENTS, default 46,47). */
export const configuredDepartements = (env: NodeJS.ProcessEnv = process.env): string[] =>
  (env.SILLON_DEPARTEMENTS ?? '46,47')
    .split(',')
    .map((d) => d.trim().toUpperCase())
    .filter(Boolean);

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

const summary = (report: LieuxImportReport): string =>
  [
    plural(report.created, 'lieu nouveau', 'lieux nouveaux'),
    plural(report.updated, 'mis à jour', 'mis à jour'),
    plural(report.unchanged, 'inchangé', 'inchangés'),
    plural(report.errors.length, 'ligne refusée', 'lignes refusées'),
    ...(report.outside ? [plural(report.outside, 'hors du territoire', 'hors du territoire')] : []),
  ].join(', ');

/** One sentence saying what the import did (or would do, or why it did nothing). */
export const describeReport = (
  report: LieuxImportReport,
  options: { dryRun?: boolean; strict?: boolean } = {},
): string =>
  report.imported
    ? `Import terminé : ${summary(report)}.`
    : options.dryRun
      ? `Aperçu, rien n’est encore importé : ${summary(report)}.`
      : report.total === 0
        ? 'Rien n’a été importé : aucun lieu lisible dans ce fichier.'
        : options.strict && report.errors.length
          ? `Rien n’a été importé : ${plural(report.errors.length, 'ligne refusée', 'lignes refusées')} (import sans erreur demandé).`
          : `Rien n’a changé : ${summary(report)}.`;

/** Imports parsed lieux (see the module's comment). */
export const importParsedLieux = async (
  store: Store,
  parsed: ParsedLieux,
  options: LieuxImportOptions,
): Promise<LieuxImportReport> => {
  const departements = new Set(options.departements ?? []);
  const kept = departements.size
    ? parsed.lieux.filter((l) => departements.has(departementOf(l)))
    : parsed.lieux;
  const report: LieuxImportReport = {
    total: parsed.total,
    created: 0,
    updated: 0,
    unchanged: 0,
    outside: parsed.lieux.length - kept.length,
    errors: parsed.errors,
    imported: false,
  };
  const refuse = (options.strict && parsed.errors.length > 0) || parsed.total === 0;
  const now = store.now().toISOString();
  await store.db.tx(async (sql) => {
    const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const structure = await sql.get<{ last_version: number }>(
      `SELECT last_version FROM structures WHERE id = ?${lock}`,
      [options.structureId],
    );
    if (!structure) throw new HttpError(404, 'not_found', 'Structure inconnue.');
    let version = Number(structure.last_version);
    const held = await heldDates(
      sql,
      options.structureId,
      kept.map((l) => annuaireRecordId(options.structureId, l.id)),
    );
    for (const lieu of kept) {
      const id = annuaireRecordId(options.structureId, lieu.id);
      const before = held.get(id);
      if (before && !before.deleted && before.dateMaj !== undefined && before.dateMaj >= lieu.date_maj) {
        report.unchanged++;
        continue;
      }
      if (before) report.updated++;
      else report.created++;
      if (refuse || options.dryRun) continue;
      version++;
      const data: AnnuaireLieu = {
        ...annuaireRecordOf(lieu, 'import'),
        id,
        structureId: options.structureId,
        createdBy: before?.createdBy ?? options.by,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
      };
      const stamps: FieldStamps = {};
      for (const field of Object.keys(data)) stamps[field] = [version, 'import', options.by];
      await sql.run(
        `INSERT INTO records (tbl, id, structure_id, version, deleted, data, field_versions, blobs, updated_at)
         VALUES ('annuaire', ?, ?, ?, 0, ?, ?, '[]', ?)
         ON CONFLICT (tbl, id) DO UPDATE SET version = excluded.version, deleted = 0, data = excluded.data,
           field_versions = excluded.field_versions, updated_at = excluded.updated_at`,
        [id, options.structureId, version, JSON.stringify(data), JSON.stringify(stamps), now],
      );
    }
    if (!refuse && !options.dryRun && version > Number(structure.last_version)) {
      await sql.run('UPDATE structures SET last_version = ? WHERE id = ?', [version, options.structureId]);
      report.imported = true;
    }
  });
  if (!refuse && !options.dryRun) report.imported = report.created + report.updated > 0 || report.imported;
  return report;
};

interface Held {
  dateMaj?: string;
  deleted: boolean;
  createdBy?: string;
  createdAt?: string;
}

/** What the structure already holds of these lieux (read in batches: a département has hundreds). */
const heldDates = async (sql: Sql, structureId: string, ids: string[]): Promise<Map<string, Held>> => {
  const held = new Map<string, Held>();
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    const rows = await sql.all<{ id: string; structure_id: string; deleted: number; data: string }>(
      `SELECT id, structure_id, deleted, data FROM records WHERE tbl = 'annuaire' AND id IN (${batch.map(() => '?').join(', ')})`,
      batch,
    );
    for (const row of rows) {
      if (row.structure_id !== structureId) continue;
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(row.data) as Record<string, unknown>;
      } catch {
        // A damaged row is rewritten by the import.
      }
      held.set(row.id, {
        dateMaj: typeof data.date_maj === 'string' ? data.date_maj : undefined,
        deleted: row.deleted === 1,
        createdBy: typeof data.createdBy === 'string' ? data.createdBy : undefined,
        createdAt: typeof data.createdAt === 'string' ? data.createdAt : undefined,
      });
    }
  }
  return held;
};

/** Reads a file's text (CSV or JSON, by its name or its content) and imports it. */
export const importLieuxFile = (
  store: Store,
  text: string,
  name: string,
  options: LieuxImportOptions,
): Promise<LieuxImportReport> => importParsedLieux(store, parseLieuxFile(text, name), options);

/** The report as lines for the command line: the summary, then each bad row with its line. */
export const reportLines = (report: LieuxImportReport, strict = false): string[] => [
  describeReport(report, { strict }),
  ...report.errors.map(
    (e) =>
      `  ${e.ligne ? `ligne ${e.ligne}` : 'fichier'}${e.id ? ` (${e.id}${e.nom ? ` — ${e.nom}` : ''})` : ''} : ${e.messages.join(' ; ')}`,
  ),
];

/**
 * `npm run admin -- import-lieux <file> [--structure <id>] [--strict]`: the structure may be left out
 * when the server has only one.
 */
export const importLieuxCommand = async (
  store: Store,
  file: { name: string; text: string },
  options: { structure?: string; strict?: boolean; env?: NodeJS.ProcessEnv },
): Promise<{ ok: boolean; lines: string[] }> => {
  let structureId = options.structure;
  if (!structureId) {
    const structures = await store.listStructures();
    if (structures.length !== 1)
      return { ok: false, lines: ['Précisez la structure : --structure <id> (voir list-structures).'] };
    structureId = structures[0]!.id;
  }
  const report = await importLieuxFile(store, file.text, file.name, {
    structureId,
    by: 'admin',
    strict: !!options.strict,
    departements: configuredDepartements(options.env),
  });
  return { ok: report.imported || report.errors.length === 0, lines: reportLines(report, !!options.strict) };
};
