// Loads what the statistics and exports of a period need, through indexes only for the big tables
// (activities by date, beneficiaries by id), and computes them. Runs in a Web Worker in the app
// (stats.worker.ts, see stats-client.ts) and in-thread in tests.
import type { Activity } from '../domain/activity';
import type { Beneficiary, CommuneRef } from '../domain/beneficiary';
import {
  activitesFilterLabels,
  buildAccompagnementsSheet,
  buildStatistiquesSheet,
  type Advisor,
  type ExportSheet,
  type ExportUser,
} from '../domain/exports';
import type { Lieu } from '../domain/lieu';
import {
  activityCommune,
  computeStats,
  finishStats,
  matchesFilters,
  peopleFigures,
  type Stats,
  type StatsFilters,
  type StatsInput,
  type StatsItem,
  type StatsLoan,
  yearOf,
} from '../domain/stats';
import {
  emptyAggregate,
  mergeAggregate,
  partOf,
  placeCommune,
  type StatsAggregate,
} from '../domain/stats-aggregate';
import { participationsBefore, type SillonDB } from './db';
import { refreshAggregates, sumParts } from './stats-aggregates';
import { storedPeriod, storePeriod, type PeriodFigures } from './stats-periods';
import { getStructureCommune } from './structure-profile';

/** Choices offered by the filters: what the period's data actually holds. */
export interface StatsOptions {
  advisorIds: string[];
  lieux: { id: string; nom: string }[];
  communes: CommuneRef[];
}

export interface StatsResult {
  stats: Stats;
  options: StatsOptions;
}

export type ExportKind = 'accompagnements' | 'statistiques';
export type ExportFormat = 'csv' | 'xlsx';

/** Who asks for a file, and when: La Coop's « Informations export ». */
export interface ExportAuthor {
  user: ExportUser;
  /** ISO instant the file is produced. */
  generatedAt: string;
  /** The device's time zone (a worker may not know it). */
  timeZone?: string | undefined;
}

export interface ExportRequest extends ExportAuthor {
  kind: ExportKind;
  format: ExportFormat;
  /** A coordinator's or a team's export: La Coop's médiateur columns instead of the beneficiary's. */
  team: boolean;
  /** The structure's advisors, named in the team export and the « Médiateurs » filter. */
  advisors?: Advisor[];
}

/** Activities of the period, through the date index (or [type+date] when a type is chosen). */
const periodActivities = async (db: SillonDB, filters: StatsFilters): Promise<Activity[]> => {
  const rows = filters.type
    ? await db.activities
        .where('[type+date]')
        .between([filters.type, filters.from], [filters.type, filters.to], true, true)
        .toArray()
    : await db.activities.where('date').between(filters.from, filters.to, true, true).toArray();
  return rows.filter((a) => !a.deleted);
};

const participantIds = (activities: readonly Activity[]): string[] => {
  const ids = new Set<string>();
  for (const a of activities) for (const id of a.beneficiaryIds) ids.add(id);
  return [...ids];
};

/**
 * Of these beneficiaries, those with an accompagnement before `from`: one keys-only count per person
 * on the local `participations` index (src/data/db.ts), all in one read transaction, so the cost
 * follows the period's participants, not the structure's whole history.
 */
export const accompaniedBefore = async (db: SillonDB, ids: string[], from: string): Promise<Set<string>> => {
  const before = new Set<string>();
  if (ids.length === 0) return before;
  await db.transaction('r', db.activities, () =>
    Promise.all(
      ids.map(async (id) => {
        const [lower, upper] = participationsBefore(id, from);
        if ((await db.activities.where('participations').between(lower, upper, true, false).count()) > 0) {
          before.add(id);
        }
      }),
    ),
  );
  return before;
};

export const loadStatsInput = async (
  db: SillonDB,
  filters: StatsFilters,
  today: string,
): Promise<StatsInput & { periodActivities: Activity[] }> => {
  // Lieux, items and loans are a structure's few hundred records at most: read whole.
  const [activities, lieuList, items, loans, structureCommune] = await Promise.all([
    periodActivities(db, filters),
    db.lieux.toArray(),
    db.items.toArray() as Promise<StatsItem[]>,
    db.loans.toArray() as Promise<StatsLoan[]>,
    getStructureCommune(db),
  ]);
  const lieux = new Map<string, Lieu>(lieuList.map((l) => [l.id, l]));
  const selected = activities.filter((a) => matchesFilters(a, filters, lieux, structureCommune));
  const ids = participantIds(selected);
  const [people, previouslyAccompanied] = await Promise.all([
    db.beneficiaries.bulkGet(ids),
    accompaniedBefore(db, ids, filters.from),
  ]);
  const beneficiaries = new Map<string, Beneficiary>();
  for (const b of people) if (b) beneficiaries.set(b.id, b);
  return {
    periodActivities: activities,
    activities: selected,
    beneficiaries,
    lieux,
    previouslyAccompanied,
    items,
    loans,
    today,
    structureCommune,
  };
};

