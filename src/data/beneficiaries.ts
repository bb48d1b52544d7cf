// Beneficiaries: write commands (through saveRecord/deleteRecord, so that the outbox carries them)
// and queries that go through the indexes of db.ts, so that the list and the search stay instant
// with 10,000 beneficiaries on a tablet.
import type { Activity } from '../domain/activity';
import type { EditBase } from '../domain/edit';
import { trancheAge, type Beneficiary, type BeneficiaryInput } from '../domain/beneficiary';
import { phoneSearchTokens } from '../domain/phone';
import { digitsOnly, normalize, searchTokens } from '../domain/text';
import { BENEFICIARY_PERSONAL_FIELDS } from '../domain/retention';
import { keysFor } from './crypto/keys';
import { PREFIX_MAX, queryHash, tokenHash } from './crypto/search-hash';
import type { SillonDB } from './db';
import { deleteRecord, saveAgainstBase, saveRecord, type DeleteOptions } from './records';
import { anonymiseLocalConflicts } from './sync/retention';

/** Sorts anonymous beneficiaries after every name (« ~ » is after the letters). */
import { ANONYMOUS_SORT_KEY } from '../domain/anonymisation';

/** The fields a beneficiary form owns: on an edit, those absent from the input are cleared. */
const EDITABLE_FIELDS = [
  'anonyme',
  'prenom',
  'nom',
  'telephone',
  'pasDeTelephone',
  'email',
  'anneeNaissance',
  'adresse',
  'commune',
  'genre',
  'statutSocial',
  'notes',
] as const satisfies readonly (keyof BeneficiaryInput)[];


export const sortKeyOf = (b: Pick<Beneficiary, 'anonyme' | 'prenom' | 'nom'>): string =>
  b.anonyme ? ANONYMOUS_SORT_KEY : normalize(`${b.nom ?? ''} ${b.prenom ?? ''}`);

/** The stored, never typed, fields: tranche d'âge and the index keys. */
export const derivedFields = (input: BeneficiaryInput, now: Date = new Date()) => ({
  trancheAge: trancheAge(input.anneeNaissance, now),
  sortKey: sortKeyOf(input),
  searchTokens: [
    ...searchTokens(input.anonyme ? undefined : input.prenom, input.anonyme ? undefined : input.nom, input.commune?.nom),
    ...phoneSearchTokens(input.anonyme ? undefined : input.telephone),
  ],
});

/** The fields a beneficiary form owns, from its validated input (absent means cleared). */
export const beneficiaryFields = (input: BeneficiaryInput): Record<string, unknown> => {
  const fields: Record<string, unknown> = {};
  for (const field of EDITABLE_FIELDS) fields[field] = input[field];
  fields.anonyme = Boolean(input.anonyme);
  fields.pasDeTelephone = input.pasDeTelephone ? true : undefined;
  return fields;
};

/**
 * Creates (no id) or updates a beneficiary from a validated form input. With the `base` the form
 * was opened from, only the fields the advisor changed travel, with the base's version, and the
 * derived fields are recomputed on the merged record (saveAgainstBase); without one, saveRecord
 * compares with the record as it is now. A field emptied in the form is cleared.
 */
export const saveBeneficiary = (
  db: SillonDB,
  id: string | undefined,
  input: BeneficiaryInput,
  now: Date = new Date(),
  base?: EditBase,
): Promise<Beneficiary> => {
  const fields = beneficiaryFields(input);
  if (id && base) {
    const derive = (record: Record<string, unknown>, at: Date) =>
      derivedFields(record as unknown as BeneficiaryInput, at);
    return saveAgainstBase<Beneficiary>(db, 'beneficiaries', id, base, fields, { now, derive });
  }
  return saveRecord<Beneficiary>(db, 'beneficiaries', id, newBeneficiaryFields(input, now), { now });
};

/** A new beneficiary's fields: the form's, with the index keys derived from them. */
export const newBeneficiaryFields = (input: BeneficiaryInput, now: Date = new Date()): Partial<Beneficiary> =>
  ({ ...beneficiaryFields(input), ...derivedFields(input, now) }) as Partial<Beneficiary>;

/**
 * A tombstone that a later sync carries, with the personal data removed (La Coop's anonymisation):
 * from the record, and in the same transaction from the conflicts that kept a value of hers.
 */
export const deleteBeneficiary = (db: SillonDB, id: string, options: DeleteOptions = {}): Promise<void> =>
  db.transaction('rw', [db.beneficiaries, db.outbox, db.conflicts], async () => {
    await deleteRecord(db, 'beneficiaries', id, [...BENEFICIARY_PERSONAL_FIELDS], options);
    await anonymiseLocalConflicts(db, 'beneficiaries', id);
  });

export const getBeneficiary = async (db: SillonDB, id: string): Promise<Beneficiary | undefined> => {
  const b = await db.beneficiaries.get(id);
  return b && !b.deleted ? b : undefined;
};

