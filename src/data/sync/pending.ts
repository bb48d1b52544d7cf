import type { SyncTable } from '../../domain/records';
import type { OutboxEntry, SillonDB } from '../db';
import { getMeta } from '../meta';
import type { StoredConflict } from './apply';
import { getSession, type StoredSession } from './session';

/**
 * When the last sync succeeded (the engine writes it). Here, not in the engine: the sync chip reads
 * it at start, and the engine's modules (the record schemas) load only with the first sync.
 */
export const LAST_SUCCESS_KEY = 'sync.lastSuccess';

/**
 * Tables whose records are only ever written as a consequence of a change to another record (an
 * item's history line follows its status change or its loan): they are not something the advisor
 * did, so they are not counted (the change they follow is).
 */
const CONSEQUENCE_TABLES: ReadonlySet<SyncTable> = new Set(['itemEvents']);

export interface PendingChanges {
  /** Records changed on this device and not yet acknowledged by the server (each counted once). */
  total: number;
  byTable: Partial<Record<SyncTable, number>>;
}

/**
 * What waits to be sent, as the advisor sees it: one per record she changed, however many times
 * and however many internal mutations that took (a loan's creation writes the loan, its items and
 * their history lines: the loan and the items are what the « non synchronisé » marker shows).
 */
export const pendingChanges = (entries: Pick<OutboxEntry, 'table' | 'recordId'>[]): PendingChanges => {
  const seen = new Set<string>();
  const byTable: Partial<Record<SyncTable, number>> = {};
  for (const { table, recordId } of entries) {
    if (CONSEQUENCE_TABLES.has(table)) continue;
    const key = `${table}:${recordId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    byTable[table] = (byTable[table] ?? 0) + 1;
  }
  return { total: seen.size, byTable };
};

/**
 * What the sync indicators show, read from the database (use it with useLiveQuery so it follows
 * every write): changes waiting, open conflicts, last success, the session.
 */
export interface SyncOverview {
  /** Records changed here and not yet on the server (see pendingChanges). */
  pending: number;
  pendingByTable: PendingChanges['byTable'];
  /** Mutations in the outbox (internal ones included): 0 means everything reached the server. */
  unsent: number;
  conflicts: number;
  lastSuccess?: string;
  session?: StoredSession;
}

export const syncOverview = async (db: SillonDB): Promise<SyncOverview> => {
  const [outbox, conflicts, lastSuccess, session] = await Promise.all([
    db.outbox.toArray(),
    db.conflicts.toArray(),
    getMeta<string>(db, LAST_SUCCESS_KEY),
    getSession(db),
  ]);
  const pending = pendingChanges(outbox);
  return {
    pending: pending.total,
    pendingByTable: pending.byTable,
    unsent: outbox.length,
    conflicts: (conflicts as StoredConflict[]).filter((c) => !c.resolvedAt).length,
    ...(lastSuccess ? { lastSuccess } : {}),
    ...(session ? { session } : {}),
  };
};

/**
 * The « non synchronisé » marker for one record: true while a change of it waits in the outbox.
 * (For a list, use pendingRecordIds from src/data/records.ts.)
 */
export const isRecordPending = async (db: SillonDB, recordId: string): Promise<boolean> =>
  (await db.outbox.where('recordId').equals(recordId).count()) > 0;
