import { SYNC_TABLES } from '../../domain/records';
import type { SillonDB } from '../db';
import { getDeviceId } from '../meta';
import { openConflicts } from './conflicts';
import { getSession } from './session';

export interface UnsyncedExport {
  kind: 'sillon-unsynced-export';
  exportedAt: string;
  deviceId: string;
  user?: { userId: string; structureId: string };
  /** Changes not acknowledged by the server, in order. */
  outbox: unknown[];
  /** The current state of every record those changes touch. */
  records: Record<string, unknown[]>;
  conflicts: unknown[];
}

/**
 * The escape hatch: everything not yet on the server, as JSON the person can save before signing
 * out or when the device was revoked (nothing typed is lost with the tablet's access).
 */
export const exportUnsynced = async (db: SillonDB): Promise<UnsyncedExport> => {
  const outbox = await db.outbox.orderBy('seq').toArray();
  const records: Record<string, unknown[]> = {};
  for (const table of SYNC_TABLES) {
    const ids = [...new Set(outbox.filter((e) => e.table === table).map((e) => e.recordId))];
    if (ids.length) records[table] = (await db.table(table).bulkGet(ids)).filter(Boolean);
  }
  const session = await getSession(db);
  return {
    kind: 'sillon-unsynced-export',
    exportedAt: new Date().toISOString(),
    deviceId: await getDeviceId(db),
    ...(session ? { user: { userId: session.user.userId, structureId: session.user.structureId } } : {}),
    outbox,
    records,
    conflicts: await openConflicts(db),
  };
};
