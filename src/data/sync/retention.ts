// A tablet keeps no more than the server does: the personal data of a deleted beneficiary leaves the
// conflicts that held it, tombstones and resolved conflicts the server has purged are dropped here
// too, and binaries no record, draft or change refers to any more are removed
// (docs/sync-protocol.md, « Ce que la tablette oublie »).
import { SYNC_TABLES, type RecordMeta, type SyncTable } from '../../domain/records';
import { anonymisedConflict, anonymisedOnDeletion } from '../../domain/retention';
import type { PurgeMarks } from '../../domain/sync';
import type { SillonDB } from '../db';
import { getMeta, setMeta } from '../meta';
import type { StoredConflict } from './apply';
import { MISSING_BLOBS_KEY } from './engine';

/** Anonymises, on this device, the conflicts of a record that has just been deleted here. */
export const anonymiseLocalConflicts = async (db: SillonDB, table: SyncTable, recordId: string): Promise<void> => {
  if (!anonymisedOnDeletion(table)) return;
  const conflicts = (await db.conflicts.where({ table, recordId }).toArray()) as StoredConflict[];
  for (const conflict of conflicts) {
    const next = anonymisedConflict(conflict);
    if (next !== conflict) await db.conflicts.put(next);
  }
};

/**
 * A conflict arriving from the server about a record deleted on this device (perhaps not yet
 * pushed) keeps none of the deleted person's data: the server will say the same once it has the
 * deletion.
 */
export const anonymiseIfRecordDeleted = async <C extends StoredConflict>(db: SillonDB, conflict: C): Promise<C> => {
  if (!anonymisedOnDeletion(conflict.table)) return conflict;
  const record = await db.table<RecordMeta, string>(conflict.table).get(conflict.recordId);
  return record?.deleted ? anonymisedConflict(conflict) : conflict;
};

/**
 * Drops what the server has purged: tombstones and resolved conflicts at or below its marks (the
 * caller has pulled up to a cursor at or above them, so it has seen everything they cover). A record
 * with a change not yet sent, and a resolution not yet sent, stay.
 */
export const dropPurged = async (db: SillonDB, marks: PurgeMarks): Promise<{ records: number; conflicts: number }> => {
  const dropped = { records: 0, conflicts: 0 };
  if (marks.tombstones <= 0 && marks.conflicts <= 0) return dropped;
  const tables = SYNC_TABLES.map((t) => db.table(t));
  await db.transaction('rw', [...tables, db.outbox, db.conflicts], async () => {
    if (marks.tombstones > 0) {
      const pending = new Set((await db.outbox.toArray()).map((e) => `${e.table}:${e.recordId}`));
      for (const name of SYNC_TABLES as readonly SyncTable[]) {
        const table = db.table<RecordMeta, string>(name);
        const ids = (
          await table
            .filter((r) => r.deleted === true && (r.serverVersion ?? 0) > 0 && r.serverVersion! <= marks.tombstones)
            .toArray()
        )
          .map((r) => r.id)
          .filter((id) => !pending.has(`${name}:${id}`));
        await table.bulkDelete(ids);
        dropped.records += ids.length;
      }
    }
    if (marks.conflicts > 0) {
      const ids = ((await db.conflicts.toArray()) as StoredConflict[])
        .filter(
          (c) =>
            c.resolvedAt !== undefined &&
            !c.resolutionPending &&
            (c.serverVersion ?? 0) > 0 &&
            c.serverVersion! <= marks.conflicts,
        )
        .map((c) => c.id);
      await db.conflicts.bulkDelete(ids);
      dropped.conflicts = ids.length;
    }
  });
  return dropped;
};

/** Key under which a resync's `seen` set records a conflict (records use `table:id`). */
export const conflictKey = (id: string): string => `conflict:${id}`;

/**
 * After a full resync: conflicts this device got from the server before and that the server no
 * longer has (purged) are dropped, except a resolution not yet sent.
 */
