// The per-field merge of one change into a record: the rule the server applies to every pushed
// mutation (docs/sync-protocol.md, « Conflicts »), written once and without I/O so that the tablet's
// rebase of its pending edits can run the very same code. The caller reads the stored state, calls
// `mergeMutation`, then writes what it returns; versions are numbers handed in, never clocks.
import { DERIVED_FIELDS, SERVER_FIELDS } from './sync';

/** Per-field write stamp: [server version, device id, user id]. */
export type FieldStamp = [version: number, deviceId: string, userId: string];
export type FieldStamps = Record<string, FieldStamp>;

/** A record as the server holds it (fields, the stamp of each field's last write, tombstone). */
export interface StoredState {
  data: Record<string, unknown>;
  stamps: FieldStamps;
  deleted: boolean;
}

/** The change as the device sent it: changed fields only (a cleared field is null). */
export interface MergeChange {
  op: 'put' | 'delete';
  patch: Record<string, unknown>;
  /** Server version of the record the change was made on (0: a creation, or never synced). */
  baseVersion: number;
}

export interface MergeAuthor {
  deviceId: string;
  userId: string;
}

export interface MergeInput {
  /** The record's stored state; undefined when the server has no such record (new, or tombstone purged). */
  stored: StoredState | undefined;
  change: MergeChange;
  /** Who pushes (from the token, never from the request). */
  author: MergeAuthor;
  /** The structure's version before this change: each conflict and the record take the next ones. */
  version: number;
}

/** A concurrent edit the merge settled by server order, kept for a person to review. */
export interface MergeConflict {
  /** The field, or 'deleted' for an edit that met a deletion (or a deletion that met edits). */
  field: string;
  keptValue: unknown;
  lostValue: unknown;
  keptBy: string | undefined;
  lostBy: string | undefined;
  version: number;
}

export interface MergeResult {
  /** The record's new state, or undefined when it stays as stored (an edit that met a deletion). */
  record?: StoredState & { version: number };
  /** In version order, interleaved with the record's own version. */
  conflicts: MergeConflict[];
  /** The structure's version after this change. */
  version: number;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What of a patch a device may write: never the fields the server owns, nor `createdAt` once the
 * record exists (a creation date is set once).
 */
export const writableFields = (patch: Record<string, unknown>, exists: boolean): Record<string, unknown> => {
  const fields: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (SERVER_FIELDS.has(field)) continue;
    if (field === 'createdAt' && exists) continue;
    fields[field] = value;
  }
  return fields;
};

/** Writes a patch's fields into `data` (null clears a field): the plain write both sides apply. */
export const writeFields = (data: Record<string, unknown>, patch: Record<string, unknown>): void => {
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete data[field];
    else data[field] = value;
  }
};

/**
 * Merges one change into a record, field by field, by server order:
 * - a field whose last write is at or below the change's base, or by the same device: plain write;
 * - a field written since by another device with a different value: the change wins and the
 *   overwritten value is kept in a conflict (derived fields and `deleted` never conflict);
 * - an edit that meets a deletion made elsewhere: the record stays deleted, the edit is kept in a
 *   `deleted` conflict; on a record whose tombstone was purged the tombstone is written again;
 * - a deletion that meets edits made elsewhere: the deletion wins, the record as it was is kept in
 *   a `deleted` conflict (so that it can be restored).
 * Inputs are not modified.
 */
export const mergeMutation = ({ stored, change, author, version: start }: MergeInput): MergeResult => {
  let version = start;
  const conflicts: MergeConflict[] = [];
  const data: Record<string, unknown> = { ...(stored?.data ?? {}) };
  const stamps: FieldStamps = { ...(stored?.stamps ?? {}) };
  const wasDeleted = stored?.deleted ?? false;
  const base = change.baseVersion;
  const byOther = (stamp: FieldStamp | undefined) =>
    stamp !== undefined && stamp[0] > base && stamp[1] !== author.deviceId;
  const conflict = (c: Omit<MergeConflict, 'version'>) => conflicts.push({ ...c, version: ++version });

  let patch = writableFields(change.patch, stored !== undefined);
  const undeletes = 'deleted' in patch && !patch.deleted;
  let deletes = change.op === 'delete' || patch.deleted === true;

  // An edit that meets a deletion made elsewhere (or a record whose tombstone was purged).
  const purged = !stored && base > 0;
  if ((wasDeleted && !undeletes && !deletes && byOther(stamps.deleted)) || (purged && !deletes)) {
    conflict({
      field: 'deleted',
      keptValue: true,
      lostValue: { ...patch },
      keptBy: stamps.deleted?.[2],
      lostBy: author.userId,
    });
    if (!purged) return { conflicts, version };
    // The tombstone was forgotten: write it again, so that every device hears of the deletion.
    patch = {};
    deletes = true;
  }

  // A deletion that meets edits made elsewhere since the device last saw the record.
  if (stored && !wasDeleted && deletes) {
    const others = Object.values(stamps).filter(byOther);
    if (others.length > 0) {
      const snapshot = Object.fromEntries(
        Object.entries(data).filter(([key]) => !SERVER_FIELDS.has(key) && key !== 'createdAt'),
      );
      const lastOther = others.reduce((a, b) => (b[0] > a[0] ? b : a));
      conflict({
        field: 'deleted',
        keptValue: true,
        lostValue: snapshot,
        keptBy: author.userId,
        lostBy: lastOther[2],
      });
    }
  }

  const recordVersion = ++version;
  for (const [field, value] of Object.entries(patch)) {
    const stamp = stamps[field];
    // The same field changed elsewhere since this device's base: this later write wins and the
    // overwritten value is kept for review. Nothing is silently dropped.
    if (
      stored &&
      !deletes &&
      field !== 'deleted' &&
      !DERIVED_FIELDS.has(field) &&
      byOther(stamp) &&
      !same(data[field], value)
    ) {
      conflict({ field, keptValue: value, lostValue: data[field], keptBy: author.userId, lostBy: stamp![2] });
    }
    writeFields(data, { [field]: value });
    stamps[field] = [recordVersion, author.deviceId, author.userId];
  }
  if (deletes) {
    data.deleted = true;
    stamps.deleted = [recordVersion, author.deviceId, author.userId];
  } else if (undeletes) delete data.deleted;
  const deleted = deletes ? true : undeletes ? false : wasDeleted;
  return { record: { data, stamps, deleted, version: recordVersion }, conflicts, version };
};
