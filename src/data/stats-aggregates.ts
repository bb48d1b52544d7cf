// Statistics kept as records are written, so that a year's figures read a few hundred rows:
// - `statsMonths`: one row per month, the month's live activities summed per (type, advisor)
//   (src/domain/stats-aggregate.ts; the sums keep their days, for the figures per day);
// - `statsPeople`: people in ~256 buckets of ids, each with their fiche's figures and the date of
//   their first session (« déjà accompagné avant la période » is then a comparison);
// - `statsDirty`: what a write made stale, one marker per month or person.
// A write never reads or rewrites an aggregate: a DBCore middleware, below encryption at rest, puts
// the markers of what it touched in the very transaction of the write (commands with their outbox,
// pulled pages, merges, anonymisation, retention purges, imports, seeds: every read-write transaction
// on activities or beneficiaries holds `statsDirty` too), so a record and its marker commit together.
// The statistics then rebuild only the marked months of their period and the marked people among its
// participants (refreshAggregates), and clear a marker only if no write re-marked it meanwhile.
// A month only partly in the period is summed from its activities of the period, never stored.
// At rest (at-rest-rules.ts), a month row's sums are sealed (thematiques, communes, durations: sealed
// in the activities too); what stays clear is what the activities keep clear themselves: the month, the
// participants' ids per type and advisor, and the people's buckets (a fiche's clear figures, the date
// of the first session, which the clear `participations` index gives). Markers hold ids and dates.
import type { Activity } from '../domain/activity';
import type { PersonFacts } from '../domain/stats';
import { addActivity, countsInStats, emptyAggregate, partKey, type StatsAggregate } from '../domain/stats-aggregate';
import type { Table } from 'dexie';

import type { SillonDB } from './db';
import {
  monthMark,
  monthOf,
  personMark,
  STATS_DIRTY,
  STATS_MONTHS,
  STATS_PEOPLE,
  STATS_PERIODS,
  type StatsDirtyRow,
} from './stats-marks';

export { STATS_DIRTY, STATS_MONTHS, STATS_PEOPLE, type StatsDirtyRow } from './stats-marks';

/**
 * The aggregates' generation, in `statsPeriods` under this key: it changes in the transaction of
 * every rebuild that changes what a period's figures are made of (a month row stored or removed, a
 * person's entry changed), so that a stored period (stats-periods.ts) is valid while it holds.
 */
export const GENERATION_KEY = '#generation';

export interface GenerationRow {
  key: typeof GENERATION_KEY;
  gen: number;
}

export interface StatsMonthRow {
  /** 'YYYY-MM'. */
  month: string;
  /** The month's live activities summed per partKey (type, advisor), without their participants. */
  parts: Record<string, StatsAggregate>;
  /**
   * Per partKey, the identified participants' accompagnements by beneficiary id: kept in clear at
   * rest (ids, a date, a type and an advisor, as the activities' own clear fields), so that a year's
   * thousands of ids are not opened and parsed with the sealed sums.
   */
  people: Record<string, Record<string, number>>;
}

/** The sums of a month (or of a part of one) and their participants, per partKey. */
export type StatsSums = Pick<StatsMonthRow, 'parts' | 'people'>;

/** A row's parts with their participants put back (as addActivity summed them). */
export const sumParts = (row: StatsSums): [string, StatsAggregate][] =>
  Object.entries(row.parts).map(([key, part]) => {
    const people = row.people?.[key];
    return [key, people ? { ...part, counts: { ...part.counts, people } } : part];
  });

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

/**
 * As stored: the participants (of a month row) and the people (of a bucket) as one JSON string, so
 * that reading a year clones a few hundred strings instead of ~100,000 small objects.
 */
export type Stored<T extends { people: unknown }> = Omit<T, 'people'> & { people: string };

const load = <T extends { people: unknown }>(row: Stored<T>): T =>
  // A row stored as an object (the first version of schema 8, on main a few minutes) reads as it is.
  ({ ...row, people: typeof row.people === 'string' ? (JSON.parse(row.people) as T['people']) : row.people }) as unknown as T;
const store = <T extends { people: unknown }>(row: T): Stored<T> =>
  ({ ...row, people: JSON.stringify(row.people) }) as unknown as Stored<T>;

/** A person's bucket: the last two characters of the id (uuidv7: random), ~256 buckets. */
export const bucketOf = (id: string): string => id.slice(-2);

