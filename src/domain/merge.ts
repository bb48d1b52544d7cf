// The per-field merge of one change into a record: the rule the server applies to every pushed
// mutation (docs/sync-protocol.md, « Conflicts »), written once and without I/O so that the tablet's
// rebase of its pending edits can run the very same code. The caller reads the stored state, calls
// `mergeMutation`, then writes what it returns; versions are numbers handed in, never clocks.
import { mergedIntoOf } from './beneficiary-merge';
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

/**
 * A colleague's edit of a beneficiary that a merge deletes, carried to the beneficiary kept: the
 * caller merges it into that record as that colleague's change, made on the merge's base.
 */
export interface ForwardedChange {
  recordId: string;
  author: MergeAuthor;
  change: MergeChange;
}

export interface MergeResult {
  /** The record's new state, or undefined when it stays as stored (an edit that met a deletion, or redirected). */
  record?: StoredState & { version: number };
  /** The change belongs to another record (an edit of a merged-away beneficiary): merge it there. */
  redirect?: string;
  /** Edits made elsewhere that a merge's deletion carries to the kept record (see `mergeMutation`). */
  forwarded?: ForwardedChange[];
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
 * Where an edit of a record goes instead of it: an edit (not a deletion, nor a restoration) of a
 * beneficiary deleted by a merge goes to the one kept (src/domain/beneficiary-merge.ts), with its own
 * base version, so that a field of the kept record changed since that base is a conflict and the
 * others merge. Undefined when the change stays on this record.
 */
export const redirectOf = (
  stored: Pick<StoredState, 'data' | 'deleted'> | undefined,
  change: Pick<MergeChange, 'op' | 'patch'>,
): string | undefined =>
  stored && change.op !== 'delete' && !('deleted' in change.patch)
    ? mergedIntoOf({ deleted: stored.deleted, mergedInto: stored.data.mergedInto })
    : undefined;

/** Fields of a record that a merge's deletion carries to the kept one (not the bookkeeping ones). */
const forwardable = (field: string) =>
  !SERVER_FIELDS.has(field) && field !== 'createdAt' && field !== 'deleted' && field !== 'mergedInto';

/**
 * Merges one change into a record, field by field, by server order:
 * - an edit of a record a merge deleted goes to the kept record (`redirect`, nothing written here);
 * - a merge's deletion (`mergedInto`) that meets edits made elsewhere since its base: the record is
 *   deleted, and those edits are carried to the kept record (`forwarded`, one change per author, on
 *   the merge's base): merged there where the kept record's field was not changed since, a conflict
 *   where it was — as if they had reached the server after the merge (no `deleted` conflict then);
 * - a field whose last write is at or below the change's base, or by the same device: plain write;
 * - a field written since by another device with a different value: the change wins and the
 *   overwritten value is kept in a conflict (derived fields and `deleted` never conflict);
 * - an edit that meets a deletion made elsewhere: the record stays deleted, the edit is kept in a
 *   `deleted` conflict; on a record whose tombstone was purged the tombstone is written again;
 * - another deletion that meets edits made elsewhere: the deletion wins, the record as it was is kept in
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

  const redirect = redirectOf(stored, change);
  if (redirect !== undefined) return { redirect, conflicts, version };

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
  const mergedInto = deletes ? mergedIntoOf({ deleted: true, mergedInto: patch.mergedInto }) : undefined;
  const forwarded: ForwardedChange[] = [];
  if (stored && !wasDeleted && deletes && mergedInto !== undefined) {
    // A merge: the edits go on with the person, to the kept record.
    const byAuthor = new Map<string, ForwardedChange>();
    const edited = Object.entries(stamps).filter(([field, stamp]) => byOther(stamp) && forwardable(field));
    // Typed fields first; the derived ones (index keys) go with an author's typed fields, as her
    // device computed them for her edit, never on their own.
    for (const derived of [false, true])
      for (const [field, stamp] of edited) {
        if (DERIVED_FIELDS.has(field) !== derived) continue;
        const key = `${stamp[1]} ${stamp[2]}`;
        if (derived && !byAuthor.has(key)) continue;
        const forward = byAuthor.get(key) ?? {
          recordId: mergedInto,
          author: { deviceId: stamp[1], userId: stamp[2] },
          change: { op: 'put' as const, patch: {}, baseVersion: base },
        };
        forward.change.patch[field] = data[field] ?? null;
        byAuthor.set(key, forward);
      }
    forwarded.push(...byAuthor.values());
  } else if (stored && !wasDeleted && deletes) {
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
    if (value === null) delete data[field];
    else data[field] = value;
    stamps[field] = [recordVersion, author.deviceId, author.userId];
  }
  if (deletes) {
    data.deleted = true;
    stamps.deleted = [recordVersion, author.deviceId, author.userId];
  } else if (undeletes) delete data.deleted;
  const deleted = deletes ? true : undeletes ? false : wasDeleted;
  return {
    record: { data, stamps, deleted, version: recordVersion },
    conflicts,
    version,
    ...(forwarded.length ? { forwarded } : {}),
  };
};
