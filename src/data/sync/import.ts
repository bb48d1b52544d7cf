// Import of an unsynced-changes file (src/domain/unsynced-export.ts) exported by another tablet, or
// by this one before a reinstall: its changes join this device's outbox under their first identity
// (origin device and mutation id), the records show them at once, and the engine pushes them under
// that identity (src/data/sync/engine.ts), so the server applies each once, whoever brings it and
// however many times (docs/sync-protocol.md, « Unsynced-changes file »).
import type { BeneficiaryInput } from '../../domain/beneficiary';
import type { RecordMeta, SyncTable } from '../../domain/records';
import {
  originKey,
  originOf,
  parseUnsyncedFile,
  summariseUnsyncedFile,
  type UnsyncedExport,
  type UnsyncedFileSummary,
} from '../../domain/unsynced-export';
import { IMPORT_FORBIDDEN, mayImportChangesOf } from '../../domain/permissions';
import { SYNC_TABLES } from '../../domain/records';
import { derivedFields } from '../beneficiaries';
import { hashBlob } from '../blobs';
import { readyBlob } from '../crypto/at-rest';
import type { OutboxEntry, SillonDB, StoredBlob } from '../db';
import { getDeviceId } from '../meta';
import { applyPatch } from './apply';
import { getSession } from './session';

export type ImportPreview =
  | { ok: false; message: string }
  | {
      ok: true;
      file: UnsyncedExport;
      summary: UnsyncedFileSummary;
      /** Changes this device does not hold yet (the others were imported here before). */
      fresh: number;
      already: number;
      /** Name of the person whose changes these are, when the file says. */
      author?: string;
    };

const OWN_FILE =
  'Ce fichier vient de cette tablette : ses modifications y sont déjà et partiront à la prochaine synchronisation.';
const OTHER_STRUCTURE = 'Ce fichier vient d’une autre structure que celle de votre compte : rien n’a été importé.';
const DAMAGED_BLOB = 'Une signature ou un document du fichier est abîmé : rien n’a été importé.';

const importedKeys = async (db: SillonDB): Promise<Set<string>> => {
  const keys = new Set<string>();
  await db.outbox.each((e) => {
    if (e.origin) keys.add(originKey(e.origin));
  });
  return keys;
};

/** Reads a file and says what it holds, or why it cannot be imported here (nothing written). */
export const previewImport = async (db: SillonDB, text: string): Promise<ImportPreview> => {
  const parsed = parseUnsyncedFile(text);
  if (!parsed.ok) return parsed;
  const { file } = parsed;
  if (file.deviceId === (await getDeviceId(db))) return { ok: false, message: OWN_FILE };
  const session = await getSession(db);
  if (session && file.user) {
    if (file.user.structureId !== session.user.structureId) return { ok: false, message: OTHER_STRUCTURE };
    if (!mayImportChangesOf(session.user, file.user.userId)) return { ok: false, message: IMPORT_FORBIDDEN };
  }
  const known = await importedKeys(db);
  const already = file.outbox.filter((c) => known.has(originKey(originOf(file, c)))).length;
  return {
    ok: true,
    file,
    summary: summariseUnsyncedFile(file),
    fresh: file.outbox.length - already,
    already,
    ...(file.user?.name ? { author: file.user.name } : {}),
  };
};

const fromBase64 = (base64: string, type: string): Blob => {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], type ? { type } : {});
};

export interface ImportResult {
  /** Changes added to this device's outbox. */
  imported: number;
  /** Changes this device already held from an earlier import of the same changes. */
  skipped: number;
}

/**
 * Imports a previewed file in one transaction: each change not yet here is laid over this device's
 * record (or, for a record this device does not have, over the file's copy of it) and queued under
 * its first identity; the signatures it refers to are stored. A change already imported here is not
 * queued again; one the server already has is skipped by the server (and the next pull corrects the
 * record here).
 */
export const importUnsynced = async (db: SillonDB, file: UnsyncedExport, now = new Date()): Promise<ImportResult> => {
  if (file.deviceId === (await getDeviceId(db))) throw new Error(OWN_FILE);
  // Hashes are checked before the transaction (crypto would end it).
  const blobs: StoredBlob[] = [];
  for (const blob of file.blobs ?? []) {
    const data = await readyBlob(fromBase64(blob.base64, blob.type));
    if ((await hashBlob(data)) !== blob.hash) throw new Error(DAMAGED_BLOB);
    blobs.push({ hash: blob.hash, type: blob.type, size: data.size, data, storedAt: now.toISOString() });
  }
  const tables = SYNC_TABLES.map((t) => db.table(t));
  return db.transaction('rw', [...tables, db.outbox, db.blobs], async () => {
    const known = await importedKeys(db);
    const copies = new Map<string, Record<string, unknown>>();
    for (const [table, records] of Object.entries(file.records))
      for (const record of records ?? []) copies.set(`${table}:${record.id}`, record);
    const touched = new Map<string, Record<string, unknown>>();
    let imported = 0;
    for (const change of file.outbox) {
      const origin = originOf(file, change);
      if (known.has(originKey(origin))) continue;
      known.add(originKey(origin));
      const key = `${change.table}:${change.recordId}`;
      let record = touched.get(key);
      if (!record) {
        const local = await db.table<RecordMeta, string>(change.table).get(change.recordId);
        record = local ? { ...local } : { ...copies.get(key)! };
        touched.set(key, record);
      }
      applyPatch(record, change);
      const entry: OutboxEntry = {
        table: change.table,
        recordId: change.recordId,
        op: change.op,
        patch: change.patch,
        baseVersion: change.baseVersion,
        at: change.at,
        origin,
        ...(change.schemaVersion ? { schemaVersion: change.schemaVersion } : {}),
        ...(change.blobs?.length ? { blobs: change.blobs } : {}),
        ...(change.refused ? { refused: change.refused } : {}),
      };
      await db.outbox.add(entry);
      imported++;
    }
    for (const [key, record] of touched) {
      const table = key.slice(0, key.indexOf(':')) as SyncTable;
      if (table === 'beneficiaries' && !record.deleted) {
        const { sortKey, searchTokens } = derivedFields(record as unknown as BeneficiaryInput, now);
        Object.assign(record, { sortKey, searchTokens });
      }
      await db.table(table).put(record);
    }
    for (const blob of blobs) if (!(await db.blobs.get(blob.hash))) await db.blobs.put(blob);
    return { imported, skipped: file.outbox.length - imported };
  });
};
