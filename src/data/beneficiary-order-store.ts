// Where the beneficiaries' order (beneficiary-order.ts) reads and keeps itself on IndexedDB: the
// snapshot is sealed in `meta` (with the field key, like every personal field: it holds each
// person's clear sort key, « nom prénom »), in chunks of SNAPSHOT_CHUNK entries so that opening one
// is a short task; the chunks name their snapshot, their place and the count in their associated
// data, so chunks of two snapshots never mix. The check reads the `sortKey` index as keys only (ids
// and hashes, clear already), the rows through the at-rest middleware (opened).
import { newId } from '../domain/ids';
import { keysFor } from './crypto/keys';
import { isBytes, openJson, sealJson, SealError } from './crypto/seal';
import { tokenHash } from './crypto/search-hash';
import type { OrderEntry, OrderSource } from './beneficiary-order';
import type { SillonDB } from './db';
import { yieldToInterface } from './yield-to-interface';

/** Entries per sealed chunk: opening one (≈ 160 KB) is about 20 ms at CPU 4×. */
export const SNAPSHOT_CHUNK = 2_000;

const HEAD_KEY = 'beneficiaryOrder';
const chunkKey = (i: number): string => `beneficiaryOrder.${i}`;

interface Head {
  /** Names this snapshot: its chunks are sealed with it. */
  id: string;
  chunks: number;
  count: number;
}

type Tuple = [sortKey: string, id: string, hash: string];

const isHead = (value: unknown): value is Head =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Head).id === 'string' &&
  Number.isInteger((value as Head).chunks) &&
  Number.isInteger((value as Head).count);

const aadOf = (head: Head, i: number): string => `meta:${HEAD_KEY}:${head.id}:${i}/${head.chunks}:${head.count}`;

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

export const readOrderSnapshot = async (db: SillonDB): Promise<OrderEntry[] | undefined> => {
  const head = (await db.meta.get(HEAD_KEY))?.value;
  if (!isHead(head)) return undefined;
  const rows = await db.meta.bulkGet(range(0, head.chunks).map(chunkKey));
  const entries: OrderEntry[] = [];
  for (let i = 0; i < head.chunks; i++) {
    if (i > 0) await yieldToInterface();
    const sealed = rows[i]?.value;
    if (!isBytes(sealed)) return undefined;
    let tuples: Tuple[];
    try {
      // AccountLockedError (locked meanwhile) goes up: the order is read again after the unlock.
      tuples = openJson<Tuple[]>(keysFor(db.name).field, sealed, aadOf(head, i));
    } catch (error) {
      if (error instanceof SealError) return undefined;
      throw error;
    }
    for (const [sortKey, id, hash] of tuples) entries.push({ sortKey, id, hash });
  }
  return entries.length === head.count ? entries : undefined;
};

export const writeOrderSnapshot = async (
  db: SillonDB,
  entries: readonly OrderEntry[],
  current: () => boolean,
  chunk: number = SNAPSHOT_CHUNK,
): Promise<void> => {
  const head: Head = { id: newId(), chunks: Math.ceil(entries.length / chunk), count: entries.length };
  const sealed: Uint8Array[] = [];
  for (let i = 0; i < head.chunks; i++) {
    if (i > 0) await yieldToInterface();
    if (!current()) return;
    const tuples: Tuple[] = entries.slice(i * chunk, (i + 1) * chunk).map((e) => [e.sortKey, e.id, e.hash]);
    sealed.push(sealJson(keysFor(db.name).field, tuples, aadOf(head, i)));
  }
  if (!current()) return;
  await db.transaction('rw', db.meta, async () => {
    const previous = (await db.meta.get(HEAD_KEY))?.value;
    await db.meta.bulkPut([...sealed.map((value, i) => ({ key: chunkKey(i), value })), { key: HEAD_KEY, value: head }]);
    if (isHead(previous) && previous.chunks > head.chunks)
      await db.meta.bulkDelete(range(head.chunks, previous.chunks).map(chunkKey));
  });
};

/** The order's source on database `db` (`chunk`: entries per sealed chunk, smaller in tests). */
export const orderSource = (db: SillonDB, chunk: number = SNAPSHOT_CHUNK): OrderSource => ({
  readSnapshot: () => readOrderSnapshot(db),
  writeSnapshot: (entries, current) => writeOrderSnapshot(db, entries, current, chunk),
  eachIndexed: async (visit) => {
    await db.beneficiaries.orderBy('sortKey').eachKey((hash, cursor) => visit(String(hash), String(cursor.primaryKey)));
  },
  indexedIds: async () => (await db.beneficiaries.orderBy('sortKey').primaryKeys()).map(String),
  read: (ids) => db.beneficiaries.bulkGet([...ids]),
  hash: (sortKey) => tokenHash(keysFor(db.name).search, sortKey),
});
