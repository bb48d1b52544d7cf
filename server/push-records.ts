// The records one push reads and writes, in few statements (server/push.ts). A push runs while it
// holds its structure's version counter, so each round trip to the database inside it delays every
// other push of the structure: on PostgreSQL a push of 10 sessions took some 46 statements (a read
// of each record, one per reference kind, a write each). Here the device's counter, the records a
// push names and the records they refer to are read in one statement (start), reads inside the push
// are served from what was read or written before in it, and the writes go at the end: on
// PostgreSQL one statement for every table and both counters (flush), elsewhere one per table.
import type { Param, Sql } from './db/sql';
import { readBlobList, writeRecordBlobs, type RecordBlobChange } from './record-blobs';
import type { DeviceEpochRow } from './server-state';

export interface RecordRow {
  structure_id: string;
  version: number;
  deleted: number;
  data: string;
  field_versions: string;
  blobs: string;
}

const CHUNK = 100;
const key = (table: string, id: string) => `${table}\u0000${id}`;

/** A statement and its parameters, to run later. */
export interface Statement {
  text: string;
  params: Param[];
}

/** Rows as one array per column (PostgreSQL's unnest takes them so: one statement text for any count). */
export const columns = (rows: Param[][], width: number): Param[] =>
  Array.from({ length: width }, (_, c) => rows.map((row) => row[c] ?? null) as Param);

const UPSERT_UNNEST = `INSERT INTO records (tbl, id, structure_id, version, deleted, data, field_versions, blobs, updated_at)
  SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[])
  ON CONFLICT (tbl, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
    data = excluded.data, field_versions = excluded.field_versions, blobs = excluded.blobs,
    updated_at = excluded.updated_at`;

const CONFLICTS_UNNEST = `INSERT INTO conflicts (id, structure_id, tbl, record_id, field, kept_value, lost_value, kept_by,
                                       lost_by, detected_at, version)
  SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                       ?::text[], ?::text[], ?::bigint[])`;

/**
 * Statements that modify different rows run as one on PostgreSQL: each but the last is a part of a
 * WITH (they see the same snapshot, none reads what another writes), in one round trip.
 */
const runAsOne = async (sql: Sql, statements: Statement[]): Promise<void> => {
  const last = statements.at(-1);
  if (!last) return;
  const parts = statements.slice(0, -1).map((s, i) => `w${i} AS (${s.text} RETURNING 1)`);
  await sql.run(parts.length ? `WITH ${parts.join(', ')} ${last.text}` : last.text, [
    ...statements.flatMap((s) => s.params),
  ]);
};

/**
 * Values by table, then by id: a push looks each id up several times (its record, its references,
 * their owners), and no key text is made for a lookup.
 */
class TableMap<V> {
  private readonly tables = new Map<string, Map<string, V>>();

  has(table: string, id: string): boolean {
    return this.tables.get(table)?.has(id) ?? false;
  }

  get(table: string, id: string): V | undefined {
    return this.tables.get(table)?.get(id);
  }

  set(table: string, id: string, value: V): void {
    let ids = this.tables.get(table);
    if (!ids) this.tables.set(table, (ids = new Map()));
    ids.set(id, value);
  }
}

/** The pairs once each, but those one of `skip` holds. */
const unique = (pairs: [string, string][], ...skip: TableMap<unknown>[]): [string, string][] => {
  const seen = new TableMap<true>();
  return pairs.filter(([t, id]) => {
    if (seen.has(t, id) || skip.some((s) => s.has(t, id))) return false;
    seen.set(t, id, true);
    return true;
  });
};

export class PushRecords {
  private readonly rows = new TableMap<RecordRow | null>();
  /** Each record's `blobs` column as the database holds it ('[]' when absent): record_blobs follows changes only. */
  private readonly storedBlobs = new TableMap<string>();
  /**
   * The structure of records this push only refers to (a session's beneficiaries and lieu): their
   * existence is all a reference check needs, so their data is not read (null: no such record).
   */
  private readonly owners = new TableMap<string | null>();
  private readonly dirty = new Map<string, { table: string; id: string; updatedAt: string }>();
  private conflicts: Param[][] = [];
  private readonly read: Param[][] = [];

  /**
   * `tracked`: remember every record read, for `expectations` (a push decided from a snapshot,
   * server/push-one-call.ts); the other pushes keep no such list.
   */
  constructor(
    private readonly sql: Sql,
    private readonly tracked = false,
  ) {}