/** The given beneficiaries that exist and are not deleted, in the order of `ids`. */
export const getBeneficiariesByIds = async (db: SillonDB, ids: string[]): Promise<Beneficiary[]> => {
  const rows = await db.beneficiaries.bulkGet(ids);
  return rows.filter((b): b is Beneficiary => b !== undefined && !b.deleted);
};

/** Query words; a phone number typed with spaces or dots (« 06 12 34 ») is one token of digits. */
export const queryTokens = (query: string): string[] => {
  const trimmed = query.trim();
  if (/^\+?[\d\s.\-/()]+$/.test(trimmed) && /\d/.test(trimmed)) {
    const digits = digitsOnly(trimmed);
    // « 0033 6… » is typed like « +33 6… ».
    return [trimmed.startsWith('00') ? digits.slice(2) : digits];
  }
  return searchTokens(trimmed);
};

export const SEARCH_LIMIT = 50;

/** Reading a key of the index costs about this many times less than opening a sealed row. */
const KEYS_PER_OPENED_ROW = 20;

/**
 * Instant search by name, phone or commune. Each typed word's range of the multi-entry
 * `searchTokens` index is read as keys only (no cursor, no record) and the ranges intersected, so
 * that only the people who match every word are opened (the index holds keyed hashes of each
 * word's first PREFIX_MAX characters, src/data/crypto/search-hash.ts: opening a sealed row is the
 * costly part, about 0.3 ms at CPU 4×). A longer word is checked in full on the opened rows, read a
 * chunk at a time until `limit` match. Never a scan of the table, and a lone short word reads
 * `limit` keys and records, not every « S… ».
 */
export const searchBeneficiaries = async (
  db: SillonDB,
  query: string,
  limit: number = SEARCH_LIMIT,
): Promise<Beneficiary[]> => {
  const tokens = [...new Set(queryTokens(query))];
  if (tokens.length === 0) return [];
  const search = keysFor(db.name).search;
  const words = tokens.map((token) => ({ token, hash: queryHash(search, token), count: 0 }));
  const range = (hash: string) => db.beneficiaries.where('searchTokens').equals(hash);
  // Words checked on the opened rows: those longer than the hashed prefixes, and those whose range
  // is so much larger than the smallest one that reading its keys would cost more than opening.
  const checked = new Set(tokens.filter((t) => t.length > PREFIX_MAX));
  let keys: string[];
  if (words.length === 1) {
    // A lone word needs only the first keys of its range, unless it is checked on the rows too.
    const only = range(words[0]!.hash);
    keys = (await (checked.size === 0 ? only.limit(limit) : only).primaryKeys()) as string[];
  } else {
    // Native index counts (keys only) tell which words narrow the most.
    const counts = await Promise.all(words.map((w) => range(w.hash).count()));
    words.forEach((w, i) => (w.count = counts[i]!));
    words.sort((a, b) => a.count - b.count);
    const smallest = words[0]!;
    const read = words.slice(1).filter((w) => w.count <= KEYS_PER_OPENED_ROW * Math.max(smallest.count, limit));
    for (const w of words.slice(1)) if (!read.includes(w)) checked.add(w.token);
    const [first, ...others] = (await Promise.all([smallest, ...read].map((w) => range(w.hash).primaryKeys()))) as string[][];
    const sets = others.map((r) => new Set(r));
    keys = first!.filter((id) => sets.every((set) => set.has(id)));
  }
  const long = [...checked];
  const found: Beneficiary[] = [];
  // The first chunk is what the screen shows; when long words reject some, the next ones grow.
  let chunk = limit;
  for (let start = 0; start < keys.length && found.length < limit; start += chunk, chunk *= 2) {
    for (const b of await db.beneficiaries.bulkGet(keys.slice(start, start + chunk))) {
      if (!b || b.deleted || !long.every((t) => b.searchTokens.some((s) => s.startsWith(t)))) continue;
      found.push(b);
      if (found.length === limit) break;
    }
  }
  return found.sort((a, b) => a.sortKey.localeCompare(b.sortKey) || a.id.localeCompare(b.id));
};

/**
 * Makes the first keystroke after start or a sync as quick as the next ones (it took 110–170 ms
 * cold at CPU 4× with 10,000 people): reads the keys of the `searchTokens` index, which IndexedDB
 * then holds in memory, and runs one search (its code compiled, the collator made). Read-only.
 */
export const warmSearch = async (db: SillonDB): Promise<void> => {
  // One first character at a time: the whole index's keys at once held the main thread 200 ms.
  const search = keysFor(db.name).search;
  for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789')
    await db.beneficiaries.where('searchTokens').equals(queryHash(search, c)).keys();
  await searchBeneficiaries(db, 'a');
};

/**
 * warmSearch when the browser is idle (off the start-up's and the sync's critical path), then the
 * list's order built and its sealed snapshot saved, so that the next unlock opens the snapshot
 * instead of every beneficiary (src/data/beneficiary-order.ts).
 */
