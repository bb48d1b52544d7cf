import type { SillonDB } from '../db';
import { LAST_SUCCESS_KEY } from './engine';
import { getMeta } from '../meta';
import { getSession, type StoredSession } from './session';
import type { StoredConflict } from './apply';

/**
 * What the sync indicators show, read from the database (use it with useLiveQuery so it follows
 * every write): changes waiting, open conflicts, last success, the session.
 */
export interface SyncOverview {
  pending: number;
  conflicts: number;
  lastSuccess?: string;
  session?: StoredSession;
}

export const syncOverview = async (db: SillonDB): Promise<SyncOverview> => {
  const [pending, conflicts, lastSuccess, session] = await Promise.all([
    db.outbox.count(),
    db.conflicts.toArray(),
    getMeta<string>(db, LAST_SUCCESS_KEY),
    getSession(db),
  ]);
  return {
    pending,
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