const filterOptions = (
  activities: readonly Activity[],
  lieux: ReadonlyMap<string, Lieu>,
  structureCommune: CommuneRef | undefined,
): StatsOptions => {
  const advisors = new Set<string>();
  const communes = new Map<string, CommuneRef>();
  for (const a of activities) {
    if (a.createdBy) advisors.add(a.createdBy);
    const c = activityCommune(a, lieux, structureCommune);
    if (c) communes.set(c.codeInsee, c);
  }
  return optionsOf(advisors, lieux, communes);
};

const optionsOf = (
  advisors: ReadonlySet<string>,
  lieux: ReadonlyMap<string, Lieu>,
  communes: ReadonlyMap<string, CommuneRef>,
): StatsOptions => {
  return {
    advisorIds: [...advisors].sort(),
    lieux: [...lieux.values()]
      .filter((l) => !l.deleted)
      .map((l) => ({ id: l.id, nom: l.nom }))
      .sort((x, y) => x.nom.localeCompare(y.nom, 'fr')),
    communes: [...communes.values()].sort((x, y) => x.nom.localeCompare(y.nom, 'fr')),
  };
};

/**
 * The filters the stored aggregates answer (src/data/stats-aggregates.ts: per month, per type and
 * advisor): any period, a type, an advisor. A lieu, a commune or a thematique chosen needs the
 * activities themselves: the full computation (statsFromActivities) answers those.
 */
export const aggregatesAnswer = (filters: StatsFilters): boolean =>
  !filters.lieuId && !filters.communeInsee && !filters.thematique;

/** The period's sums from its month rows (12 for a year) and the buckets of people (≤ 256). */
const sumPeriod = async (
  db: SillonDB,
  filters: StatsFilters,
  today: string,
  options: { allMarkedPeople?: boolean } = {},
): Promise<{ figures: PeriodFigures; gen: number | undefined }> => {
  const period = await refreshAggregates(db, filters.from, filters.to, options);
  const agg = emptyAggregate();
  // Options are those of the period alone, as in the full computation.
  const advisors = new Set<string>();
  const places = new Set<string>();
  const communes: StatsAggregate['refs']['communes'] = {};
  for (const row of period.rows) {
    for (const [key, part] of sumParts(row)) {
      const { type, createdBy } = partOf(key);
      if (createdBy) advisors.add(createdBy);
      for (const place of Object.keys(part.counts.places ?? {})) places.add(place);
      Object.assign(communes, part.refs.communes);
      if ((!filters.type || type === filters.type) && (!filters.advisorId || createdBy === filters.advisorId)) {
        mergeAggregate(agg, part);
      }
    }
  }
  const people = peopleFigures(
    Object.keys(agg.counts.people ?? {}),
    (id) => {
      const entry = period.person(id);
      return { facts: entry?.b, before: entry?.f !== undefined && entry.f < filters.from };
    },
    yearOf(today),
  );
  delete agg.counts.people;
  return { figures: { agg, people, advisors: [...advisors], places: [...places], communes }, gen: period.gen };
};

/** The statistics finished from a period's sums, with today's lieux, structure, items and loans. */
const finishPeriod = async (
  db: SillonDB,
  filters: StatsFilters,
  today: string,
  figures: PeriodFigures,
): Promise<StatsResult> => {
  const [lieuList, items, loans, structureCommune] = await Promise.all([
    db.lieux.toArray(),
    db.items.toArray() as Promise<StatsItem[]>,
    db.loans.toArray() as Promise<StatsLoan[]>,
    getStructureCommune(db),
  ]);
  const lieux = new Map<string, Lieu>(lieuList.map((l) => [l.id, l]));
  const communes = new Map<string, CommuneRef>();
  const refs = { communes: figures.communes, orientations: {} };
  for (const place of figures.places) {
    const c = placeCommune(place, refs, lieux, structureCommune);
    if (c) communes.set(c.codeInsee, c);
  }
  const stats = finishStats(figures.agg, {
    filters,
    lieux,
    structureCommune,
    today,
    items,
    loans,
    person: () => ({ before: false }),
    people: figures.people,
  });
  return { stats, options: optionsOf(new Set(figures.advisors), lieux, communes) };
};

/**
 * The statistics of a period kept summed (stats-periods.ts), if current, else undefined: one row
 * read and finished, whatever the period holds; `maxPeople` as storedPeriod's.
 */
