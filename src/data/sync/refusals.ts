// Changes the server refused (docs/sync-protocol.md, « Refused changes »). A refused change stays in
// the outbox, marked, so that the record keeps showing it (a pull rebases it like any pending change)
// and nothing the advisor typed is lost. It is not sent again as such: the next change of the same
// record carries its fields too (« Corriger » opens the form; saving sends the record as it now is),
// or the advisor discards it and the record takes back the server's state.
import type { RecordMeta, SyncTable } from '../../domain/records';
import type { Mutation, PushResponse, RefusedMutation } from '../../domain/sync';
import type { OutboxEntry, SillonDB } from '../db';
import { getMeta, setMeta } from '../meta';

const keyOf = (e: Pick<OutboxEntry, 'table' | 'recordId'>) => `${e.table}:${e.recordId}`;

export type RefusedEntry = OutboxEntry & { refused: NonNullable<OutboxEntry['refused']> };

/**
 * Mutation ids of changes taken back before they were sent (discardChanges): each is sent once as a
 * « withdraw », so that what this device sends stays gap-free (the server answers a gap with 400
 * seq_gap, and the device's sync would be stuck behind it). Renumbering the later changes instead
 * could reuse an id the server already applied from an answer that was lost.
 */
export const WITHDRAWN_KEY = 'sync.withdrawn';

interface Withdrawn {
  seq: number;
  table: SyncTable;
  recordId: string;
  at: string;
}

/** Forgets the ids taken back: for a device whose changes are numbered again (a new server epoch). */
export const forgetWithdrawn = (db: SillonDB): Promise<void> => db.meta.delete(WITHDRAWN_KEY);

/** Every refused change, oldest first. */
export const listRefusals = async (db: SillonDB): Promise<RefusedEntry[]> =>
  (await db.outbox.orderBy('seq').filter((e) => !!e.refused).toArray()) as RefusedEntry[];

/** Refused changes of one record, oldest first. */
export const refusalsOf = async (db: SillonDB, table: SyncTable, recordId: string): Promise<RefusedEntry[]> =>
  (await db.outbox.where('recordId').equals(recordId).toArray())
    .filter((e): e is RefusedEntry => e.table === table && !!e.refused)
    .sort((a, b) => a.seq! - b.seq!);

/** Changes waiting to be sent (refused ones excluded; imported ones included). */
export const sendableCount = (db: SillonDB): Promise<number> => db.outbox.filter((e) => !e.refused).count();

/** Refused changes by record, for one push run (they change only when a push answers). */
export const refusedByRecord = async (db: SillonDB): Promise<Map<string, RefusedEntry[]>> => {
  const byKey = new Map<string, RefusedEntry[]>();
  for (const entry of await listRefusals(db)) byKey.set(keyOf(entry), [...(byKey.get(keyOf(entry)) ?? []), entry]);
  return byKey;
};

/** Changes to send, the mutations that carry them, and the refused changes each one carries. */
export interface Batch {
  /** Outbox entries, and ids taken back (`withdrawn`: not in the outbox, sent as « withdraw »). */
  entries: (OutboxEntry & { withdrawn?: true })[];
  mutations: Mutation[];
  absorbed: number[][];
}

/**
 * The next `limit` changes to send, oldest first. A change of a record whose earlier change was
 * refused carries that change's fields too, with their values as the record now shows them, and the
 * oldest base version (so that the server still sees what others changed since).
 */
export const nextMutations = async (
  db: SillonDB,
  limit: number,
  refused: Map<string, RefusedEntry[]>,
  /** Changes imported from this device's file (src/data/sync/import.ts), under its ids; else this device's own. */
  origin?: string,
): Promise<Batch> => {
  const queued = await db.outbox
    .orderBy('seq')
    .filter((e) => !e.refused && (origin ? e.origin?.deviceId === origin : !e.origin))
    .limit(limit)
    .toArray();
  // Ids taken back are this device's own: they go in order among its changes.
  const withdrawn: Batch['entries'] = origin
    ? []
    : ((await getMeta<Withdrawn[]>(db, WITHDRAWN_KEY)) ?? []).map((w) => ({
        ...w,
        op: 'put',
        patch: {},
        baseVersion: 0,
        withdrawn: true,
      }));
  const entries: Batch['entries'] = [...queued, ...withdrawn].sort((a, b) => a.seq! - b.seq!).slice(0, limit);
  const mutations: Mutation[] = [];
  const absorbed: number[][] = [];
  for (const entry of entries) {
    if (entry.withdrawn) {
      const { seq, table, recordId, at } = entry;
      mutations.push({ seq: seq!, table, recordId, op: 'withdraw', patch: {}, baseVersion: 0, at });
      absorbed.push([]);
      continue;
    }
    // An imported change travels as it was made: only this device's own changes carry refused ones.
    const earlier = origin ? [] : (refused.get(keyOf(entry)) ?? []).filter((r) => r.seq! < entry.seq!);
    absorbed.push(earlier.map((r) => r.seq!));
    let { patch, baseVersion } = entry;
    let blobs = entry.blobs ?? [];
    if (earlier.length > 0) {
      const local = (await db.table(entry.table).get(entry.recordId)) as Record<string, unknown> | undefined;
      const carried: Record<string, unknown> = {};
      for (const r of earlier)
        for (const field of Object.keys(r.patch)) carried[field] = local && field in local ? local[field] : null;
      patch = { ...carried, ...entry.patch };
      baseVersion = Math.min(baseVersion, ...earlier.map((r) => r.baseVersion));
      blobs = [...new Set([...earlier.flatMap((r) => r.blobs ?? []), ...blobs])];
    }
    mutations.push({
      seq: origin ? entry.origin!.seq : entry.seq!,
      table: entry.table,
      recordId: entry.recordId,
      op: entry.op,
      patch,
      baseVersion,
      at: entry.at,
      ...(entry.schemaVersion ? { schemaVersion: entry.schemaVersion } : {}),
      ...(blobs.length ? { blobs } : {}),
    });
  }
  return { entries, mutations, absorbed };
};