export const dropVanishedConflicts = async (db: SillonDB, seen: Set<string>): Promise<number> =>
  db.transaction('rw', db.conflicts, async () => {
    const ids = ((await db.conflicts.toArray()) as StoredConflict[])
      .filter((c) => (c.serverVersion ?? 0) > 0 && !c.resolutionPending && !seen.has(conflictKey(c.id)))
      .map((c) => c.id);
    await db.conflicts.bulkDelete(ids);
    return ids.length;
  });

// ------------------------------------------------------------------ blobs

export const BLOB_GC_KEY = 'sync.blobsCollectedAt';
/** A binary stored by a form that was never saved is kept this long (the form may still be open). */
const UNSAVED_BLOB_GRACE_MS = 24 * 60 * 60 * 1000;
const GC_PERIOD_MS = 24 * 60 * 60 * 1000;
const HASH = /"([0-9a-f]{64})"/g;

const hashesIn = (value: unknown, into: Set<string>): void => {
  for (const match of JSON.stringify(value ?? null).matchAll(HASH)) into.add(match[1]!);
};

/**
 * Every blob hash something on this device still refers to: records (tombstones included: a deleted
 * loan can be restored from a conflict), conflicts' values, drafts, changes waiting to be sent.
 * Hashes are found by their shape (64 hex digits as a string value), so a new table or field that
 * references a blob is covered without being listed here.
 */
export const referencedBlobs = async (db: SillonDB): Promise<Set<string>> => {
  const hashes = new Set<string>();
  for (const table of SYNC_TABLES) await db.table(table).each((r: unknown) => hashesIn(r, hashes));
  await db.conflicts.each((c) => hashesIn([c.keptValue, c.lostValue], hashes));
  await pendingReferences(db, hashes);
  return hashes;
};

/** What forms and unsent changes refer to (read again just before deleting: they move while we scan). */
const pendingReferences = async (db: SillonDB, hashes: Set<string>): Promise<void> => {
  await db.drafts.each((d) => hashesIn(d.data, hashes));
  await db.outbox.each((e) => {
    hashesIn(e.patch, hashes);
    for (const hash of e.blobs ?? []) hashes.add(hash);
  });
};

/**
 * Removes binaries nothing refers to any more (a replaced photo, a purged loan, an abandoned form's
 * signature after a day), and forgets downloads nothing needs. Returns how many were removed. Run it
 * inside a sync (records then change only through local writes, which go through the outbox).
 */
export const collectBlobs = async (db: SillonDB, now: Date = new Date()): Promise<number> => {
  const referenced = await referencedBlobs(db);
  return db.transaction('rw', [db.blobs, db.drafts, db.outbox, db.meta], async () => {
    await pendingReferences(db, referenced);
    const stale: string[] = [];
    await db.blobs.each((blob) => {
      if (referenced.has(blob.hash)) return;
      const storedAt = blob.storedAt ? Date.parse(blob.storedAt) : 0;
      if (blob.uploaded || now.getTime() - storedAt > UNSAVED_BLOB_GRACE_MS) stale.push(blob.hash);
    });
    await db.blobs.bulkDelete(stale);
    const missing = (await getMeta<string[]>(db, MISSING_BLOBS_KEY)) ?? [];
    const needed = missing.filter((hash) => referenced.has(hash));
    if (needed.length !== missing.length) await setMeta(db, MISSING_BLOBS_KEY, needed);
    await setMeta(db, BLOB_GC_KEY, now.toISOString());
    return stale.length;
  });
};

/** Runs collectBlobs at most once a day (it reads every record). */
export const collectBlobsDaily = async (db: SillonDB, now: Date = new Date()): Promise<number> => {
  const last = await getMeta<string>(db, BLOB_GC_KEY);
  if (last && now.getTime() - Date.parse(last) < GC_PERIOD_MS && now.getTime() >= Date.parse(last)) return 0;
  if ((await db.blobs.count()) === 0) {
    await setMeta(db, BLOB_GC_KEY, now.toISOString());
    return 0;
  }
  return collectBlobs(db, now);
};