export const statsFromStoredPeriod = async (
  db: SillonDB,
  filters: StatsFilters,
  today: string,
  maxPeople?: number,
): Promise<StatsResult | undefined> => {
  if (!aggregatesAnswer(filters)) return undefined;
  const stored = await storedPeriod(db, filters, today, maxPeople);
  return stored ? finishPeriod(db, filters, today, stored) : undefined;
};

/**
 * The fast path: the period's stored figures if current (stats-periods.ts), else its sums from the
 * month rows and the buckets of people, kept for the next call when the period is one of whole
 * months. `allMarkedPeople`: every marked person rebuilt, not only the period's (a warm-up).
 */
export const statsFromAggregates = async (
  db: SillonDB,
  filters: StatsFilters,
  today: string,
  options: { allMarkedPeople?: boolean } = {},
): Promise<StatsResult> => {
  const stored = await statsFromStoredPeriod(db, filters, today);
  if (stored) return stored;
  const { figures, gen } = await sumPeriod(db, filters, today, options);
  if (gen !== undefined) await storePeriod(db, filters, today, gen, figures);
  return finishPeriod(db, filters, today, figures);
};

/**
 * A warm-up, after a sync that pulled records: the stale aggregates of [from, to] rebuilt (every
 * marked person too, so that none is left to check), then each calendar year of it summed and kept,
 * so that the statistics' quick periods read one row. Returns what it rebuilt.
 */
export const warmStats = async (
  db: SillonDB,
  from: string,
  to: string,
  today: string,
): Promise<{ months: number; people: number }> => {
  const { rebuilt } = await refreshAggregates(db, from, to, { allMarkedPeople: true });
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    await statsFromAggregates(db, { from: `${year}-01-01`, to: `${year}-12-31` }, today);
  }
  return rebuilt;
};

/** Statistics of the filtered period, and the choices the filters offer for that period. */
export const statsFor = async (db: SillonDB, filters: StatsFilters, today: string): Promise<StatsResult> =>
  aggregatesAnswer(filters) ? statsFromAggregates(db, filters, today) : statsFromActivities(db, filters, today);

/** The full computation: every activity of the period and its participants' fiches. */
export const statsFromActivities = async (
  db: SillonDB,
  filters: StatsFilters,
  today: string,
): Promise<StatsResult> => {
  // Options are computed on the period alone, so that choosing a lieu keeps the other lieux offered.
  const input = await loadStatsInput(db, { from: filters.from, to: filters.to }, today);
  const options = filterOptions(input.periodActivities, input.lieux, input.structureCommune);
  const selected = input.activities.filter((a) => matchesFilters(a, filters, input.lieux, input.structureCommune));
  return { stats: computeStats({ ...input, activities: selected }, filters), options };
};

export interface ExportFile {
  blob: Blob;
  fileName: string;
}

const FILE_NAMES: Record<ExportKind, string> = {
  accompagnements: 'accompagnements',
  statistiques: 'statistiques',
};

/** One export of the filtered period, as a file ready to download. */
export const exportFor = async (
  db: SillonDB,
  filters: StatsFilters,
  today: string,
  request: ExportRequest,
): Promise<ExportFile> => {
  const input = await loadStatsInput(db, filters, today);
  const advisors = new Map((request.advisors ?? []).map((a) => [a.id, a]));
  const context = {
    user: request.user,
    generatedAt: new Date(request.generatedAt),
    timeZone: request.timeZone,
  };
  const labels = activitesFilterLabels(filters, {
    lieux: input.lieux,
    communes: filterOptions(input.periodActivities, input.lieux, input.structureCommune).communes,
    advisors,
  });
  const sheet: ExportSheet =
    request.kind === 'accompagnements'
      ? buildAccompagnementsSheet({ ...input, advisors, year: yearOf(today) }, filters, labels, context, request.team)
      : buildStatistiquesSheet(computeStats(input, filters), labels, context);
  const fileName = `sillon-${FILE_NAMES[request.kind]}-${filters.from}-${filters.to}.${request.format}`;
  return { blob: await sheetFile(sheet, request.format), fileName };
};

/** A sheet as a file: the whole worksheet in XLSX, its table in CSV. */
export const sheetFile = async (sheet: ExportSheet, format: ExportFormat): Promise<Blob> => {
  // The file writers (papaparse, write-excel-file) load on the first export only.
  const { CSV_MIME, sheetsToXlsx, sheetToCsv } = await import('./export-files');
  return format === 'csv' ? new Blob([sheetToCsv(sheet)], { type: CSV_MIME }) : sheetsToXlsx([sheet]);
};
