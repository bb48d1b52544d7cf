import { diff, type EditBase } from '../domain/edit';
import { newId } from '../domain/ids';
import type { RecordMeta, SyncTable } from '../domain/records';
import { TABLE_SCHEMA_VERSIONS } from '../domain/schema-versions';
import type { OutboxEntry, SillonDB } from './db';
import { getIdentity } from './meta';

type Listener = (entry: OutboxEntry) => void;
const listeners = new Set<Listener>();

/** Every local write is observable: the sync engine listens to schedule a push. */
export const onLocalWrite = (listener: Listener): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const PROTECTED = new Set(['id', 'createdAt', 'updatedAt', 'serverVersion', 'structureId', 'createdBy']);

export interface SaveOptions {
  /** Content hashes of blobs referenced by this change. */
  blobs?: string[];
  now?: Date;
}

/**
 * A new record and the outbox entry of its creation (no seq yet): a creation carries its whole
 * state, including the stamps. What saveRecord writes for a record that does not exist yet.
 */
export const creation = <T extends RecordMeta>(
  table: SyncTable,
  id: string | undefined,
  changes: Partial<T>,
  options: SaveOptions = {},
): { record: T; entry: OutboxEntry } => {
  const now = (options.now ?? new Date()).toISOString();
  const { structureId, userId } = getIdentity();
  const base: RecordMeta = {
    id: id ?? newId(),
    createdAt: now,
    updatedAt: now,
    ...(structureId ? { structureId } : {}),
    ...(userId ? { createdBy: userId } : {}),
  };
  const patch: Record<string, unknown> = {};
  const record: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (PROTECTED.has(key)) continue;
    patch[key] = value === undefined ? null : value;
    if (value !== undefined) record[key] = value;
  }
  for (const key of ['createdAt', 'structureId', 'createdBy'] as const) {
    if (base[key] !== undefined) patch[key] = base[key];
  }
  const entry: OutboxEntry = {
    table,
    recordId: base.id,
    op: record.deleted ? 'delete' : 'put',
    patch,
    baseVersion: 0,
    at: now,
    schemaVersion: TABLE_SCHEMA_VERSIONS[table],
    ...(options.blobs?.length ? { blobs: options.blobs } : {}),
  };
  return { record: record as T, entry };
};

/** Tells the listeners of local writes (the sync engine) about entries once they are committed. */
export const notifyLocalWrites = (entries: readonly OutboxEntry[]): void => {
  for (const entry of entries) for (const listener of listeners) listener(entry);
};

/**
 * Creates or updates a record and records the change in the outbox, in one transaction:
 * either both are written or neither. Only the fields that changed travel (field-level merge).
 * `undefined` in `changes` clears a field.
 */
