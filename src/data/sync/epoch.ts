// After the server was restored from a backup (docs/sync-protocol.md, « Restauration »). The server
// carries an epoch that changes at every restore; the device keeps the epoch it synced with. When
// they differ, the restored server has lost what was written since the backup, and this device
// holds part of it: every record it has at a version above the restore point (or whose change the
// server acknowledged before it could be pulled back) goes into the outbox again, whole, before the
// pending changes; the device then pulls everything again (the versions of the old epoch mean
// nothing now), and each change is sent against the server's record as it now is. Nothing is
// dropped that the server lacks, and a record two tablets send again is written once.
import { SYNC_TABLES, type RecordMeta, type SyncTable } from '../../domain/records';
import { RECORD_SCHEMAS } from '../../domain/record-schemas';
import { TABLE_SCHEMA_VERSIONS } from '../../domain/schema-versions';
import { may, type Actor } from '../../domain/permissions';
import type { EpochInfo } from '../../domain/sync';
import type { OutboxEntry, SillonDB } from '../db';
import { getMeta, setMeta } from '../meta';
import { CURSOR_KEY, RESYNC_KEY } from './apply';
import { getSession } from './session';
import { forgetWithdrawn } from './refusals';
import { apiRequest, type TransportOptions } from './transport';

export const EPOCH_KEY = 'sync.epoch';
/** Records whose change the server acknowledged and that no complete pull has brought back yet. */
export const ACKED_KEY = 'sync.ackedSincePull';
/** Outbox entries written by a recovery, to be rebased on the server's state once pulled. */
const RECOVERY_KEY = 'sync.epochRecovery';

/** Fields a device keeps for itself: never sent. */
const LOCAL_FIELDS = new Set(['serverVersion', 'participations', 'deleted', 'id']);

const keyOf = (table: string, id: string) => `${table}:${id}`;

/**
 * The tables in an order where a record comes after those it refers to (a lieu before the
 * activities held there): recovered records are sent so, or the server refuses them as naming
 * records it does not have (« unknown_reference »).
 */
const DEPENDENCY_ORDER: readonly SyncTable[] = (() => {
  const order: SyncTable[] = [];
  const visit = (table: SyncTable, path: SyncTable[]): void => {
    if (order.includes(table) || path.includes(table)) return;
    for (const ref of RECORD_SCHEMAS[table].references) visit(ref.table, [...path, table]);
    order.push(table);
  };
  for (const table of SYNC_TABLES) visit(table, []);
  return order;
})();

/** Records whose change the server acknowledged (the caller passes only those). */
export const rememberAcked = async (db: SillonDB, entries: OutboxEntry[]): Promise<void> => {
  const keys = entries.map((e) => keyOf(e.table, e.recordId));
  if (keys.length === 0) return;
  const known = (await getMeta<string[]>(db, ACKED_KEY)) ?? [];
  await setMeta(db, ACKED_KEY, [...new Set([...known, ...keys])]);
};

/** A pull that reached the server's latest version brought back every acknowledged change. */
export const forgetAcked = (db: SillonDB): Promise<void> => setMeta(db, ACKED_KEY, []);

/**
 * Compares the server's epoch with the device's. The first time, the device just remembers it.
 * On a different epoch, writes the recovery (see above), runs `resync` (a full pull from zero,
 * which keeps pending changes on top), then sends each recovered record against what the server
 * now holds. Returns the epoch to push with (undefined: an older server without epochs).
 */
export const recoverAfterRestore = async (
  db: SillonDB,
  transport: TransportOptions,
  serverEpoch: string | undefined,
  resync: () => Promise<unknown>,
): Promise<string | undefined> => {
  if (!serverEpoch) return undefined;
  const known = await getMeta<string>(db, EPOCH_KEY);
  const pending = await getMeta<number[]>(db, RECOVERY_KEY);
  if (!known) {
    await setMeta(db, EPOCH_KEY, serverEpoch);
    return serverEpoch;
  }
  if (known === serverEpoch && !pending) return serverEpoch;
  if (known !== serverEpoch) {
    const info = await apiRequest<EpochInfo>(transport, 'GET', '/sync/epoch');
    await requeueLost(db, info);
  }
  // Interrupted anywhere, this resumes: the pull from zero and the rebase are idempotent.
  await resync();
  await rebaseRecovered(db);
  return serverEpoch;
};

