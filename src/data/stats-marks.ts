// What a write makes stale in the statistics' aggregates (src/data/stats-aggregates.ts), marked in
// the write's own transaction by a DBCore middleware below encryption at rest: `m:YYYY-MM` for each
// month an activity left or entered, `p:<id>` for each fiche written and each person whose
// participations changed. Apart from the aggregates' code so that db.ts (on the first route) does not
// load the statistics' sums.
import type { DBCore, DBCoreKeyRange, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';


export const STATS_MONTHS = 'statsMonths';
export const STATS_PEOPLE = 'statsPeople';
export const STATS_DIRTY = 'statsDirty';
export const STATS_PERIODS = 'statsPeriods';

/** A stale month (`m:YYYY-MM`) or person (`p:<id>`); `n` changes at every write that marks it. */
export interface StatsDirtyRow {
  key: string;
  n: number;
}

export const monthMark = (month: string) => `m:${month}`;
export const monthOf = (day: string) => day.slice(0, 7);
export const personMark = (id: string) => `p:${id}`;

type Row = Record<string, unknown> | undefined;

/** `beneficiaryId|date` of an activity's live participations (the rule of db.ts participationKeys). */
const participations = (a: Row): string[] =>
  !a || a.deleted || typeof a.date !== 'string' || !Array.isArray(a.beneficiaryIds)
    ? []
    : a.beneficiaryIds.map((id) => `${String(id)}|${a.date as string}`);

/**
 * The markers of an activity's write, before → after: its month(s), and the people whose
 * participations changed (their first session may have moved). Only clear fields are read.
 */
export const activityMarks = (before: Row, after: Row, into: Set<string>): void => {
  if (typeof before?.date === 'string') into.add(monthMark(monthOf(before.date)));
  if (typeof after?.date === 'string') into.add(monthMark(monthOf(after.date)));
  const was = participations(before);
  const is = participations(after);
  const wasSet = new Set(was);
  const isSet = new Set(is);
  for (const p of was) if (!isSet.has(p)) into.add(personMark(p.slice(0, p.lastIndexOf('|'))));
  for (const p of is) if (!wasSet.has(p)) into.add(personMark(p.slice(0, p.lastIndexOf('|'))));
};

/**
 * The markers already written by each open transaction. A second write of the same marker in one
 * transaction changes nothing a reader can see (no other transaction reads between the two, and
 * the first one already gave it a new `n`): a pulled page of 2,000 sessions names the same people
 * slice after slice, and each marker written again was one more IndexedDB request on the main thread.
 */
const markedIn = new WeakMap<DBCoreTransaction, Set<string>>();

const putMarks = (down: DBCore, trans: DBCoreTransaction, marks: Set<string>) => {
  let done = markedIn.get(trans);
  if (!done) markedIn.set(trans, (done = new Set()));
  const values: StatsDirtyRow[] = [];
  for (const key of marks) {
    if (done.has(key)) continue;
    done.add(key);
    values.push({ key, n: Math.random() });
  }
  if (values.length === 0) return Promise.resolve();
  return down.table(STATS_DIRTY).mutate({ type: 'put', trans, values }).then(() => undefined);
};

/** A range of primary keys, as DBCore takes it (its enum is a `const enum`, absent at run time). */
const RANGE = 2 as DBCoreKeyRange['type'];

/**
 * The stored versions of `keys` (undefined where none), read as `getMany` would, but without a
 * request per key when most are new: one request lists the stored keys between the smallest and
 * the largest (UUID v7 ids of one pulled page lie close together), and only those are read. A
 * range holding many more stored keys than asked for (edits of old records) falls back to getMany.
 */
const storedVersions = async (table: DBCoreTable, trans: DBCoreTransaction, keys: unknown[]): Promise<Row[]> => {
  if (keys.length < 8 || !keys.every((k) => typeof k === 'string')) return (await table.getMany({ trans, keys })) as Row[];
  const sorted = [...(keys as string[])].sort();
  const limit = keys.length * 4;
  const { result } = await table.query({
    trans,
    values: false,
    limit,
    query: {
      index: table.schema.primaryKey,
      range: { type: RANGE, lower: sorted[0], upper: sorted.at(-1), lowerOpen: false, upperOpen: false },
    },
  });
  if (result.length >= limit) return (await table.getMany({ trans, keys })) as Row[];
  const stored = new Set(result as string[]);
  const present = (keys as string[]).filter((k) => stored.has(k));
  if (present.length === 0) return keys.map(() => undefined);
  const rows = (await table.getMany({ trans, keys: present })) as Row[];
  const byKey = new Map(present.map((k, i) => [k, rows[i]]));
  return (keys as string[]).map((k) => byKey.get(k));
};

const hasDirty = (trans: DBCoreTransaction): boolean => {
  const names = (trans as unknown as { objectStoreNames?: DOMStringList }).objectStoreNames;
  return !!names && names.contains(STATS_DIRTY);
};

const markingTable = (down: DBCore, table: DBCoreTable): DBCoreTable => ({
  ...table,
  mutate: async (req) => {
    if (!hasDirty(req.trans)) return table.mutate(req);
    const isActivities = table.name === 'activities';
    const marks = new Set<string>();
    if (req.type === 'deleteRange') {
      // Rare (a table emptied): what it held is read first (raw rows, below encryption at rest).
      const { result } = await table.query({
        trans: req.trans,
        values: true,
        query: { index: table.schema.primaryKey, range: req.range },
      });
      for (const row of result as Row[]) {
        if (isActivities) activityMarks(row, undefined, marks);
        else if (typeof row?.id === 'string') marks.add(personMark(row.id));
      }
      const res = await table.mutate(req);
      await putMarks(down, req.trans, marks);
      return res;
    }
    const extract = table.schema.primaryKey.extractKey;
    const keys: unknown[] = req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v: unknown) => extract!(v)));
    if (!isActivities) {
      const res = await table.mutate(req);
      keys.forEach((key, i) => {
        if (!res.failures[i]) marks.add(personMark(String(key)));
      });
      await putMarks(down, req.trans, marks);
      return res;
    }
    // An added activity had no earlier version; a put or a delete may replace one.
    const old: Row[] = req.type === 'add' ? [] : await storedVersions(table, req.trans, keys);
    const res = await table.mutate(req);
    const latest = new Map<unknown, Row>();
    keys.forEach((key, i) => {
      if (res.failures[i]) return;
      const before = latest.has(key) ? latest.get(key) : old[i];
      const after = req.type === 'delete' ? undefined : (req.values[i] as Row);
      latest.set(key, after);
      activityMarks(before, after, marks);
    });
    await putMarks(down, req.trans, marks);
    return res;
  },
});