const FACT_FIELDS = ['anonyme', 'genre', 'statutSocial', 'commune', 'anneeNaissance', 'trancheAge'] as const;

/** The fields of a fiche the statistics read (all kept in clear at rest, at-rest-rules.ts). */
export const factsOf = (b: Record<string, unknown>): PersonFacts => {
  const facts: Record<string, unknown> = {};
  for (const k of FACT_FIELDS) if (b[k] !== undefined) facts[k] = b[k];
  return facts as PersonFacts;
};

/** A period's aggregates, fresh: the sums of its months and each participant's entry. */
export interface PeriodAggregates {
  rows: StatsSums[];
  person: (id: string) => StatsPersonEntry | undefined;
  /** Rows rebuilt by this call (0 once everything is current): months, people. */
  rebuilt: { months: number; people: number };
  /**
   * The aggregates' generation these sums are consistent with: every month of the period read from a
   * stored row or stored by this call, every rebuilt person stored; undefined otherwise (a month
   * only partly in the period, a write during the call), and then the answer is not to be kept.
   */
  gen: number | undefined;
}

const entryText = (e: StatsPersonEntry | undefined) => (e === undefined ? '' : JSON.stringify(e));

/** A changed entry matters to some period only if the person had, or has, a session. */
const entryMatters = (before: StatsPersonEntry | undefined, after: StatsPersonEntry | undefined) =>
  entryText(before) !== entryText(after) && (before?.f !== undefined || after?.f !== undefined);

/** The entries of these people, from their fiches and the `participations` index. */
const personEntries = async (db: SillonDB, ids: string[]): Promise<Map<string, StatsPersonEntry | undefined>> => {
  const out = new Map<string, StatsPersonEntry | undefined>();
  if (ids.length === 0) return out;
  const [fiches, first] = await Promise.all([db.beneficiaries.bulkGet(ids), firstSessions(db, ids)]);
  ids.forEach((id, i) => {
    const b = fiches[i];
    const entry: StatsPersonEntry = {};
    if (b) entry.b = factsOf(b as unknown as Record<string, unknown>);
    const f = first.get(id);
    if (f !== undefined) entry.f = f;
    out.set(id, entry.b === undefined && entry.f === undefined ? undefined : entry);
  });
  return out;
};

/**
 * Inside a read-write transaction on the people and periods: these entries stored in their
 * buckets; whether one changed that a period may count (then the generation must change).
 */
const storePeople = async (
  peopleTable: Table<Stored<StatsPeopleRow>, string>,
  fresh: ReadonlyMap<string, StatsPersonEntry | undefined>,
  ids: readonly string[],
): Promise<boolean> => {
  const bucketKeys = [...new Set(ids.map(bucketOf))];
  const current = await peopleTable.bulkGet(bucketKeys);
  const rows = new Map(
    bucketKeys.map((k, i): [string, StatsPeopleRow] => {
      const stored = current[i];
      return [k, stored ? load<StatsPeopleRow>(stored) : { bucket: k, people: {} }];
    }),
  );
  let changed = false;
  for (const id of ids) {
    const row = rows.get(bucketOf(id))!;
    const entry = fresh.get(id);
    if (entryMatters(row.people[id], entry)) changed = true;
    if (entry) row.people[id] = entry;
    else delete row.people[id];
  }
  const full = [...rows.values()].filter((r) => Object.keys(r.people).length > 0);
  const empty = [...rows.values()].filter((r) => Object.keys(r.people).length === 0).map((r) => r.bucket);
  if (full.length > 0) await peopleTable.bulkPut(full.map((r) => store(r)));
  if (empty.length > 0) await peopleTable.bulkDelete(empty);
  return changed;
};

/** Inside a read-write transaction on the periods: the generation moved on, returned. */
const nextGeneration = async (periods: Table<GenerationRow, string>, current: number): Promise<number> => {
  const gen = current + 1;
  await periods.put({ key: GENERATION_KEY, gen });
  return gen;
};

export const readGeneration = async (periods: Table<GenerationRow, string>): Promise<number> =>
  (await periods.get(GENERATION_KEY))?.gen ?? 0;

/**
 * The marked people rebuilt (those of `marks`, as read), outside any period: what a warm-up does
 * after a sync, and what a stored period checks before it is used. Returns the generation after it,
 * or undefined if a write marked one of them again meanwhile (they stay marked).
 */