/** One transaction: lost records back in the outbox, ahead of the pending changes. */
const requeueLost = async (db: SillonDB, info: EpochInfo): Promise<void> => {
  const tables = SYNC_TABLES.map((t) => db.table(t));
  const actor = actorOf(await getSession(db));
  await db.transaction('rw', [...tables, db.outbox, db.meta, db.blobs], async () => {
    const acked = new Set((await getMeta<string[]>(db, ACKED_KEY)) ?? []);
    const queued = await db.outbox.orderBy('seq').toArray();
    const sendable = queued.filter((e) => !e.refused);
    const stored = new Set((await db.blobs.toCollection().primaryKeys()) as string[]);
    const now = new Date().toISOString();
    const recovered: OutboxEntry[] = [];
    for (const table of DEPENDENCY_ORDER) {
      const store = db.table<RecordMeta & Record<string, unknown>, string>(table);
      for (const record of await store.toArray()) {
        const version = record.serverVersion ?? 0;
        if (version <= info.restoredVersion && !acked.has(keyOf(table, record.id))) continue;
        // What the rebase would drop whether the server has the record or not is not queued at all:
        // the pull from zero shows the server's state of it (or drops it if the server has none).
        if (!mayResend(actor, table, record, !!record.deleted, true) && !mayResend(actor, table, record, !!record.deleted, false))
          continue;
        const patch: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(record)) if (!LOCAL_FIELDS.has(field)) patch[field] = value;
        const blobs = RECORD_SCHEMAS[table].blobs(record).filter((hash) => stored.has(hash));
        recovered.push({
          table,
          recordId: record.id,
          op: record.deleted ? 'delete' : 'put',
          patch,
          baseVersion: 0,
          at: typeof record.updatedAt === 'string' ? record.updatedAt : now,
          schemaVersion: TABLE_SCHEMA_VERSIONS[table],
          ...(blobs.length ? { blobs } : {}),
        });
        // Its old-epoch version means nothing to the restored server: 0 until the pull says better.
        await store.update(record.id, { serverVersion: 0 } as never);
        for (const hash of blobs) await db.blobs.update(hash, { uploaded: false });
      }
    }
    // Pending changes go after the records they may build on; their base cannot be above the restore point.
    await db.outbox.bulkDelete(sendable.map((e) => e.seq!));
    await forgetWithdrawn(db);
    const seqs: number[] = [];
    for (const entry of recovered) seqs.push((await db.outbox.add(entry)) as number);
    for (const { seq: _seq, ...entry } of sendable)
      await db.outbox.add({ ...entry, baseVersion: Math.min(entry.baseVersion, info.restoredVersion) });
    for (const entry of queued.filter((e) => e.refused))
      await db.outbox.update(entry.seq!, { baseVersion: Math.min(entry.baseVersion, info.restoredVersion) });
    await setMeta(db, RECOVERY_KEY, seqs);
    await setMeta(db, ACKED_KEY, []);
    await setMeta(db, CURSOR_KEY, 0);
    await setMeta(db, RESYNC_KEY, true);
    await setMeta(db, EPOCH_KEY, info.epoch);
  });
};

const actorOf = (session: Awaited<ReturnType<typeof getSession>>): Actor => ({
  role: session?.user.role,
  userId: session?.user.userId,
});

/**
 * Whether this person sends a recovered record again: one the server has if she may change (or
 * delete) it; one it lacks if she is its author (the server would make her the author of another's)
 * and it is not a deletion (a deletion of a record the server never had is simply forgotten).
 */
