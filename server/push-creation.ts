// What the server sets on a record it stores, and the check of a creation as a whole record: one
// code for the push's own path (server/push.ts) and for the checks run ahead on a worker thread
// (server/push-precheck.ts), so that both reach the same verdict on the same change.
import { mergeMutation } from '../src/domain/merge';
import { checkPatch, checkRecord, upgradePatch } from '../src/domain/record-check';
import { anonymisedMerge } from '../src/domain/retention';
import { SINGLETON_TABLES } from '../src/domain/singletons';
import type { RecordMutation } from '../src/domain/sync';

/** A device's clock is for display only: at most this far ahead of the server's. */
const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

/** Who writes: the fields of the principal the record's stamps and `createdBy` need. */
export interface Writer {
  userId: string;
  deviceId: string;
  structureId: string;
}

/**
 * Sets the fields the server owns on a merged record's data: its id and structure, its author when
 * it is new, and its dates (a device's clock set to 2099 must not show as the future).
 */
export const stampServerFields = (
  data: Record<string, unknown>,
  options: { recordId: string; writer: Writer; created: boolean; at: unknown; clock: Date; now: string },
): void => {
  const { recordId, writer, created, at, clock, now } = options;
  data.id = recordId;
  data.structureId = writer.structureId;
  if (created) data.createdBy = writer.userId;
  const limit = clock.getTime() + CLOCK_TOLERANCE_MS;
  const displayDate = (value: unknown): string => {
    const time = typeof value === 'string' ? Date.parse(value) : NaN;
    return Number.isFinite(time) && time <= limit && time >= 0 ? new Date(time).toISOString() : now;
  };
  data.createdAt = created ? displayDate(data.createdAt) : (data.createdAt ?? now);
  data.updatedAt = displayDate(at);
};

/**
 * Whether `mutation`, applied to a record that does not exist yet, passes the patch check and the
 * whole-record check exactly as the push would run them (server/push.ts, applyMutation). Undefined
 * for what the push does not decide this way: deletions and a structure's singletons.
 */
export const creationPasses = (
  mutation: RecordMutation,
  writer: Writer,
  clock: Date,
): boolean | undefined => {
  const { table } = mutation;
  if (SINGLETON_TABLES.has(table) || mutation.op !== 'put') return undefined;
  const patch = upgradePatch(table, mutation.patch, mutation.schemaVersion ?? 1);
  if (!patch || patch.deleted === true) return undefined;
  if (!checkPatch(table, patch).ok) return false;
  const merged = anonymisedMerge(
    table,
    mergeMutation({
      stored: undefined,
      change: { op: mutation.op, patch, baseVersion: mutation.baseVersion },
      author: writer,
      version: 0,
    }),
    false,
  );
  if (!merged.record || merged.record.deleted) return undefined;
  const { data } = merged.record;
  stampServerFields(data, {
    recordId: mutation.recordId,
    writer,
    created: true,
    at: mutation.at,
    clock,
    now: clock.toISOString(),
  });
  return checkRecord(table, data, { level: 'full', now: clock, guarded: true }).ok;
};
