// Which live record names which blob, per structure: the `record_blobs` table. A structure reads a
// blob only when one of its live records names it, and a blob no record names any more is collected
// (server/blobs.ts); both questions are one indexed look-up here, where they were a scan of every
// record's JSON list. The rows are written in the same transaction as the record they come from
// (server/push-records.ts), only for records whose list of blobs changed; a tombstone names none. The
// key (tbl, record_id) follows the record: a record deleted or renamed (server/singletons.ts) takes
// its rows with it (ON DELETE / ON UPDATE CASCADE).
import type { Param, Sql } from './db/sql';

const HASH = /^[0-9a-f]{64}$/;
const CHUNK = 100;

/** The hashes of a record's stored `blobs` column, without trusting it (anything unreadable: none). */
export const readBlobList = (text: string | null | undefined): string[] => {
  if (!text || text === '[]') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  return Array.isArray(value)
    ? [...new Set(value.filter((h): h is string => typeof h === 'string' && HASH.test(h)))]
    : [];
};

export interface RecordBlobChange {
  table: string;
  id: string;
  structureId: string;
  /** The hashes the record names now (none for a tombstone). */
  hashes: string[];
}

/**
 * Replaces the rows of each record of `changes` by its hashes, in few statements: one delete and one
 * insert per hundred records. The records must be written already (the rows reference them).
 */
export const writeRecordBlobs = async (sql: Sql, changes: RecordBlobChange[]): Promise<void> => {
  for (let i = 0; i < changes.length; i += CHUNK) {
    const chunk = changes.slice(i, i + CHUNK);
    await sql.run(
      `DELETE FROM record_blobs WHERE (tbl, record_id) IN (VALUES ${chunk.map(() => '(?, ?)').join(', ')})`,
      chunk.flatMap((c) => [c.table, c.id]),
    );
  }
  const rows: Param[][] = changes.flatMap((c) =>
    c.hashes.map((hash) => [c.table, c.id, c.structureId, hash]),
  );
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await sql.run(
      `INSERT INTO record_blobs (tbl, record_id, structure_id, hash)
       VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
      chunk.flat(),
    );
  }
};

/**
 * Fills `record_blobs` from the records already stored (the migration that creates it, and a restore
 * of a backup taken before it): what each live record's `blobs` column names.
 */
export const fillRecordBlobs = async (sql: Sql): Promise<number> => {
  const rows = await sql.all<{ tbl: string; id: string; structure_id: string; blobs: string }>(
    `SELECT tbl, id, structure_id, blobs FROM records WHERE deleted = 0 AND blobs <> '[]'`,
  );
  const changes = rows.map((r) => ({
    table: r.tbl,
    id: r.id,
    structureId: r.structure_id,
    hashes: readBlobList(r.blobs),
  }));
  await writeRecordBlobs(sql, changes);
  return changes.reduce((n, c) => n + c.hashes.length, 0);
};
