import { SYNC_TABLES } from '../../domain/records';
import {
  UNSYNCED_EXPORT_FORMAT,
  UNSYNCED_EXPORT_KIND,
  type ExportedBlob,
  type UnsyncedExport,
} from '../../domain/unsynced-export';
import type { SillonDB } from '../db';
import { getDeviceId } from '../meta';
import { openConflicts } from './conflicts';
import { getSession } from './session';

export type { UnsyncedExport } from '../../domain/unsynced-export';

const toBase64 = async (blob: Blob): Promise<string> => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

/**
 * The escape hatch: everything not yet on the server, as a file the person can save before signing
 * out or when the device was revoked, and import on another tablet (src/data/sync/import.ts): nothing
 * typed is lost with the tablet's access. Format: src/domain/unsynced-export.ts.
 */
export const exportUnsynced = async (db: SillonDB): Promise<UnsyncedExport> => {
  const outbox = await db.outbox.orderBy('seq').toArray();
  const records: UnsyncedExport['records'] = {};
  for (const table of SYNC_TABLES) {
    const ids = [...new Set(outbox.filter((e) => e.table === table).map((e) => e.recordId))];
    if (ids.length) records[table] = (await db.table(table).bulkGet(ids)).filter(Boolean);
  }
  // Signatures and files the server has not received yet travel in the file too.
  const blobs: ExportedBlob[] = [];
  for (const hash of new Set(outbox.flatMap((e) => e.blobs ?? []))) {
    const blob = await db.blobs.get(hash);
    if (blob && !blob.uploaded) blobs.push({ hash, type: blob.type, base64: await toBase64(blob.data) });
  }
  const session = await getSession(db);
  return {
    kind: UNSYNCED_EXPORT_KIND,
    format: UNSYNCED_EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    deviceId: await getDeviceId(db),
    ...(session
      ? { user: { userId: session.user.userId, structureId: session.user.structureId, name: session.user.name } }
      : {}),
    outbox: outbox.map(({ seq, ...entry }) => ({ ...entry, seq: seq! })),
    records,
    // Counted by the import, never replayed (the server has them): without the values in conflict,
    // a beneficiary's personal data that need not travel in a file.
    conflicts: (await openConflicts(db)).map(({ keptValue: _kept, lostValue: _lost, ...conflict }) => conflict),
    ...(blobs.length ? { blobs } : {}),
  };
};