  /**
   * The first read of a push, once it holds its structure's lock: the device's counter and epoch,
   * the records the push names and the owners of those they refer to, in one statement (one round
   * trip while the lock is held). What does not fit one chunk is read after, by prefetch.
   */
  async start(
    deviceId: string,
    targets: [table: string, id: string][],
    referred: [table: string, id: string][],
    /** A structure whose version to read in the same statement (a push decided from a snapshot). */
    structureId?: string,
  ): Promise<(DeviceEpochRow & { structure_version?: number | null }) | undefined> {
    const named = unique(targets).slice(0, CHUNK);
    const namedPairs = new TableMap<true>();
    for (const [t, id] of named) namedPairs.set(t, id, true);
    const owned = unique(referred, namedPairs).slice(0, CHUNK);
    const pairs = (list: [string, string][]) =>
      list.length ? list.map(() => '(?, ?)').join(', ') : '(NULL, NULL)';
    const version = structureId
      ? ', (SELECT last_version FROM structures WHERE id = ?) AS structure_version'
      : '';
    const found = await this.sql.all<
      DeviceEpochRow & { kind: 't' | 'o' | null; tbl: string; structure_version?: number | null } & Omit<
          RecordRow,
          'structure_id'
        > & {
          id: string;
          structure_id: string;
        }
    >(
      `SELECT d.last_seq, d.epoch, (SELECT value FROM server_state WHERE key = 'epoch') AS server_epoch${version}, p.*
       FROM devices d LEFT JOIN (
         SELECT 't' AS kind, tbl, id, structure_id, version, deleted, data, field_versions, blobs FROM records
         WHERE (tbl, id) IN (VALUES ${pairs(named)})
         UNION ALL
         SELECT 'o' AS kind, tbl, id, structure_id, CAST(NULL AS BIGINT), CAST(NULL AS INTEGER),
                CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT) FROM records
         WHERE (tbl, id) IN (VALUES ${pairs(owned)})
       ) p ON TRUE
       WHERE d.id = ?`,
      [...(structureId ? [structureId] : []), ...named.flat(), ...owned.flat(), deviceId],
    );
    const device = found[0];
    if (!device) return undefined;
    for (const [t, id] of named) {
      this.rows.set(t, id, null);
      this.storedBlobs.set(t, id, '[]');
    }
    for (const [t, id] of owned) this.owners.set(t, id, null);
    for (const { kind, tbl, id, structure_id, version, deleted, data, field_versions, blobs } of found) {
      if (kind === 't') {
        this.rows.set(tbl, id, { structure_id, version, deleted, data, field_versions, blobs });
        this.storedBlobs.set(tbl, id, blobs);
      } else if (kind === 'o') this.owners.set(tbl, id, structure_id);
    }
    this.remember(named, false);
    this.remember(owned, true);
    await this.prefetch(targets);
    await this.prefetchOwners(referred);
    return {
      last_seq: device.last_seq,
      epoch: device.epoch,
      server_epoch: device.server_epoch,
      ...(structureId ? { structure_version: device.structure_version } : {}),
    };
  }

  /** What was read of `pairs` (just read: nothing written yet), for `expectations`. */
  private remember(pairs: [string, string][], ownerOnly: boolean): void {
    if (!this.tracked) return;
    for (const [t, id] of pairs) {
      const row = this.rows.get(t, id);
      if (ownerOnly && row === undefined) this.read.push([t, id, this.owners.get(t, id) ?? null, null]);
      else this.read.push([t, id, row?.structure_id ?? null, row ? Number(row.version) : null]);
    }
  }

  /**
   * Every record this push read, as (table, id, structure, version): absent ones with a null
   * structure, those read for their owner only with a null version. A push decided from a snapshot
   * is written only if these still hold under the lock (server/db/push-function.ts).
   */
  expectations(): Param[] {
    return columns(this.read, 4);
  }