export const refreshMarkedPeople = async (db: SillonDB, marks: readonly StatsDirtyRow[]): Promise<number | undefined> => {
  const dirtyTable = db.table<StatsDirtyRow, string>(STATS_DIRTY);
  const peopleTable = db.table<Stored<StatsPeopleRow>, string>(STATS_PEOPLE);
  const periods = db.table<GenerationRow, string>(STATS_PERIODS);
  const ids = marks.map((m) => m.key.slice(2));
  const fresh = await personEntries(db, ids);
  const seen = new Map(marks.map((m) => [m.key, m.n]));
  return db.transaction('rw', [dirtyTable, peopleTable, periods], async () => {
    const keys = ids.map(personMark);
    const now = await dirtyTable.bulkGet(keys);
    const unchanged = keys.filter((k, i) => now[i] !== undefined && now[i]!.n === seen.get(k));
    const touched = unchanged.map((k) => k.slice(2));
    const changed = touched.length > 0 && (await storePeople(peopleTable, fresh, touched));
    await dirtyTable.bulkDelete(unchanged);
    const gen = await readGeneration(periods);
    const after = changed ? await nextGeneration(periods, gen) : gen;
    return unchanged.length === keys.length ? after : undefined;
  });
};

/** The sums of these activities (those of [from, to] only, live). */
export const sumsOf = (activities: readonly Activity[], from: string, to: string): StatsSums => {
  const row: StatsSums = { parts: {}, people: {} };
  for (const a of activities) {
    if (a.date < from || a.date > to || !countsInStats(a)) continue;
    addActivity((row.parts[partKey(a)] ??= emptyAggregate()), a, 1);
  }
  for (const [key, part] of Object.entries(row.parts)) {
    const { people, ...counts } = part.counts;
    if (people) row.people[key] = people;
    part.counts = counts;
  }
  return row;
};

/** First and last day of a 'YYYY-MM' month. */
export const monthDays = (month: string): [string, string] => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
};

const monthsBetween = (from: string, to: string): string[] => {
  const out: string[] = [];
  // A guard against absurd periods, as the figures' timeline.
  for (let m = monthOf(from); m <= monthOf(to) && out.length < 1200; ) {
    out.push(m);
    const [y, n] = m.split('-').map(Number) as [number, number];
    m = n === 12 ? `${y + 1}-01` : `${y}-${String(n + 1).padStart(2, '0')}`;
  }
  return out;
};

const firstSessions = async (db: SillonDB, ids: string[]): Promise<Map<string, string>> => {
  const first = new Map<string, string>();
  await db.transaction('r', db.activities, () =>
    Promise.all(
      ids.map(async (id) => {
        const keys = await db.activities
          .where('participations')
          .between(`${id}|`, `${id}|\uffff`, true, true)
          .limit(1)
          .keys();
        const key = keys[0];
        if (typeof key === 'string') first.set(id, key.slice(key.lastIndexOf('|') + 1));
      }),
    ),
  );
  return first;
};

/**
 * The aggregates of [from, to]: stored month rows where current, the marked months wholly in the
 * period and the marked people among its participants rebuilt from the records and stored back
 * (unless a write marked them again meanwhile: they stay marked, and this answer uses what it
 * read); a month only partly in the period summed from its activities of the period.
 */
