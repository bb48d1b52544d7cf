// Import of lieux de médiation numérique in the national schema into a structure's directory (the
// synced table `annuaire`, read-only on the tablets of conseillers): from a file a coordinateur
// uploads, from `npm run admin -- import-lieux`, or from a URL fetched daily (lieux-fetch.ts).
// Each lieu's record id is derived from the structure and the lieu's own id, so importing the same
// file again, or a newer one, updates the lieu instead of doubling it; a lieu whose `date_maj` is not
// newer than the one held is left as it is (even deleted: a deletion stands until the source updates it). Everything is written in one transaction that holds the
// structure's version counter (as a push does), so tablets pull the changes, and only them.
import { v5 as uuidv5 } from 'uuid';

import { annuaireRecordOf, ANNUAIRE_NAMESPACE, type AnnuaireLieu } from '../src/domain/annuaire';
import { describeReport, type LieuxImportReport } from '../src/domain/annuaire-import';
import { departementOf } from '../src/domain/lieu-mediation';
import { parseLieuxFile, type ParsedLieux } from '../src/domain/lieu-mediation-files';
import type { FieldStamps } from '../src/domain/merge';
import { HttpError } from './errors';
import { PushRecords } from './push-records';
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

/** The record id of a lieu in a structure's directory. */
export const annuaireRecordId = (structureId: string, lieuId: string): string =>
  uuidv5(`${structureId}:${lieuId}`, ANNUAIRE_NAMESPACE);

/** The départements configured for the structure's territory (SILLON_DEPARTEMENTS, default 46,47). */
export const configuredDepartements = (env: NodeJS.ProcessEnv = process.env): string[] =>
  (env.SILLON_DEPARTEMENTS ?? '46,47')
    .split(',')
    .map((d) => d.trim().toUpperCase())
    .filter(Boolean);

const sameValue = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const parseObject = (text: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {}; // A damaged row is rewritten by the import.
  }
};

/**
 * Imports parsed lieux (see the module's comment), parsed for the same départements (so that their
 * errors are the territory's: parseLieuxFile's options). A lieu held with the same or a newer
 * `date_maj` is left as it is, deleted or not: a lieu a coordinateur deleted stays deleted until the
 * file brings a newer `date_maj` of it (then it is back: the source says it was updated). A field
 * the file leaves as it was keeps its stamp, so a tablet's edit of it made before the import does not
 * meet a conflict with the import (a field the file changed does, the tablet's value winning). A preview, or an import refused, only reads
 * (without holding the structure's counter); an import reads the held lieux and writes the changed
 * ones a hundred a statement (server/push-records.ts) while it holds the counter.
 */
export const importParsedLieux = async (
  store: Store,
  parsed: ParsedLieux,
  options: LieuxImportOptions,
): Promise<LieuxImportReport> => {
  const departements = new Set(options.departements ?? []);
  const kept = departements.size
    ? parsed.lieux.filter((l) => departements.has(departementOf(l)))
    : parsed.lieux;
  const errors = parsed.errors;
  const report: LieuxImportReport = {
    total: parsed.total,
    created: 0,
    updated: 0,
    unchanged: 0,
    outside: parsed.lieux.length - kept.length,
    errors,
    imported: false,
  };
  const write = !(options.strict && errors.length > 0) && parsed.total > 0 && !options.dryRun;
  const now = store.now().toISOString();
  const ids = kept.map((l) => annuaireRecordId(options.structureId, l.id));

  /** Counts (and, from `version` on, writes) what the import changes, the held rows read in `records`. */
  const apply = async (records: PushRecords, version?: number): Promise<number | undefined> => {
    await records.prefetch(ids.map((id) => ['annuaire', id]));
    for (const [i, lieu] of kept.entries()) {
      const id = ids[i]!;
      const row = await records.get('annuaire', id);
      const before = row && row.structure_id === options.structureId ? row : undefined;
      const held = before ? parseObject(before.data) : {};
      if (before && typeof held.date_maj === 'string' && held.date_maj >= lieu.date_maj) {
        report.unchanged++;
        continue;
      }
      if (before) report.updated++;
      else report.created++;
      if (version === undefined) continue;
      version++;
      const data: AnnuaireLieu = {
        ...annuaireRecordOf(lieu, 'import'),
        id,
        structureId: options.structureId,
        createdBy: typeof held.createdBy === 'string' ? held.createdBy : options.by,
        createdAt: typeof held.createdAt === 'string' ? held.createdAt : now,
        updatedAt: now,
      };
      const heldStamps = (before ? parseObject(before.field_versions) : {}) as FieldStamps;
      const stamps: FieldStamps = {};
      for (const [field, value] of Object.entries(data)) {
        const stamp = heldStamps[field];
        stamps[field] =
          before?.deleted === 0 && stamp && sameValue(held[field], value)
            ? stamp
            : [version, 'import', options.by];
      }
      records.write(
        'annuaire',
        id,
        {
          structure_id: options.structureId,
          version,
          deleted: 0,
          data: JSON.stringify(data),
          field_versions: JSON.stringify(stamps),
          blobs: '[]',
        },
        now,
      );
    }
    return version;
  };

  if (!write) {
    if (!(await store.db.get('SELECT id FROM structures WHERE id = ?', [options.structureId])))
      throw new HttpError(404, 'not_found', 'Structure inconnue.');
    await apply(new PushRecords(store.db));
    return report;
  }
  await store.db.tx(async (sql) => {
    const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const structure = await sql.get<{ last_version: number }>(
      `SELECT last_version FROM structures WHERE id = ?${lock}`,
      [options.structureId],
    );
    if (!structure) throw new HttpError(404, 'not_found', 'Structure inconnue.');
    const records = new PushRecords(sql);
    const version = (await apply(records, Number(structure.last_version)))!;
    if (version > Number(structure.last_version)) {
      await records.flush();
      await sql.run('UPDATE structures SET last_version = ? WHERE id = ?', [version, options.structureId]);
      report.imported = true;
    }
  });
  return report;
};

/** Reads a file's text (CSV or JSON, by its name or its content) and imports it. */
export const importLieuxFile = (
  store: Store,
  text: string,
  name: string,
  options: LieuxImportOptions,
): Promise<LieuxImportReport> =>
  importParsedLieux(store, parseLieuxFile(text, name, { departements: options.departements ?? [] }), options);

/** The structure named, or else the only one on this server (undefined when there are several, or none). */
export const structureOf = async (store: Store, named?: string): Promise<string | undefined> => {
  if (named) return named;
  const structures = await store.listStructures();
  return structures.length === 1 ? structures[0]!.id : undefined;
};

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
  const structureId = await structureOf(store, options.structure);
  if (!structureId)
    return { ok: false, lines: ['Précisez la structure : --structure <id> (voir list-structures).'] };
  const report = await importLieuxFile(store, file.text, file.name, {
    structureId,
    by: 'admin',
    strict: !!options.strict,
    departements: configuredDepartements(options.env),
  });
  return { ok: report.imported || report.errors.length === 0, lines: reportLines(report, !!options.strict) };
};