const WATCHED = new Set(['activities', 'beneficiaries']);

/**
 * Marks what each write of an activity or a beneficiary makes stale, in its own transaction. Below
 * encryption at rest (level -3 < -2): it reads the clear fields of the stored rows (date,
 * beneficiaryIds, deleted) without opening them.
 */
export const statsDirtyMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'statsDirty',
  level: -3,
  create: (down) => ({
    ...down,
    transaction: (stores, mode, options) =>
      down.transaction(
        mode === 'readwrite' &&
          stores.some((s) => WATCHED.has(s)) &&
          !stores.includes(STATS_DIRTY) &&
          down.schema.tables.some((t) => t.name === STATS_DIRTY)
          ? [...stores, STATS_DIRTY]
          : stores,
        mode,
        options,
      ),
    table: (name) => (WATCHED.has(name) ? markingTable(down, down.table(name)) : down.table(name)),
  }),
};

/** The schema upgrade that creates the tables: every stored month and person marked (keys only). */
export const markEverythingStored = async (tx: {
  table: (name: string) => {
    orderBy: (index: string) => { uniqueKeys: () => Promise<unknown[]>; keys: () => Promise<unknown[]> };
    toCollection: () => { primaryKeys: () => Promise<unknown[]> };
    bulkPut: (rows: StatsDirtyRow[]) => Promise<unknown>;
  };
}): Promise<void> => {
  const days = await tx.table('activities').orderBy('date').uniqueKeys();
  const participationKeys = await tx.table('activities').orderBy('participations').keys();
  const fiches = await tx.table('beneficiaries').toCollection().primaryKeys();
  const marks = new Set<string>();
  for (const day of days) marks.add(monthMark(monthOf(String(day))));
  for (const key of participationKeys) {
    const k = String(key);
    marks.add(personMark(k.slice(0, k.lastIndexOf('|'))));
  }
  for (const id of fiches) marks.add(personMark(String(id)));
  if (marks.size > 0) await tx.table(STATS_DIRTY).bulkPut([...marks].map((key) => ({ key, n: Math.random() })));
};