export const refreshAggregates = async (
  db: SillonDB,
  from: string,
  to: string,
  options: { allMarkedPeople?: boolean } = {},
): Promise<PeriodAggregates> => {
  const periods = db.table<GenerationRow, string>(STATS_PERIODS);
  const dirtyTable = db.table<StatsDirtyRow, string>(STATS_DIRTY);
  const monthsTable = db.table<Stored<StatsMonthRow>, string>(STATS_MONTHS);
  const peopleTable = db.table<Stored<StatsPeopleRow>, string>(STATS_PEOPLE);
  const months = monthsBetween(from, to);
  const whole = months.filter((m) => {
    const [first, last] = monthDays(m);
    return first >= from && last <= to;
  });
  const partial = months.filter((m) => !whole.includes(m));
  const [monthMarks, personMarks, storedMonths, buckets, readGen] = await db.transaction(
    'r',
    [dirtyTable, monthsTable, peopleTable, periods],
    () =>
      Promise.all([
        whole.length > 0
          ? dirtyTable.where('key').between(monthMark(whole[0]!), monthMark(whole.at(-1)!), true, true).toArray()
          : Promise.resolve([] as StatsDirtyRow[]),
        dirtyTable.where('key').between('p:', 'p:\uffff', true, true).toArray(),
        whole.length > 0
          ? monthsTable.where('month').between(whole[0]!, whole.at(-1)!, true, true).toArray()
          : Promise.resolve([] as Stored<StatsMonthRow>[]),
        peopleTable.toArray(),
        readGeneration(periods),
      ]),
  );
  const stale = new Set(monthMarks.map((m) => m.key.slice(2)));
  const rows: StatsSums[] = storedMonths.filter((r) => !stale.has(r.month)).map((r) => load<StatsMonthRow>(r));
  const freshMonths: StatsMonthRow[] = [];
  // The months to sum from their activities: the stale ones and those partly in the period.
  const toSum = [...whole.filter((m) => stale.has(m)), ...partial].sort();
  if (toSum.length > 0) {
    const lower = `${toSum[0]}-01`;
    const upper = monthDays(toSum.at(-1)!)[1];
    const activities = await db.activities
      .where('date')
      .between(lower < from ? from : lower, upper > to ? to : upper, true, true)
      .toArray();
    const byMonth = new Map<string, Activity[]>();
    for (const a of activities) {
      const l = byMonth.get(monthOf(a.date));
      if (l) l.push(a);
      else byMonth.set(monthOf(a.date), [a]);
    }
    for (const month of toSum) {
      const list = byMonth.get(month) ?? [];
      if (stale.has(month)) {
        const [first, last] = monthDays(month);
        const row = { month, ...sumsOf(list, first, last) };
        freshMonths.push(row);
        rows.push(row);
      } else rows.push(sumsOf(list, from, to));
    }
  }
  // People: the marked ones among the period's participants.
  const entries = new Map<string, StatsPeopleRow>(buckets.map((b) => [b.bucket, load<StatsPeopleRow>(b)]));
  const participants = new Set<string>();
  for (const row of rows) {
    for (const people of Object.values(row.people ?? {})) for (const id of Object.keys(people)) participants.add(id);
  }
  const stalePeople = personMarks
    .map((m) => m.key.slice(2))
    .filter((id) => options.allMarkedPeople || participants.has(id));
  const freshPeople = await personEntries(db, stalePeople);
  let gen: number | undefined = partial.length === 0 ? readGen : undefined;
  if (freshMonths.length > 0 || freshPeople.size > 0) {
    const seen = new Map<string, number>([...monthMarks, ...personMarks].map((m) => [m.key, m.n]));
    gen = await db.transaction('rw', [dirtyTable, monthsTable, peopleTable, periods], async () => {
      const keys = [...freshMonths.map((r) => monthMark(r.month)), ...[...freshPeople.keys()].map(personMark)];
      const now = await dirtyTable.bulkGet(keys);
      const unchanged = new Set(keys.filter((k, i) => now[i] !== undefined && now[i]!.n === seen.get(k)));
      const putMonths = freshMonths.filter((r) => unchanged.has(monthMark(r.month)));
      const emptyMonths = putMonths.filter((r) => Object.keys(r.parts).length === 0).map((r) => r.month);
      await monthsTable.bulkPut(putMonths.filter((r) => Object.keys(r.parts).length > 0).map((r) => store(r)));
      if (emptyMonths.length > 0) await monthsTable.bulkDelete(emptyMonths);
      const touched = [...freshPeople.keys()].filter((id) => unchanged.has(personMark(id)));
      const peopleChanged = touched.length > 0 && (await storePeople(peopleTable, freshPeople, touched));
      await dirtyTable.bulkDelete([...unchanged]);
      const current = await readGeneration(periods);
      const after = putMonths.length > 0 || peopleChanged ? await nextGeneration(periods, current) : current;
      // Consistent: nobody moved the generation since this call read the rows, all it rebuilt stored.
      return partial.length === 0 && current === readGen && unchanged.size === keys.length ? after : undefined;
    });
  }
  return {
    rows,
    person: (id) => (freshPeople.has(id) ? freshPeople.get(id) : entries.get(bucketOf(id))?.people[id]),
    rebuilt: { months: freshMonths.length, people: freshPeople.size },
    gen,
  };
};
