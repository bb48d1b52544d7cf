import { SYNC_TABLES, type RecordMeta, type SyncTable } from '../../domain/records';
import type { PullResponse, SyncConflict } from '../../domain/sync';
import type { BeneficiaryInput } from '../../domain/beneficiary';
import { BENEFICIARY_PERSONAL_FIELDS, anonymisedOnDeletion } from '../../domain/retention';
import { derivedFields } from '../beneficiaries';
import { followMerges } from '../beneficiaries-merge';
import type { Conflict, OutboxEntry, SillonDB } from '../db';
import { SLICE_MS } from '../bulk-write';
import { setMeta } from '../meta';
import { anonymiseIfRecordDeleted, conflictKey } from './retention';
import { keepServerState } from './refusals';
import { SetAside } from './set-aside';

/** A conflict as stored on the device: the server's fields plus what this device has not sent yet. */
export interface StoredConflict extends Conflict {
  keptBy?: string;
  resolvedBy?: string;
  resolution?: 'kept' | 'lost';
  /** Server version of this conflict's state. */
  serverVersion?: number;
  /** Resolved here, not yet acknowledged by the server. */
  resolutionPending?: boolean;
}

export const CURSOR_KEY = 'sync.cursor';
/** Set when the next pull starts again from zero (offline too long, a server restored, a push behind). */
export const RESYNC_KEY = 'sync.resync';

/**
 * Records per slice at most: writing a record costs the main thread more than checking it — sealed
 * at rest, then cloned by IndexedDB with its index keys computed when `bulkPut` is called. Traced at
 * CPU 4× (7 Dec, first sync of 10,000 records, load 8-9): a slice of 50 took 85-148 ms of the main
 * thread's time (its 50 puts alone 35-90 ms), a slice of 20 at most 68 ms; the whole sync the same.
 */
const SLICE_RECORDS = 20;
/** Keys of local records compared with a pull from zero between two pauses. */
const VANISHED_PER_PAUSE = 2000;
// Fewer than 50 rows per write: Dexie's liveQuery bookkeeping (dexie.mjs, observability middleware)
// then tracks each index key in range trees and hands them to the other tabs at commit (from 50 rows
// on it marks the table wholly changed). With encryption at rest the rows' own cost outweighs it: the
// page's commit stayed under 90 ms of main-thread time at CPU 4× in the trace above, where slices of
// 50 made tasks of up to 148 ms. (Before encryption at rest, slices of 16 had cost a 185 ms commit.)

/** Lays a change over a record: a null field is cleared; a deletion marks it deleted. */
export const applyPatch = (target: Record<string, unknown>, entry: Pick<OutboxEntry, 'patch' | 'op'>): void => {
  for (const [field, value] of Object.entries(entry.patch)) {
    if (value === null) delete target[field];
    else target[field] = value;
  }
  if (entry.op === 'delete') target.deleted = true;
};

/**
 * Applies one pulled page in one transaction, with the new cursor and the merges it brings to
 * follow: a page is either wholly applied or not at all, so a pull interrupted anywhere resumes where it stopped.
 * Local changes not yet acknowledged are re-applied on top of the server's state (rebase), so a
 * pull never hides what the advisor typed; they still travel with their original base version.
 */