export const warmSearchWhenIdle = (db: SillonDB): void => {
  const run = () =>
    void warmSearch(db)
      .then(() => db.beneficiaryOrder.warm())
      .catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5_000 });
  else setTimeout(run, 500);
};

export interface PageCursor {
  sortKey: string;
  id: string;
}

export interface BeneficiaryPage {
  items: Beneficiary[];
  /** Where the next page starts; absent on the last page. */
  next?: PageCursor;
}

/**
 * One page of the alphabetical list. The `sortKey` index holds keyed hashes, so the order is the
 * one held in memory (src/data/beneficiary-order.ts); the page's rows are then read by key.
 */
export const listBeneficiaries = async (
  db: SillonDB,
  after?: PageCursor,
  pageSize: number = SEARCH_LIMIT,
): Promise<BeneficiaryPage> => {
  const entries = await db.beneficiaryOrder.page(pageSize + 1, after);
  const rows = await db.beneficiaries.bulkGet(entries.slice(0, pageSize).map((e) => e.id));
  const items = rows.filter((b): b is Beneficiary => b !== undefined && !b.deleted);
  const last = items[items.length - 1];
  return entries.length > pageSize && last ? { items, next: { sortKey: last.sortKey, id: last.id } } : { items };
};

/** Beneficiaries in the list (tombstones have no sortKey, so the index count leaves them out). */
export const countBeneficiaries = (db: SillonDB): Promise<number> => db.beneficiaries.orderBy('sortKey').count();

export interface DuplicateQuery {
  prenom?: string | undefined;
  nom?: string | undefined;
  anneeNaissance?: number | undefined;
  /** The beneficiary being edited is not its own duplicate. */
  excludeId?: string | undefined;
}

/** At most this many duplicates are listed for one person. */
const MAX_DUPLICATES = 10;

/**
 * The index key of the normalised "nom prénom" two duplicates share (its keyed hash: the sortKey
 * index holds hashes, src/data/crypto/at-rest.ts), or undefined when a name is missing.
 */
const duplicateKey = (db: SillonDB, q: DuplicateQuery): string | undefined =>
  q.prenom?.trim() && q.nom?.trim()
    ? tokenHash(keysFor(db.name).search, sortKeyOf({ anonyme: false, prenom: q.prenom, nom: q.nom }))
    : undefined;

/** Whether `b` (of the same sortKey) is a duplicate: live, not the one edited, the birth year not contradicting. */
const isDuplicate = (b: Beneficiary, q: DuplicateQuery): boolean =>
  !b.deleted &&
  b.id !== q.excludeId &&
  (q.anneeNaissance == null || b.anneeNaissance == null || b.anneeNaissance === q.anneeNaissance);

/**
 * Beneficiaries with the same name (normalised: accents, case, dashes) and, when both are known,
 * the same birth year. The sortKey index holds exactly the normalised "nom prénom" (hashed).
 */
export const findDuplicates = async (db: SillonDB, q: DuplicateQuery): Promise<Beneficiary[]> => {
  const key = duplicateKey(db, q);
  if (key === undefined) return [];
  return db.beneficiaries
    .where('sortKey')
    .equals(key)
    .and((b) => isDuplicate(b, q))
    .limit(MAX_DUPLICATES)
    .toArray();
};

/**
 * findDuplicates for many people at once (an imported file of thousands of rows): each distinct name
 * looked up once in the sortKey index, all in one read transaction without waiting for one another,
 * then the same rule per person, in the same order. Measured in Chromium at 4× CPU slowdown, 2,000
 * rows (1,200 names) against 10,000 beneficiaries: 0.2–1.1 s, where one query per row took 8.6 s,
 * reading the whole table 1.0–1.2 s (and growing with the structure) and Dexie's anyOf cursor 3–5 s.
 */
export const findDuplicatesOfMany = async (
  db: SillonDB,
  queries: readonly DuplicateQuery[],
): Promise<Beneficiary[][]> => {
  const keys = queries.map((q) => duplicateKey(db, q));
  const wanted = [...new Set(keys.filter((k): k is string => k !== undefined))];
  const found = await db.transaction('r', db.beneficiaries, () =>
    Promise.all(wanted.map((key) => db.beneficiaries.where('sortKey').equals(key).toArray())),
  );
  const byKey = new Map(wanted.map((key, i) => [key, found[i]!]));
  return queries.map((q, i) => {
    const key = keys[i];
    if (key === undefined) return [];
    return (byKey.get(key) ?? []).filter((b) => isDuplicate(b, q)).slice(0, MAX_DUPLICATES);
  });
};

/** The sessions of a beneficiary, most recent first (multi-entry index on beneficiaryIds). */
export const sessionsOf = async (db: SillonDB, beneficiaryId: string): Promise<Activity[]> => {
  const rows = await db.activities
    .where('beneficiaryIds')
    .equals(beneficiaryId)
    .distinct()
    .and((a) => !a.deleted)
    .toArray();
  return rows.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
};