export const saveRecord = async <T extends RecordMeta>(
  db: SillonDB,
  table: SyncTable,
  id: string | undefined,
  changes: Partial<T>,
  options: SaveOptions = {},
): Promise<T> => {
  const store = db.table<T, string>(table);
  let entry: OutboxEntry | undefined;
  const saved = await db.transaction('rw', store, db.outbox, async () => {
    const existing = id ? await store.get(id) : undefined;
    if (!existing) {
      const created = creation<T>(table, id, changes, options);
      await store.put(created.record);
      entry = created.entry;
      entry.seq = await db.outbox.add(entry);
      return created.record;
    }
    const now = (options.now ?? new Date()).toISOString();
    const patch: Record<string, unknown> = {};
    const next: Record<string, unknown> = { ...(existing as Record<string, unknown>) };
    for (const [key, value] of Object.entries(changes)) {
      if (PROTECTED.has(key)) continue;
      if (!same((existing as Record<string, unknown>)[key], value)) {
        patch[key] = value === undefined ? null : value;
      }
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    if (Object.keys(patch).length === 0) return existing;
    next.updatedAt = now;
    await store.put(next as T);
    entry = {
      table,
      recordId: existing.id,
      op: next.deleted ? 'delete' : 'put',
      patch,
      baseVersion: existing.serverVersion ?? 0,
      at: now,
      schemaVersion: TABLE_SCHEMA_VERSIONS[table],
      ...(options.blobs?.length ? { blobs: options.blobs } : {}),
    };
    entry.seq = await db.outbox.add(entry);
    return next as T;
  });
  if (entry) notifyLocalWrites([entry]);
  return saved;
};

export interface PatchOptions extends SaveOptions {
  /**
   * Fields computed from others (index keys, tranche d'âge): recomputed on the merged record and
   * sent only when they change, never as a stale copy of the form's.
   */
  derive?: (record: Record<string, unknown>, now: Date) => Record<string, unknown>;
}

/**
 * Applies an edit's patch over the record as it is now, and records it in the outbox with the
 * server version the edit started from (not the record's current one): the fields left out keep
 * what the record holds now (a colleague's change pulled meanwhile included), and the server sees
 * a colleague's change of a field in the patch as a conflict instead of overwriting it silently.
 * `null` in the patch clears a field. Build the patch with `diff` (src/domain/edit.ts).
 */
export const patchRecord = async <T extends RecordMeta>(
  db: SillonDB,
  table: SyncTable,
  id: string,
  changes: Record<string, unknown>,
  baseVersion: number,
  options: PatchOptions = {},
): Promise<T> => {
  const store = db.table<T, string>(table);
  let entry: OutboxEntry | undefined;
  const saved = await db.transaction('rw', store, db.outbox, async () => {
    const date = options.now ?? new Date();
    const existing = (await store.get(id)) as (T & Record<string, unknown>) | undefined;
    if (!existing) throw new Error(`No ${table} record ${id} to edit`);
    const patch: Record<string, unknown> = {};
    const next: Record<string, unknown> = { ...existing };
    const put = (key: string, value: unknown) => {
      patch[key] = value ?? null;
      if (value === null || value === undefined) delete next[key];
      else next[key] = value;
    };
    for (const [key, value] of Object.entries(changes)) if (!PROTECTED.has(key)) put(key, value);
    for (const [key, value] of Object.entries(options.derive?.(next, date) ?? {}))
      if (!same(next[key] ?? null, value ?? null)) put(key, value);
    if (Object.keys(patch).length === 0) return existing as T;
    next.updatedAt = date.toISOString();
    await store.put(next as T);
    entry = {
      table,
      recordId: id,
      op: patch.deleted === true ? 'delete' : 'put',
      patch,
      baseVersion,
      at: date.toISOString(),
      schemaVersion: TABLE_SCHEMA_VERSIONS[table],
      ...(options.blobs?.length ? { blobs: options.blobs } : {}),
    };
    entry.seq = await db.outbox.add(entry);
    return next as T;
  });
  if (entry) for (const listener of listeners) listener(entry);
  return saved;
};

/**
 * Saves edited values against the base the form was opened from: only the fields that differ from
 * the base travel (`diff`), with the base's server version (patchRecord). Nothing changed: nothing
 * is written. The app's edit commands (saveBeneficiary, updateActivity, updateItem, updateLieu,
 * saveAgreementTemplate) take a base and come here.
 */
export const saveAgainstBase = <T extends RecordMeta>(
  db: SillonDB,
  table: SyncTable,
  id: string,
  base: EditBase,
  edited: Record<string, unknown>,
  options: PatchOptions = {},
): Promise<T> => patchRecord<T>(db, table, id, diff(base.values, edited), base.version, options);

/** What a deletion writes besides the tombstone (a merge's `mergedInto`), and when. */
export interface DeleteOptions {
  extra?: Record<string, unknown>;
  now?: Date;
}

/**
 * Deletes a record as a tombstone (so that a later sync carries the deletion), clearing the
 * given personal fields (La Coop anonymises a deleted beneficiary).
 */
export const deleteRecord = async (
  db: SillonDB,
  table: SyncTable,
  id: string,
  clearFields: string[] = [],
  options: DeleteOptions = {},
): Promise<void> => {
  const changes: Record<string, unknown> = { deleted: true, ...options.extra };
  for (const field of clearFields) changes[field] = undefined;
  await saveRecord(db, table, id, changes as Partial<RecordMeta>, options.now ? { now: options.now } : {});
};

/** Ids of records with changes not yet acknowledged by the server (the « non synchronisé » marker). */
export const pendingRecordIds = async (db: SillonDB, ids: string[]): Promise<Set<string>> => {
  const rows = await db.outbox.where('recordId').anyOf(ids).toArray();
  return new Set(rows.map((r) => r.recordId));
};
