import { useLiveQuery } from 'dexie-react-hooks';
import { useSyncExternalStore } from 'react';

import { getDb } from '../../data/db';
import { syncOverview, type SyncOverview } from '../../data/sync/pending';
import { getSyncStatus, subscribeSyncStatus, type SyncStatus } from '../../data/sync/scheduler';

/** The live sync state: what the scheduler is doing, and what the database holds (pending, conflicts). */
export const useSync = (): { status: SyncStatus; overview: SyncOverview | undefined } => {
  const status = useSyncExternalStore(subscribeSyncStatus, getSyncStatus, getSyncStatus);
  const overview = useLiveQuery(() => syncOverview(getDb()), []);
  return { status, overview };
};
