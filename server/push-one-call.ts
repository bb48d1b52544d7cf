// A push in one call to PostgreSQL. Its transaction used to hold the structure's lock across round
// trips to this process: the lock, the read, the writes, the commit, each one waiting for its turn
// on a busy event loop while every other push of the structure waited for the lock (load bench:
// 44–118 ms held per push). Here the push is decided first, from one statement's snapshot and
// without any lock, by the same code as always (server/push.ts, decidePush: validation,
// permissions, merges, refusals); then one statement hands its writes to `sillon_push`
// (server/db/push-function.ts), which takes the lock, checks that what the decision read still
// holds, moves its versions up to the counter as it is now, writes, and commits with the statement.
//
// Whatever the decision cannot make from that one snapshot (a second read: a merge to follow, a
// resolution, a file to check, a conflict to anonymise; more than a hundred records) or anything it
// throws, and any change under it since the snapshot, sends the push back to the transaction that
// holds the lock throughout (Store.push): never wrong, only slower.
import type { PushRequest, PushResponse } from '../src/domain/sync';
import { PUSH_CALL } from './db/push-function';
import type { Database, Sql } from './db/sql';
import { decidePush, namedBy, type PushDecision, type PushOptions } from './push';
import { columns, PushRecords } from './push-records';
import type { Principal } from './store';

/** Thrown by `oneRead` at a second statement: the decision needs the lock. */
class NeedsLock extends Error {}

/** A surface that runs its first read on `db` (one statement: one snapshot), and nothing after. */
const oneRead = (db: Sql): Sql => {
  let used = false;
  const first = <T>(work: () => Promise<T>): Promise<T> => {
    if (used) return Promise.reject(new NeedsLock());
    used = true;
    return work();
  };
  return {
    dialect: db.dialect,
    all: (text, params) => first(() => db.all(text, params)),
    get: (text, params) => first(() => db.get(text, params)),
    run: () => Promise.reject(new NeedsLock()),
  };
};

export interface OneCallPush {
  response: PushResponse;
  /** Measured inside PostgreSQL: from the statement's start to the lock, then to its last write. */
  waitMs: number;
  heldMs: number;
}

/**
 * Applies `request` in one call when the database can (PostgreSQL) and the push is decided from one
 * snapshot; undefined otherwise, with nothing written: the caller then applies it the usual way.
 */
export const pushInOneCall = async (
  db: Database,
  principal: Principal,
  request: PushRequest,
  clock: Date,
  options: PushOptions,
): Promise<OneCallPush | undefined> => {
  if (!db.locking || request.importedFrom) return undefined;
  const { targets, referred } = namedBy(request);
  const sql = oneRead(db);
  const records = new PushRecords(sql, true);
  let read: Awaited<ReturnType<PushRecords['start']>>;
  let decision: PushDecision;
  try {
    read = await records.start(principal.deviceId, targets, referred, principal.structureId);
    if (read?.structure_version === null || read?.structure_version === undefined) return undefined;
    const version = Number(read.structure_version);
    decision = await decidePush(sql, records, principal, request, clock, { version, device: read }, options);
  } catch {
    // A malformed request, a restored server, a second read: decided again under the lock, where
    // the same code gives the answer that holds.
    return undefined;
  }
  const { values, blobChanges } = records.pending();
  // The rows of record_blobs need the records first (their foreign key): the usual way.
  if (blobChanges.length) return undefined;
  const rows = await db.locking<{ shift: number; waited_ms: number; held_ms: number }>(PUSH_CALL, [
    principal.structureId,
    Number(read.structure_version),
    decision.version,
    principal.deviceId,
    Number(read.last_seq),
    read.epoch,
    read.server_epoch,
    decision.lastSeq,
    decision.epoch,
    decision.now,
    ...records.expectations(),
    ...columns(values, 9),
    ...records.takeConflicts(),
  ]);
  const row = rows[0];
  if (!row) return undefined;
  return { response: decision.response, waitMs: Number(row.waited_ms), heldMs: Number(row.held_ms) };
};