const mayResend = (
  actor: Actor,
  table: SyncTable,
  record: { createdBy?: unknown } | undefined,
  deletes: boolean,
  onServer: boolean,
): boolean =>
  onServer
    ? may(actor, table, deletes ? 'delete' : 'update', record)
    : !deletes && (record?.createdBy === undefined || record.createdBy === actor.userId);

/**
 * After the full pull: each recovered record is sent against the server's version of it (a plain
 * write, so two tablets sending the same record again make no conflict), or as a creation when the
 * server has none. What this person may not do (another's record she may not change or delete) is
 * left to its author's tablet, as is re-creating another's record (the server would make her its
 * author); a deletion of a record the server never had is simply forgotten.
 */
const rebaseRecovered = async (db: SillonDB): Promise<void> => {
  const tables = SYNC_TABLES.map((t) => db.table(t));
  const actor = actorOf(await getSession(db));
  await db.transaction('rw', [...tables, db.outbox, db.meta], async () => {
    const seqs = (await getMeta<number[]>(db, RECOVERY_KEY)) ?? [];
    let pullAgain = false;
    for (const entry of await db.outbox.bulkGet(seqs)) {
      if (!entry) continue;
      const store = db.table<RecordMeta & Record<string, unknown>, string>(entry.table);
      const local = await store.get(entry.recordId);
      const version = local?.serverVersion ?? 0;
      const onServer = version > 0;
      if (mayResend(actor, entry.table, local, entry.op === 'delete', onServer)) {
        const cleared = onServer && local && entry.op === 'put' ? await clearedSinceBackup(db, entry, local) : [];
        if (cleared.length) {
          const patch = { ...entry.patch, ...Object.fromEntries(cleared.map((field) => [field, null])) };
          await db.outbox.update(entry.seq!, { baseVersion: version, patch });
          const shown = { ...local };
          for (const field of cleared) delete shown[field];
          await store.put(shown as RecordMeta & Record<string, unknown>);
        } else await db.outbox.update(entry.seq!, { baseVersion: version });
        continue;
      }
      await db.outbox.delete(entry.seq!);
      const others = await db.outbox.where('recordId').equals(entry.recordId).count();
      // The record shows the server's state again at the next pull (from zero, once more).
      if (onServer) pullAgain = true;
      else if (entry.op === 'delete' && local && !others) await store.delete(entry.recordId);
    }
    // The server accepts this device's first mutation id once in a new epoch, then no gap: the
    // changes still to send are numbered again, in order, with nothing missing between them.
    const sendable = await db.outbox.orderBy('seq').filter((e) => !e.refused).toArray();
    await db.outbox.bulkDelete(sendable.map((e) => e.seq!));
    await forgetWithdrawn(db);
    for (const { seq: _seq, ...entry } of sendable) await db.outbox.add(entry);
    if (pullAgain) {
      await setMeta(db, CURSOR_KEY, 0);
      await setMeta(db, RESYNC_KEY, true);
    }
    await db.meta.delete(RECOVERY_KEY);
  });
};

/**
 * Fields the restored server's record has that the recovered record had not: emptied on this
 * tablet since the backup (a phone, notes). A recovered record is sent whole, but a field it lacks
 * would stay as the server has it, and come back on every tablet: these are sent as emptied. The
 * pull laid the recovered record over the server's, so they are the fields of the record here
 * that neither it nor a later change of this tablet names.
 */
const clearedSinceBackup = async (
  db: SillonDB,
  entry: OutboxEntry,
  local: Record<string, unknown>,
): Promise<string[]> => {
  const later = (await db.outbox.where('recordId').equals(entry.recordId).toArray()).filter(
    (e) => e.table === entry.table && e.seq! > entry.seq!,
  );
  const named = new Set([...Object.keys(entry.patch), ...later.flatMap((e) => Object.keys(e.patch))]);
  return Object.keys(local).filter((field) => !LOCAL_FIELDS.has(field) && !named.has(field));
};
