// Writing many rows at once without freezing the interface. Each row put costs the main thread:
// encryption at rest seals it (synchronously, inside the transaction: crypto/at-rest.ts), then
// IndexedDB clones it and computes its index keys when the request is made — some 2-3 ms for a
// sealed beneficiary at CPU 4× (trace, 7 Dec). A thousand rows in one bulkPut held the main thread
// 2.5-3.5 s (the bench's seeding, 4 Dec); written in slices of about SLICE_MS of that work, each in
// its own task, the interface runs between two slices.
import type { Table } from 'dexie';

import type { SillonDB } from './db';
import { yieldToInterface } from './yield-to-interface';

/**
 * Main-thread work per slice, here and while a pulled page is applied (sync/apply.ts): well under
 * the 100 ms after which a tap feels ignored, even on a tablet four times slower than a desktop.
 */
export const SLICE_MS = 20;
/** Rows per slice at least, once past the first ones (a sealed beneficiary alone costs some 2-3 ms at CPU 4×). */
export const MIN_SLICE_ROWS = 10;
/**
 * The first slice's size, before its cost is known: one row, since the first rows also pay for cold
 * code (a first slice of 10 people held the main thread 115 ms at CPU 4×, one of 3 lieux 52 ms).
 * The next slices at most double the last one's rows, so a slice never meets much colder code than
 * the one that measured the cost.
 */
const FIRST_SLICE_ROWS = 1;
/**
 * Rows per slice at most. The slice's measured cost is its call's own time (below): a middleware
 * that reads before it writes (stats-marks.ts, for activities) seals and puts in a later task, which
 * that time does not show; 100 such rows held the main thread 87-154 ms at CPU 4× on a loaded
 * machine (trace, 7 Dec), 40 hold it some 40-60 ms. (20 made no difference that a machine at load
 * 5-12 showed, and twice as many transactions.)
 */
const MAX_SLICE_ROWS = 40;
/** Slices issued and not yet done: the wait for one commit overlaps the next slices' work. */
const IN_FLIGHT = 3;

export interface SliceOptions {
  /** Called after each slice with the number of rows written so far. */
  onSlice?: (written: number) => void;
}

/**
 * Writes `rows` in slices, calling `write` for each, at most IN_FLIGHT at a time, in order; each
 * slice is sized by what the last one cost, as `write` reports it: the time of its bulkPut call,
 * where sealing at rest and IndexedDB's clone of each row run synchronously (crypto/at-rest.ts).
 * Not the slice's whole wait: the wait for IndexedDB — a commit, a round trip, long on a loaded
 * tablet — holds no main thread and must not shrink them. On a failure, the slices still in flight
 * are waited for before it is rethrown: when the caller hears of it, nothing is still being written.
 */
export const inSlices = async <T>(
  rows: readonly T[],
  write: (slice: T[], report: (ms: number) => void) => Promise<unknown>,
  { onSlice }: SliceOptions = {},
): Promise<void> => {
  let size = FIRST_SLICE_ROWS;
  let from = 0;
  // Slices wait while the next are prepared: each one's work starts in its own task once the one
  // IN_FLIGHT - 1 before it is answered, and the waits for IndexedDB overlap.
  const pending: { done: Promise<unknown>; end: number }[] = [];
  const answered = async () => {
    await pending[0]!.done;
    const { end } = pending.shift()!;
    onSlice?.(end);
  };
  try {
    while (from < rows.length) {
      if (pending.length >= IN_FLIGHT) await answered();
      // One slice's work per task: never in the task that ran a commit's handlers (Dexie's
      // bookkeeping, the caller's onSlice), nor in the one that issued the slice before.
      await yieldToInterface();
      const to = Math.min(rows.length, from + size);
      const count = to - from;
      const done = write(rows.slice(from, to), (ms) => {
        const fits = Math.max(MIN_SLICE_ROWS, Math.floor(SLICE_MS / (Math.max(ms, 0.01) / count)));
        size = Math.min(MAX_SLICE_ROWS, 2 * count, fits);
      });
      // Awaited below, in order: a failure meanwhile must not be reported unhandled.
      done.catch(() => undefined);
      pending.push({ done, end: to });
      from = to;
    }
    while (pending.length > 0) await answered();
  } catch (error) {
    await Promise.allSettled(pending.map((p) => p.done));
    throw error;
  }
};

/** A bulkPut in its own transaction, reporting how long the call held the main thread. */
const putSlice = <T>(db: SillonDB, table: Table<T>, slice: T[], report: (ms: number) => void): Promise<unknown> =>
  db.transaction('rw', table, () => {
    const started = performance.now();
    const put = table.bulkPut(slice);
    report(performance.now() - started);
    return put;
  });

/**
 * Writes a batch of rows of one table in slices that hand the main thread back to the interface:
 * the path of a seeding and of large local writes of records that bypass the outbox (as a pull
 * does) — never an advisor's changes, which go through the tables' commands with their outbox entry.
 *
 * Each slice is its own transaction, so the batch is not atomic: a failure leaves the slices before
 * it written, and the caller writes the batch again (every row is a put of a whole record by its
 * key: writing it twice is harmless). Not one transaction for the batch: Dexie's liveQuery tracks
 * every index key of a write of fewer than 50 rows and hands them all to the other tabs at commit
 * (dexie.mjs, observability middleware) — a 1,000-row transaction in small slices ended in one task
 * of some 150 ms at CPU 4×; a slice's own commit carries only its keys. A write that must be atomic
 * (a pulled page with its cursor: sync/apply.ts) keeps its one transaction.
 */
export const bulkWrite = async <T>(
  db: SillonDB,
  tableName: string,
  rows: readonly T[],
  options?: SliceOptions,
): Promise<void> => {
  const table: Table<T> = db.table<T>(tableName);
  await inSlices(rows, (slice, report) => putSlice(db, table, slice, report), options);
};
