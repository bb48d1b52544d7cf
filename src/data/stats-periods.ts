// A period's figures kept once summed (`statsPeriods`), so that a year asked again reads one row
// instead of its 12 month rows and the 256 buckets of people: the month rows' sums merged for the
// filters, the identified participants' figures counted once each (peopleFigures), and what the
// filters' choices are made of. A row is valid while the aggregates' generation it was summed at
// holds (stats-aggregates.ts: it moves with every rebuild that changes a month row or a person's
// entry) and none of its months is marked stale; the marked people are rebuilt first, which moves
// the generation only if one of them changed. Only the periods of whole months that the aggregates
// answer are kept (a day range cuts a month: summed from its activities, never stored). Sealed at
// rest but for the key (the period and the filters: dates, a type, an advisor's id).
import { yearOf, type PeopleFigures, type StatsFilters } from '../domain/stats';
import type { StatsAggregate } from '../domain/stats-aggregate';
import type { SillonDB } from './db';
import {
  GENERATION_KEY,
  monthDays,
  readGeneration,
  refreshMarkedPeople,
  type GenerationRow,
} from './stats-aggregates';
import { monthMark, monthOf, STATS_DIRTY, STATS_PERIODS, type StatsDirtyRow } from './stats-marks';

/** What a period's figures are finished from (src/data/stats.ts finishes them with today's records). */
export interface PeriodFigures {
  /** The months' sums merged for the type and advisor chosen, without their participants. */
  agg: StatsAggregate;
  /** The identified participants, counted once each. */
  people: PeopleFigures;
  /** For the filters' choices (those of the period, whatever the type and advisor chosen). */
  advisors: string[];
  places: string[];
  communes: StatsAggregate['refs']['communes'];
}

export interface StatsPeriodRow extends PeriodFigures {
  key: string;
  gen: number;
}

export type StatsPeriodsRow = StatsPeriodRow | GenerationRow;

/** Periods kept at most: the quick periods of a few advisors, with room. */
const MAX_PERIODS = 24;

/** More marked people than this and a stored period is not checked on the way: the full rebuild runs. */
const MAX_PEOPLE_CHECKED = 200;

/** Whether a period is kept: whole months, filters the aggregates answer. */
export const keepsPeriod = (filters: StatsFilters): boolean => {
  if (filters.lieuId || filters.communeInsee || filters.thematique || filters.from > filters.to) return false;
  return filters.from === monthDays(monthOf(filters.from))[0] && filters.to === monthDays(monthOf(filters.to))[1];
};

/** The row's key: the period, the filters, and the year whose tranches d'âge it counts. */
export const periodKey = (filters: StatsFilters, today: string): string =>
  JSON.stringify([filters.from, filters.to, filters.type ?? null, filters.advisorId ?? null, yearOf(today)]);

const periodsOf = (db: SillonDB) => db.table<StatsPeriodsRow, string>(STATS_PERIODS);

/**
 * The stored figures of this period if they are current, else undefined (the caller sums them).
 * `maxPeople`: past this many marked people to rebuild first, undefined too (the main thread asks
 * with a small one, and leaves more to the worker).
 */
export const storedPeriod = async (
  db: SillonDB,
  filters: StatsFilters,
  today: string,
  maxPeople = MAX_PEOPLE_CHECKED,
): Promise<PeriodFigures | undefined> => {
  if (!keepsPeriod(filters)) return undefined;
  const periods = periodsOf(db);
  const dirty = db.table<StatsDirtyRow, string>(STATS_DIRTY);
  const [row, gen, monthMarks, personMarks] = await db.transaction('r', [periods, dirty], () =>
    Promise.all([
      periods.get(periodKey(filters, today)) as Promise<StatsPeriodRow | undefined>,
      readGeneration(periods as never),
      dirty
        .where('key')
        .between(monthMark(monthOf(filters.from)), monthMark(monthOf(filters.to)), true, true)
        .count(),
      dirty.where('key').between('p:', 'p:\uffff', true, true).toArray(),
    ]),
  );
  if (!row || row.gen !== gen || monthMarks > 0 || personMarks.length > maxPeople) return undefined;
  if (personMarks.length > 0 && (await refreshMarkedPeople(db, personMarks)) !== gen) return undefined;
  return row;
};

/** Keeps a period's figures summed at generation `gen`, unless the generation moved meanwhile. */
export const storePeriod = async (
  db: SillonDB,
  filters: StatsFilters,
  today: string,
  gen: number,
  figures: PeriodFigures,
): Promise<void> => {
  if (!keepsPeriod(filters)) return;
  const periods = periodsOf(db);
  await db.transaction('rw', periods, async () => {
    if ((await readGeneration(periods as never)) !== gen) return;
    const key = periodKey(filters, today);
    await periods.put({ ...figures, key, gen });
    // Keys only (the rows are sealed): past MAX_PERIODS, the others go and are summed again if asked.
    const keys = (await periods.toCollection().primaryKeys()).filter((k) => k !== GENERATION_KEY && k !== key);
    if (keys.length >= MAX_PERIODS) await periods.bulkDelete(keys);
  });
};
