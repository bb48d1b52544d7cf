// Creating many records at once — an import — without freezing the interface: the records and
// their outbox entries are written in the slices of bulk-write.ts (about SLICE_MS of main-thread
// work each, in a task of its own), each slice one transaction holding its records with their
// outbox entries, so that every record still travels with its change (records.ts's guarantee), and
// a tap during an import is answered at once. Not atomic as a whole: a failure leaves the slices
// before it written, and says which.
import type { RecordMeta, SyncTable } from '../domain/records';
import { inSlices, type SliceOptions } from './bulk-write';
import type { OutboxEntry, SillonDB } from './db';
import { creation, notifyLocalWrites, type SaveOptions } from './records';

/** A batch stopped by a failure: the items written before it (indexes into the batch) and their records. */
export class BulkCreateError<T> extends Error {
  constructor(
    readonly written: number[],
    readonly created: T[],
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'BulkCreateError';
  }
}

/**
 * Creates one record of `table` per item, its fields given by `fieldsOf` (called within the slice,
 * whose cost it is part of: a beneficiary's search hashes), each with its outbox entry in its slice's
 * transaction, as saveRecord creates one. Returns the records in the items' order; the listeners of
 * local writes hear of each slice's entries once it is committed.
 */
export const bulkCreate = async <T extends RecordMeta, I>(
  db: SillonDB,
  table: SyncTable,
  items: readonly I[],
  fieldsOf: (item: I) => Partial<T>,
  options: SaveOptions & SliceOptions = {},
): Promise<T[]> => {
  const store = db.table<T, string>(table);
  const created: (T | undefined)[] = [];
  let next = 0;
  try {
    await inSlices(
      items,
      (slice, report) => {
        const first = next;
        next += slice.length;
        return db
          .transaction('rw', store, db.outbox, () => {
            const started = performance.now();
            const made = slice.map((item) => creation<T>(table, undefined, fieldsOf(item), options));
            const entries: OutboxEntry[] = made.map((m) => m.entry);
            const put = store.bulkPut(made.map((m) => m.record));
            const added = db.outbox.bulkAdd(entries, { allKeys: true });
            report(performance.now() - started);
            return Promise.all([put, added]).then(([, seqs]) => {
              entries.forEach((entry, i) => (entry.seq = seqs[i]));
              return made;
            });
          })
          .then((made) => {
            made.forEach((m, i) => (created[first + i] = m.record));
            notifyLocalWrites(made.map((m) => m.entry));
          });
      },
      options,
    );
  } catch (error) {
    const written = created.flatMap((record, i) => (record ? [i] : []));
    throw new BulkCreateError<T>(
      written,
      written.map((i) => created[i]!),
      error,
    );
  }
  return created as T[];
};