export const applyPage = async (db: SillonDB, page: PullResponse, seen?: Set<string>): Promise<string[]> => {
  const blobs = new Set<string>();
  const tables = SYNC_TABLES.map((t) => db.table(t));
  await db.transaction('rw', [...tables, db.outbox, db.conflicts, db.meta, db.setAside], async () => {
    // One outbox read for the whole page: most records carry no local change.
    const pendingByKey = new Map<string, OutboxEntry[]>();
    const pendingRows = await db.outbox
      .where('recordId')
      .anyOf(page.records.map((r) => r.id))
      .toArray();
    for (const entry of pendingRows.sort((x, y) => (x.seq ?? 0) - (y.seq ?? 0))) {
      const key = `${entry.table}:${entry.recordId}`;
      pendingByKey.set(key, [...(pendingByKey.get(key) ?? []), entry]);
    }
    const puts = new Map<SyncTable, Map<string, RecordMeta & Record<string, unknown>>>();
    const aside = new SetAside(db);
    // The page is checked and written in slices of about SLICE_MS of work: awaiting each slice's
    // writes hands the main thread back to the interface (a tap during a first sync is answered at
    // once) while the transaction stays open, as IndexedDB keeps it alive while a request is pending.
    // A record without local changes costs no await: thousands of awaits of settled promises in one
    // transaction made Chromium commit it early (PrematureCommitError on pages of 200 records).
    const flush = async () => {
      for (const [name, byId] of puts) await db.table(name).bulkPut([...byId.values()]);
      puts.clear();
    };
    let sliceStart = performance.now();
    let sliceRecords = 0;
    for (const record of page.records) {
      if (performance.now() - sliceStart > SLICE_MS || sliceRecords >= SLICE_RECORDS) {
        // A slice of records all set aside has nothing to write: one read keeps the yield.
        if (puts.size > 0) await flush();
        else await db.meta.get(CURSOR_KEY);
        sliceStart = performance.now();
        sliceRecords = 0;
      }
      sliceRecords += 1;
      const key = `${record.table}:${record.id}`;
      seen?.add(key);
      // A record this device cannot apply (bad types, unknown fields, damaged on the server) is set
      // aside instead of failing the page: the rest of the structure's changes still arrive.
      if (!aside.accepts(record)) continue;
      const next: Record<string, unknown> = { ...record.data, id: record.id, serverVersion: record.version };
      if (record.deleted) next.deleted = true;
      else delete next.deleted;
      const pending = pendingByKey.get(key);
      if (pending) {
        if (pending.some((e) => e.refused)) await keepServerState(db, pending, record);
        const local = await db.table<RecordMeta, string>(record.table).get(record.id);
        for (const entry of pending) applyPatch(next, entry);
        if (local) next.updatedAt = local.updatedAt;
      }
      // A deleted beneficiary keeps no personal data here either, whatever edit of hers waits.
      if (next.deleted && anonymisedOnDeletion(record.table))
        for (const field of BENEFICIARY_PERSONAL_FIELDS) delete next[field];
      // A merge of two devices' edits can leave the index keys of either: recompute them here.
      if (record.table === 'beneficiaries' && Array.isArray(next.searchTokens)) {
        const { sortKey, searchTokens } = derivedFields(next as unknown as BeneficiaryInput);
        Object.assign(next, { sortKey, searchTokens });
      }
      // Within a page the latest state of a record wins, as if written one after the other.
      const byId = puts.get(record.table) ?? new Map<string, RecordMeta & Record<string, unknown>>();
      byId.set(record.id, next as RecordMeta & Record<string, unknown>);
      puts.set(record.table, byId);
      // The server lists every blob the record ever had: fetch only those it still refers to.
      if (record.blobs.length > 0) {
        const text = JSON.stringify(next);
        for (const hash of record.blobs) if (text.includes(hash)) blobs.add(hash);
      }
    }
    await flush();
    await aside.save();
    for (const conflict of page.conflicts) {
      seen?.add(conflictKey(conflict.id));
      await putConflict(db, conflict);
    }
    // A merge pulled, or a record still naming a merged-away beneficiary: point it to the kept one,
    // with the cursor (a tablet closed right after the page would otherwise never do it).
    await followMerges(db, page.records);
    await setMeta(db, CURSOR_KEY, page.cursor);
  });
  return [...blobs];
};

const putConflict = async (db: SillonDB, incoming: SyncConflict): Promise<void> => {
  const existing = (await db.conflicts.get(incoming.id)) as StoredConflict | undefined;
  const { version, ...fields } = incoming;
  const next: StoredConflict = await anonymiseIfRecordDeleted(db, { ...fields, serverVersion: version });
  // A resolution made here and not yet sent stays until the server has it.
  if (existing?.resolutionPending && !incoming.resolvedAt) {
    next.resolvedAt = existing.resolvedAt;
    next.resolution = existing.resolution;
    next.resolutionPending = true;
  }
  await db.conflicts.put(next);
};

/**
 * After a pull of everything from zero (a first pull, a resync): records that carry no local change
 * and that the server did not send are removed — it no longer has them (their tombstones were
 * purged). That includes a record whose changes this device sent and saw acknowledged but whose
 * server version it never pulled (the pull after the push failed, then the server purged it).
 */
export const dropVanished = async (db: SillonDB, seen: Set<string>, pause?: () => Promise<void>): Promise<number> => {
  // Keys only, and outside the transaction, read a few thousand at a time with the main thread handed
  // back between two reads: going through 50,000 keys at once after a first sync froze the interface,
  // and so did reading them in one request (44,000 keys cloned in one task: 182 ms at CPU 4×).
  const candidates = new Map<SyncTable, string[]>();
  for (const name of SYNC_TABLES as readonly SyncTable[]) {
    const table = db.table<RecordMeta, string>(name);
    const stale: string[] = [];
    let after: string | undefined;
    for (;;) {
      const keys = await (after === undefined ? table.toCollection() : table.where(':id').above(after))
        .limit(VANISHED_PER_PAUSE)
        .primaryKeys();
      for (const key of keys) if (!seen.has(`${name}:${key}`)) stale.push(key);
      if (keys.length < VANISHED_PER_PAUSE) break;
      after = keys[keys.length - 1];
      if (pause) await pause();
    }
    if (stale.length > 0) candidates.set(name, stale);
  }
  if (candidates.size === 0) return 0;
  let removed = 0;
  const tables = SYNC_TABLES.map((t) => db.table(t));
  // A record that gained a local change since, or was written again, stays: checked again here.
  await db.transaction('rw', [...tables, db.outbox], async () => {
    const pendingIds = new Set((await db.outbox.toArray()).map((e) => `${e.table}:${e.recordId}`));
    for (const [name, ids] of candidates) {
      const stale = ids.filter((id) => !seen.has(`${name}:${id}`) && !pendingIds.has(`${name}:${id}`));
      await db.table(name).bulkDelete(stale);
      removed += stale.length;
    }
  });
  return removed;
};
