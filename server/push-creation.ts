// What the server sets on a record it stores, and the check of a creation as a whole record: one
// code for the push's own path (server/push.ts) and for the checks run ahead on a worker thread
// (server/push-precheck.ts), so that both reach the same verdict on the same change.
import { isCanonicalInstant } from '../src/domain/dates';
import { mergeMutation } from '../src/domain/merge';
import { checkPatch, checkRecord, upgradePatch } from '../src/domain/record-check';
import { anonymisedMerge } from '../src/domain/retention';
import { SeedGenerator } from '../src/domain/seed';
import { SINGLETON_TABLES } from '../src/domain/singletons';
import { SERVER_FIELDS, type RecordMutation } from '../src/domain/sync';
import type { SyncTable } from '../src/domain/records';

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
  const limit = limitOf(clock);
  data.createdAt = created ? displayDate(data.createdAt, limit, now) : (data.createdAt ?? now);
  data.updatedAt = displayDate(at, limit, now);
};

/** The latest date a device may give (the server's clock and the tolerance), as a time and as text. */
interface Limit {
  time: number;
  iso: string;
}

let lastLimit: Limit & { clock: number } = { clock: NaN, time: NaN, iso: '' };

/** One push stamps all its records with one clock: its limit is written once. */
const limitOf = (clock: Date): Limit => {
  const at = clock.getTime();
  if (lastLimit.clock !== at) {
    const time = at + CLOCK_TOLERANCE_MS;
    lastLimit = { clock: at, time, iso: Number.isFinite(time) ? new Date(time).toISOString() : '' };
  }
  return lastLimit;
};

/**
 * A device's date as the server keeps it: its own text when it is already what toISOString() writes
 * (as every Sillon device sends it, compared as text), else read and written again; `now` when it
 * is not a date from 1970 to the limit.
 */
const displayDate = (value: unknown, limit: Limit, now: string): string => {
  if (typeof value !== 'string') return now;
  if (isCanonicalInstant(value) && limit.iso.length === 24) return value <= limit.iso ? value : now;
  const time = Date.parse(value);
  return Number.isFinite(time) && time <= limit.time && time >= 0 ? new Date(time).toISOString() : now;
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

/**
 * Runs the creation checks over `count` made-up records of the main tables (the seed generator's),
 * as the server starts: code that has not run yet is slow until the engine has compiled it, and a
 * fresh server's first pushes would otherwise pay for it. Returns how many passed (all: the
 * generator makes valid records).
 */
export const warmCreationChecks = (count = 3000): number => {
  const g = new SeedGenerator({
    seed: 1,
    beneficiaries: Math.ceil(count / 10),
    communes: [{ codeInsee: '46042', nom: 'Cahors', codePostal: '46000', population: 20_000 }],
  });
  const writer: Writer = { userId: g.advisorIds[0]!, deviceId: g.advisorIds[1]!, structureId: g.structureId };
  const clock = new Date();
  const at = clock.toISOString();
  const records: [SyncTable, { id: string }][] = [];
  for (let i = 0; i < g.lieuCount; i++) records.push(['lieux', g.lieu(i)]);
  for (let i = 0; i < g.beneficiaryCount; i++) records.push(['beneficiaries', g.beneficiary(i)]);
  for (let i = 0; i < count / 20; i++) records.push(['items', g.item(i)]);
  const activities = count - records.length;
  for (let i = 0; i < activities; i++) records.push(['activities', g.activity(i, activities)]);
  let passed = 0;
  for (const [seq, [table, record]] of records.entries()) {
    const { id, ...patch } = record as Record<string, unknown> & { id: string };
    for (const field of SERVER_FIELDS) delete patch[field];
    const mutation: RecordMutation = {
      seq: seq + 1,
      table,
      recordId: id,
      op: 'put',
      patch,
      baseVersion: 0,
      at,
    };
    if (creationPasses(mutation, writer, clock)) passed++;
  }
  return passed;
};
