// Checking a record or a patch against its table's schema (record-schemas.ts), after the JSON guard
// (json-guard.ts): the server runs it on every pushed change, the tablet on every pulled record.
// Results carry French messages keyed by field path, as the forms show them.
import type { z } from 'zod';

import { inspectJson } from './json-guard';
import type { SyncTable } from './records';
import { knownFields, RECORD_SCHEMAS, tombstoneSchema } from './record-schemas';
import { SERVER_FIELDS } from './sync';

export type CheckResult = { ok: true } | { ok: false; message: string; fields: Record<string, string> };

const OK: CheckResult = { ok: true };

const issues = (error: z.ZodError): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_record';
    fields[key] ??= issue.message;
  }
  return fields;
};

const refuse = (fields: Record<string, string>): CheckResult => ({
  ok: false,
  message: `Enregistrement invalide : ${Object.entries(fields)
    .slice(0, 3)
    .map(([field, message]) => `${field} (${message})`)
    .join(', ')}`,
  fields,
});

export interface RecordCheckOptions {
  /** 'full' (the server, on push) adds the forms' rules across fields; 'structural' (the tablet, on pull) does not. */
  level: 'structural' | 'full';
  /** The server's clock, for rules such as « année de naissance ≤ l’année en cours » (full level). */
  now?: Date;
  /**
   * The record is known to be safe JSON already: it is made of a patch that passed checkPatch (whose
   * first step is the same guard) and of fields the server wrote itself. Its types are still checked.
   */
  guarded?: boolean;
}

/** Whether `record` (a whole record as stored) is valid for `table`. */
export const checkRecord = (
  table: SyncTable,
  record: Record<string, unknown>,
  options: RecordCheckOptions,
): CheckResult => {
  const unsafe = options.guarded ? undefined : inspectJson(record);
  if (unsafe) return refuse({ [unsafe.path]: unsafe.message });
  const definition = RECORD_SCHEMAS[table];
  const schema =
    record.deleted === true
      ? tombstoneSchema(table)
      : options.level === 'full'
        ? definition.full(options.now ?? new Date())
        : definition.structural;
  const result = schema.safeParse(record);
  return result.success ? OK : refuse(issues(result.error));
};

/**
 * Whether a patch can be merged at all: a safe JSON value whose field names the table knows (a
 * cleared field is null). The merged record is then checked as a whole with checkRecord.
 */
export const checkPatch = (table: SyncTable, patch: Record<string, unknown>): CheckResult => {
  const unsafe = inspectJson(patch);
  if (unsafe) return refuse({ [unsafe.path]: unsafe.message });
  const known = knownFields(table);
  const unknown: Record<string, string> = {};
  // A deletion is a boolean (the merge acts on it before the record is checked as a whole).
  if ('deleted' in patch && patch.deleted !== null && typeof patch.deleted !== 'boolean')
    unknown.deleted = 'Oui ou non attendu';
  let count = 'deleted' in unknown ? 1 : 0;
  for (const field of Object.keys(patch)) {
    if (known.has(field) || SERVER_FIELDS.has(field)) continue;
    unknown[field] = 'Champ inconnu';
    if (++count >= 10) break;
  }
  return count ? refuse(unknown) : OK;
};

/**
 * The fields a patch sets, each checked as it would be stored (for a change that is not merged into
 * a record, such as an edit that met a deletion and is only kept in a conflict).
 */
export const checkPatchValues = (table: SyncTable, patch: Record<string, unknown>): CheckResult => {
  const values = Object.fromEntries(
    Object.entries(patch).filter(([f, v]) => v !== null && !SERVER_FIELDS.has(f)),
  );
  const result = tombstoneSchema(table).safeParse(values);
  return result.success ? OK : refuse(issues(result.error));
};

/**
 * Upgrades a patch (or whole record) written at `from` (a table schema version) to the table's
 * current version; undefined when `from` is not a version this app knows.
 */
export const upgradePatch = (
  table: SyncTable,
  patch: Record<string, unknown>,
  from: number,
  schemas = RECORD_SCHEMAS,
): Record<string, unknown> | undefined => {
  const { version, upgrades } = schemas[table];
  if (!Number.isInteger(from) || from < 1 || from > version) return undefined;
  let current = patch;
  for (let v = from; v < version; v++) current = upgrades[v - 1]!(current);
  return current;
};
