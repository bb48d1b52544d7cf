// Statistics kept up to date as records are written, so that a year's figures read a few hundred rows:
// - `statsDays`: one row per day, the day's activities summed per (type, advisor) (src/domain/stats-aggregate.ts);
// - `statsPeople`: beneficiaries in buckets of ids, each with the figures of their fiche and the date
//   of their first session (« déjà accompagné avant la période » is then a comparison).
// A DBCore middleware maintains both on every write of an activity or a beneficiary, whatever the path
// (commands with their outbox, the sync's pulled pages, merges, anonymisation, imports, seeds), inside
// the transaction of that write: every read-write transaction touching those tables gets the two
// aggregate tables added to its scope, so a record and its figures commit or abort together. A table
// cleared wholesale (deleteRange) and the schema upgrade that creates the tables rebuild them from zero.
import type { DBCore, DBCoreKeyRange, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import type { Activity } from '../domain/activity';
import type { PersonFacts } from '../domain/stats';
import {
  addActivity,
  countsInStats,
  emptyAggregate,
  isEmptyAggregate,
  mergeAggregate,
  partKey,
  type StatsAggregate,
} from '../domain/stats-aggregate';

export const STATS_DAYS = 'statsDays';
export const STATS_PEOPLE = 'statsPeople';

export interface StatsDayRow {
  /** 'YYYY-MM-DD'. */
  day: string;
  /** The day's live activities summed per partKey (type, advisor). */
  parts: Record<string, StatsAggregate>;
}

export interface StatsPersonEntry {
  /** The fiche's figures; absent: no fiche on this device. */
  b?: PersonFacts;
  /** Date of the person's first live session (any participant rank, any type), as `participations`. */
  f?: string;
}

export interface StatsPeopleRow {
  bucket: string;
  people: Record<string, StatsPersonEntry>;
}

/** A person's bucket: the last two characters of the id (uuidv7: random), ~256 buckets. */
export const bucketOf = (id: string): string => id.slice(-2);

const FACT_FIELDS = ['anonyme', 'genre', 'statutSocial', 'commune', 'anneeNaissance', 'trancheAge'] as const;

export const factsOf = (b: Record<string, unknown>): PersonFacts => {
  const facts: Record<string, unknown> = {};
  for (const k of FACT_FIELDS) if (b[k] !== undefined) facts[k] = b[k];
  return facts as PersonFacts;
};

/** The `participations` of an activity as [beneficiaryId, date] (same rule as src/data/db.ts). */
const participations = (a: unknown): [string, string][] => {
  const v = a as { deleted?: unknown; date?: unknown; beneficiaryIds?: unknown } | undefined;
  if (!v || v.deleted || typeof v.date !== 'string' || !Array.isArray(v.beneficiaryIds)) return [];
  return v.beneficiaryIds.map((id) => [String(id), v.date as string]);
};

/** Both tables computed from every activity and beneficiary (schema upgrade, table cleared, tests). */
export const buildAggregateRows = (
  activities: readonly unknown[],
  beneficiaries: readonly unknown[],
): { days: StatsDayRow[]; people: StatsPeopleRow[] } => {
  const days = new Map<string, StatsDayRow>();
  for (const value of activities) {
    const a = value as Activity;
    if (!countsInStats(a)) continue;
    let row = days.get(a.date);
    if (!row) days.set(a.date, (row = { day: a.date, parts: {} }));
    addActivity((row.parts[partKey(a)] ??= emptyAggregate()), a, 1);
  }
  const people = new Map<string, StatsPeopleRow>();
  const entry = (id: string) => {
    const bucket = bucketOf(id);
    let row = people.get(bucket);
    if (!row) people.set(bucket, (row = { bucket, people: {} }));
    return (row.people[id] ??= {});
  };
  for (const value of beneficiaries) {
    const b = value as Record<string, unknown>;
    if (typeof b.id === 'string') entry(b.id).b = factsOf(b);
  }
  for (const a of activities) {
    for (const [id, date] of participations(a)) {
      const e = entry(id);
      if (e.f === undefined || date < e.f) e.f = date;
    }
  }
  return { days: [...days.values()], people: [...people.values()] };
};

const hasAggregates = (trans: DBCoreTransaction): boolean => {
  const names = (trans as unknown as { objectStoreNames?: DOMStringList }).objectStoreNames;
  return !!names && names.contains(STATS_DAYS) && names.contains(STATS_PEOPLE);
};

// Dexie's AnyRange (DBCoreRangeType.Any): every key.
const ALL = { type: 3, lower: -Infinity, lowerOpen: false, upper: [[]], upperOpen: false } as unknown as DBCoreKeyRange;
const getAll = async (table: DBCoreTable, trans: DBCoreTransaction): Promise<unknown[]> =>
  table.query({ trans, values: true, query: { index: table.schema.primaryKey, range: ALL } }).then((r) => r.result);

const writeRows = async (table: DBCoreTable, trans: DBCoreTransaction, put: object[], del: string[]) => {
  if (put.length > 0) await table.mutate({ type: 'put', trans, values: put });
  if (del.length > 0) await table.mutate({ type: 'delete', trans, keys: del });
};

/**
 * After a range of a table is deleted (Table.clear): what depends on that table rebuilt from what
 * remains of it, reading that table only (the one in the transaction's scope): the day rows and the
 * first sessions from the activities, the fiches' figures from the beneficiaries.
 */
const rebuild = async (core: DBCore, trans: DBCoreTransaction, tableName: string) => {
  const remaining = await getAll(core.table(tableName), trans);
  const isActivities = tableName === 'activities';
  const fresh = isActivities ? buildAggregateRows(remaining, []) : buildAggregateRows([], remaining);
  if (isActivities) {
    const days = core.table(STATS_DAYS);
    await days.mutate({ type: 'deleteRange', trans, range: ALL });
    if (fresh.days.length > 0) await days.mutate({ type: 'put', trans, values: fresh.days });
  }
  const people = core.table(STATS_PEOPLE);
  const rows = new Map<string, StatsPeopleRow>(
    ((await getAll(people, trans)) as StatsPeopleRow[]).map((r) => [r.bucket, r]),
  );
  for (const row of fresh.people) if (!rows.has(row.bucket)) rows.set(row.bucket, { bucket: row.bucket, people: {} });
  const put: StatsPeopleRow[] = [];
  const del: string[] = [];
  for (const row of rows.values()) {
    const from = fresh.people.find((r) => r.bucket === row.bucket)?.people ?? {};
    for (const id of new Set([...Object.keys(row.people), ...Object.keys(from)])) {
      const entry = { ...row.people[id] };
      if (isActivities) entry.f = from[id]?.f;
      else entry.b = from[id]?.b;
      if (entry.b === undefined) delete entry.b;
      if (entry.f === undefined) delete entry.f;
      if (entry.b === undefined && entry.f === undefined) delete row.people[id];
      else row.people[id] = entry;
    }
    if (Object.keys(row.people).length > 0) put.push(row);
    else del.push(row.bucket);
  }
  await writeRows(people, trans, put, del);
};

/** Reads the buckets of these people, lets `change` edit their entries, writes back what changed. */
const updatePeople = async (
  core: DBCore,
  trans: DBCoreTransaction,
  ids: Iterable<string>,
  change: (id: string, entry: StatsPersonEntry) => void,
) => {
  const byBucket = new Map<string, string[]>();
  for (const id of ids) {
    const list = byBucket.get(bucketOf(id));
    if (list) list.push(id);
    else byBucket.set(bucketOf(id), [id]);
  }
  if (byBucket.size === 0) return;
  const table = core.table(STATS_PEOPLE);
  const keys = [...byBucket.keys()];
  const rows = (await table.getMany({ trans, keys })) as (StatsPeopleRow | undefined)[];
  const put: StatsPeopleRow[] = [];
  const del: string[] = [];
  keys.forEach((bucket, i) => {
    const row = rows[i] ?? { bucket, people: {} };
    for (const id of byBucket.get(bucket)!) {
      const entry = row.people[id] ?? {};
      change(id, entry);
      if (entry.b === undefined && entry.f === undefined) delete row.people[id];
      else row.people[id] = entry;
    }
    if (Object.keys(row.people).length === 0) {
      if (rows[i]) del.push(bucket);
    } else put.push(row);
  });
  await writeRows(table, trans, put, del);
};

/** The first live session of a person, read on the `participations` index (after the write). */
const firstSession = async (core: DBCore, trans: DBCoreTransaction, id: string): Promise<string | undefined> => {
  const table = core.table('activities');
  const index = table.schema.getIndexByKeyPath('participations');
  if (!index) throw new Error('participations index missing');
  const range = { type: 2, lower: `${id}|`, upper: `${id}|\uffff`, lowerOpen: false, upperOpen: false } as const;
  const { result } = await table.query({ trans, values: true, limit: 1, query: { index, range } });
  const a = result[0] as { date?: unknown } | undefined;
  return typeof a?.date === 'string' ? a.date : undefined;
};

/** Applies written activities (before → after; undefined: absent) to both aggregate tables. */
const applyActivities = async (
  core: DBCore,
  trans: DBCoreTransaction,
  changes: [unknown, unknown][],
): Promise<void> => {
  const deltas = new Map<string, Map<string, StatsAggregate>>();
  const delta = (a: Activity) => {
    let parts = deltas.get(a.date);
    if (!parts) deltas.set(a.date, (parts = new Map()));
    let agg = parts.get(partKey(a));
    if (!agg) parts.set(partKey(a), (agg = emptyAggregate()));
    return agg;
  };
  const added = new Map<string, string>();
  const removed = new Set<string>();
  for (const [before, after] of changes) {
    if (countsInStats(before as Activity)) addActivity(delta(before as Activity), before as Activity, -1);
    if (countsInStats(after as Activity)) addActivity(delta(after as Activity), after as Activity, 1);
    const was = new Set(participations(before).map(([id, date]) => `${id}|${date}`));
    const is = new Set(participations(after).map(([id, date]) => `${id}|${date}`));
    for (const [id, date] of participations(after)) {
      if (was.has(`${id}|${date}`)) continue;
      const first = added.get(id);
      if (first === undefined || date < first) added.set(id, date);
    }
    for (const [id, date] of participations(before)) if (!is.has(`${id}|${date}`)) removed.add(id);
  }

  const days = core.table(STATS_DAYS);
  const keys = [...deltas.keys()];
  if (keys.length > 0) {
    const rows = (await days.getMany({ trans, keys })) as (StatsDayRow | undefined)[];
    const put: StatsDayRow[] = [];
    const del: string[] = [];
    keys.forEach((day, i) => {
      const row = rows[i] ?? { day, parts: {} };
      for (const [key, d] of deltas.get(day)!) {
        const part = row.parts[key] ?? emptyAggregate();
        mergeAggregate(part, d);
        if (isEmptyAggregate(part)) delete row.parts[key];
        else row.parts[key] = part;
      }
      if (Object.keys(row.parts).length > 0) put.push(row);
      else if (rows[i]) del.push(day);
    });
    await writeRows(days, trans, put, del);
  }

  // A removed session may have been the first: read the index again for those people.
  const recheck = new Map<string, string | undefined>();
  for (const id of removed) recheck.set(id, await firstSession(core, trans, id));
  await updatePeople(core, trans, new Set([...added.keys(), ...removed]), (id, entry) => {
    if (recheck.has(id)) {
      const f = recheck.get(id);
      if (f === undefined) delete entry.f;
      else entry.f = f;
      return;
    }
    const date = added.get(id)!;
    if (entry.f === undefined || date < entry.f) entry.f = date;
  });
};

const withAggregates = (core: DBCore, table: DBCoreTable): DBCoreTable => ({
  ...table,
  mutate: async (req) => {
    if (!hasAggregates(req.trans)) return table.mutate(req);
    if (req.type === 'deleteRange') {
      const res = await table.mutate(req);
      await rebuild(core, req.trans, table.name);
      return res;
    }
    const extract = table.schema.primaryKey.extractKey;
    const keys: unknown[] =
      req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v: unknown) => extract!(v)));
    const isActivities = table.name === 'activities';
    const old = isActivities ? await table.getMany({ trans: req.trans, keys }) : [];
    const res = await table.mutate(req);
    // The value each key held before and after this request (a key written twice chains).
    const latest = new Map<unknown, unknown>();
    const changes: [unknown, unknown][] = [];
    keys.forEach((key, i) => {
      if (res.failures[i]) return;
      const before = latest.has(key) ? latest.get(key) : old[i];
      const after = req.type === 'delete' ? undefined : req.values[i];
      latest.set(key, after);
      changes.push([before, after]);
    });
    if (isActivities) await applyActivities(core, req.trans, changes);
    else {
      const facts = new Map<string, PersonFacts | undefined>();
      keys.forEach((key, i) => {
        if (res.failures[i]) return;
        const after = req.type === 'delete' ? undefined : (req.values[i] as Record<string, unknown>);
        facts.set(String(key), after ? factsOf(after) : undefined);
      });
      await updatePeople(core, req.trans, facts.keys(), (id, entry) => {
        const b = facts.get(id);
        if (b === undefined) delete entry.b;
        else entry.b = b;
      });
    }
    return res;
  },
});

const WATCHED = new Set(['activities', 'beneficiaries']);

export const statsAggregatesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'statsAggregates',
  create: (down) => {
    const core: DBCore = {
      ...down,
      // Every read-write transaction on activities or beneficiaries also holds the aggregate tables.
      transaction: (stores, mode, options) =>
        down.transaction(
          mode === 'readwrite' &&
            stores.some((s) => WATCHED.has(s)) &&
            down.schema.tables.some((t) => t.name === STATS_DAYS)
            ? [...new Set([...stores, STATS_DAYS, STATS_PEOPLE])]
            : stores,
          mode,
          options,
        ),
      table: (name) => (WATCHED.has(name) ? withAggregates(down, down.table(name)) : down.table(name)),
    };
    return core;
  },
};
