// Reading what the database holds, without trusting it: a row damaged outside Sillon (edited by
// hand, restored from a broken dump, written by an older server that checked nothing) must never
// make a pull fail for the whole structure. What cannot be read is served as damaged, and the
// devices set it aside (docs/sync-protocol.md, « Pull »).
import { inspectJson, RECORD_JSON_LIMITS } from '../src/domain/json-guard';
import type { SyncTable } from '../src/domain/records';
import type { PulledRecord } from '../src/domain/sync';

const read = (text: string | null): { ok: true; value: unknown } | { ok: false } => {
  if (text === null) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

/** A stored JSON column, or undefined when it cannot be read (a row damaged outside Sillon). */
export const readJson = <T>(text: string): T | undefined => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
};

/** A stored JSON value (a conflict's values), or null when it cannot be read or served safely. */
export const readStoredValue = (text: string | null): unknown => {
  const result = read(text);
  return result.ok && !inspectJson(result.value, RECORD_JSON_LIMITS) ? result.value : null;
};

export interface StoredRecordRow {
  tbl: SyncTable;
  id: string;
  version: number;
  deleted: number;
  data: string;
  blobs: string;
}

/** A record row as a pull serves it: `damaged` (with empty data) when its data is not a safe object. */
export const readStoredRecord = (row: StoredRecordRow): PulledRecord => {
  const data = read(row.data);
  const blobs = read(row.blobs);
  const readable =
    data.ok &&
    typeof data.value === 'object' &&
    data.value !== null &&
    !Array.isArray(data.value) &&
    !inspectJson(data.value, RECORD_JSON_LIMITS);
  const hashes =
    blobs.ok && Array.isArray(blobs.value)
      ? blobs.value.filter((h): h is string => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))
      : [];
  return {
    table: row.tbl,
    id: row.id,
    version: Number(row.version),
    deleted: row.deleted === 1,
    data: readable ? (data.value as Record<string, unknown>) : {},
    blobs: hashes,
    ...(readable ? {} : { damaged: true }),
  };
};