  /** Reads every record of `pairs` (table, id) in one statement per chunk; absent ones are remembered too. */
  async prefetch(pairs: [table: string, id: string][]): Promise<void> {
    const wanted = unique(pairs, this.rows);
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const chunk = wanted.slice(i, i + CHUNK);
      const found = await this.sql.all<RecordRow & { tbl: string; id: string }>(
        `SELECT tbl, id, structure_id, version, deleted, data, field_versions, blobs FROM records
         WHERE (tbl, id) IN (VALUES ${chunk.map(() => '(?, ?)').join(', ')})`,
        chunk.flat(),
      );
      for (const [t, id] of chunk) {
        this.rows.set(t, id, null);
        this.storedBlobs.set(t, id, '[]');
      }
      for (const { tbl, id, ...row } of found) {
        this.rows.set(tbl, id, row);
        this.storedBlobs.set(tbl, id, row.blobs);
      }
      this.remember(chunk, false);
    }
  }

  /** Reads which structure holds each record of `pairs` that is not read already: ids and owners only. */
  async prefetchOwners(pairs: [table: string, id: string][]): Promise<void> {
    const wanted = unique(pairs, this.rows, this.owners);
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const chunk = wanted.slice(i, i + CHUNK);
      const found = await this.sql.all<{ tbl: string; id: string; structure_id: string }>(
        `SELECT tbl, id, structure_id FROM records
         WHERE (tbl, id) IN (VALUES ${chunk.map(() => '(?, ?)').join(', ')})`,
        chunk.flat(),
      );
      for (const [t, id] of chunk) this.owners.set(t, id, null);
      for (const { tbl, id, structure_id } of found) this.owners.set(tbl, id, structure_id);
      this.remember(chunk, true);
    }
  }

  /** The record as this push sees it (stored, or as written earlier in the push). */
  async get(table: string, id: string): Promise<RecordRow | undefined> {
    if (!this.rows.has(table, id)) await this.prefetch([[table, id]]);
    return this.rows.get(table, id) ?? undefined;
  }

  /** Whether every id of `ids` is a record of `table` held by `structureId` (references of a change). */
  async allOf(table: string, ids: string[], structureId: string): Promise<boolean> {
    const missing = ids.filter((id) => !this.rows.has(table, id) && !this.owners.has(table, id));
    if (missing.length) await this.prefetchOwners(missing.map((id) => [table, id]));
    return ids.every((id) => {
      // What this push read or wrote comes first: a record created earlier in it is not in `owners`.
      const row = this.rows.get(table, id);
      return (row === undefined ? this.owners.get(table, id) : row?.structure_id) === structureId;
    });
  }

  write(table: string, id: string, row: RecordRow, updatedAt: string): void {
    this.rows.set(table, id, row);
    this.dirty.set(key(table, id), { table, id, updatedAt });
  }

  /** A conflict row, in the column order of `flush`'s INSERT. */
  addConflict(values: Param[]): void {
    this.conflicts.push(values);
  }

  /**
   * Writes what the push changed: records (latest state of each), which blobs they name, conflicts,
   * then `tail` (UPDATEs). On PostgreSQL, unless blobs changed (their rows need the records first),
   * all of it is one statement: arrays unnested into each table, the UPDATEs as more parts of it.
   */
  async flush(tail: Statement[] = []): Promise<void> {
    const { values, blobChanges } = this.pending();
    if (this.sql.dialect === 'postgres') {
      const upsert: Statement = { text: UPSERT_UNNEST, params: columns(values, 9) };
      if (blobChanges.length) {
        await this.sql.run(upsert.text, upsert.params);
        await writeRecordBlobs(this.sql, blobChanges);
        await this.flushConflicts(tail);
      } else {
        await runAsOne(this.sql, [upsert, { text: CONFLICTS_UNNEST, params: this.takeConflicts() }, ...tail]);
      }
      return;
    }
    for (let i = 0; i < values.length; i += CHUNK) {
      const chunk = values.slice(i, i + CHUNK);
      await this.sql.run(
        `INSERT INTO records (tbl, id, structure_id, version, deleted, data, field_versions, blobs, updated_at)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (tbl, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
           data = excluded.data, field_versions = excluded.field_versions, blobs = excluded.blobs,
           updated_at = excluded.updated_at`,
        chunk.flat(),
      );
    }
    await writeRecordBlobs(this.sql, blobChanges);
    await this.flushConflicts(tail);
  }

  /** The conflicts not written yet, as one array per column (flush's INSERT); none are kept. */
  takeConflicts(): Param[] {
    const conflicts = this.conflicts;
    this.conflicts = [];
    return columns(conflicts, 11);
  }

  /**
   * The records changed since the last call, as rows in flush's column order, and the changes of
   * the blobs they name.
   */
  pending(): { values: Param[][]; blobChanges: RecordBlobChange[] } {
    const records = [...this.dirty.values()];
    this.dirty.clear();
    const blobChanges: RecordBlobChange[] = [];
    for (const { table, id } of records) {
      const row = this.rows.get(table, id)!;
      const stored = this.storedBlobs.get(table, id) ?? '[]';
      if (row.blobs === stored) continue;
      this.storedBlobs.set(table, id, row.blobs);
      const hashes = row.deleted ? [] : readBlobList(row.blobs);
      if (hashes.length === 0 && readBlobList(stored).length === 0) continue;
      blobChanges.push({ table, id, structureId: row.structure_id, hashes });
    }
    const values = records.map(({ table, id, updatedAt }) => {
      const row = this.rows.get(table, id)!;
      return [
        table,
        id,
        row.structure_id,
        row.version,
        row.deleted,
        row.data,
        row.field_versions,
        row.blobs,
        updatedAt,
      ];
    });
    return { values, blobChanges };
  }

  /** Conflicts written so far (before a statement that reads the conflicts table), then `tail`. */
  async flushConflicts(tail: Statement[] = []): Promise<void> {
    const conflicts = this.conflicts;
    this.conflicts = [];
    if (this.sql.dialect === 'postgres') {
      await runAsOne(this.sql, [{ text: CONFLICTS_UNNEST, params: columns(conflicts, 11) }, ...tail]);
      return;
    }
    for (let i = 0; i < conflicts.length; i += CHUNK) {
      const chunk = conflicts.slice(i, i + CHUNK);
      await this.sql.run(
        `INSERT INTO conflicts (id, structure_id, tbl, record_id, field, kept_value, lost_value, kept_by, lost_by,
                                detected_at, version)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flat(),
      );
    }
    for (const statement of tail) await this.sql.run(statement.text, statement.params);
  }
}