/**
 * After a push answer, in one transaction: acknowledged changes leave the outbox; refused ones stay,
 * marked with the reason (and the patch actually sent); earlier refused changes of a record whose
 * newer change was answered are absorbed by it.
 */
export const settlePush = async (
  db: SillonDB,
  sent: Batch,
  response: PushResponse,
  refused: Map<string, RefusedEntry[]>,
  now = new Date(),
): Promise<void> => {
  const refusals = new Map<number, RefusedMutation>((response.refused ?? []).map((r) => [r.seq, r]));
  await db.transaction('rw', db.outbox, db.meta, async () => {
    const withdrawnAcked = new Set<number>();
    for (const [i, entry] of sent.entries.entries()) {
      // The ack counts in the ids the mutations were sent with (the origin device's, for imported ones).
      const sentSeq = sent.mutations[i]!.seq;
      if (sentSeq > response.ack) continue;
      if (entry.withdrawn) {
        withdrawnAcked.add(sentSeq);
        continue;
      }
      const key = keyOf(entry);
      const absorbed = new Set(sent.absorbed[i]);
      await db.outbox.bulkDelete([...absorbed]);
      const left = (refused.get(key) ?? []).filter((r) => !absorbed.has(r.seq!));
      const refusal = refusals.get(sentSeq);
      if (!refusal) {
        await db.outbox.delete(entry.seq!);
        refused.set(key, left);
        continue;
      }
      const mutation = sent.mutations[i]!;
      const marked: RefusedEntry = {
        ...entry,
        patch: mutation.patch,
        baseVersion: mutation.baseVersion,
        ...(mutation.blobs ? { blobs: mutation.blobs } : {}),
        refused: {
          code: refusal.code,
          message: refusal.message,
          ...(refusal.fields ? { fields: refusal.fields } : {}),
          at: now.toISOString(),
          current: refusal.current ?? null,
        },
      };
      await db.outbox.put(marked);
      refused.set(key, [...left, marked]);
    }
    if (withdrawnAcked.size > 0) {
      const left = ((await getMeta<Withdrawn[]>(db, WITHDRAWN_KEY)) ?? []).filter((w) => !withdrawnAcked.has(w.seq));
      await setMeta(db, WITHDRAWN_KEY, left);
    }
  });
};

/**
 * Discards every change of a record not yet accepted (refused ones and any typed since): the record
 * takes back the server's state, or goes away if the server never had it.
 */
export const discardChanges = async (db: SillonDB, table: SyncTable, recordId: string): Promise<void> => {
  await db.transaction('rw', db.table(table), db.outbox, db.meta, async () => {
    const entries = (await db.outbox.where('recordId').equals(recordId).toArray()).filter(
      (e) => e.table === table,
    );
    const last = entries.filter((e) => e.refused).sort((a, b) => b.seq! - a.seq!)[0];
    if (!last?.refused) return;
    await db.outbox.bulkDelete(entries.map((e) => e.seq!));
    // A refused change was acknowledged; one typed since was not sent: its id is taken back. (An
    // imported change is counted against its own device, which accepts gaps.)
    const unsent = entries.filter((e) => !e.refused && !e.origin);
    if (unsent.length > 0) {
      const withdrawn = (await getMeta<Withdrawn[]>(db, WITHDRAWN_KEY)) ?? [];
      const at = new Date().toISOString();
      await setMeta(db, WITHDRAWN_KEY, [
        ...withdrawn,
        ...unsent.map((e) => ({ seq: e.seq!, table: e.table, recordId: e.recordId, at })),
      ]);
    }
    const current = last.refused.current;
    if (!current) {
      await db.table(table).delete(recordId);
      return;
    }
    const restored: Record<string, unknown> = { ...current.data, id: recordId, serverVersion: current.version };
    if (current.deleted) restored.deleted = true;
    else delete restored.deleted;
    await db.table<RecordMeta, string>(table).put(restored as unknown as RecordMeta);
  });
};

/**
 * A pulled record's state, kept with its refused changes: discarding them then restores exactly what
 * the server holds. Runs inside the pull's transaction.
 */
export const keepServerState = async (
  db: SillonDB,
  pending: OutboxEntry[],
  record: { version: number; deleted: boolean; data: Record<string, unknown> },
): Promise<void> => {
  for (const entry of pending) {
    if (!entry.refused) continue;
    entry.refused = {
      ...entry.refused,
      current: { version: record.version, deleted: record.deleted, data: record.data },
    };
    await db.outbox.put(entry);
  }
};
