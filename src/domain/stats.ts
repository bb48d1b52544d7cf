// La Coop's « Mes statistiques », computed on the tablet from the records it holds.
// Pure: the data layer loads the period through indexes and hands arrays and maps in.
import { ADMIN_THEMATIQUES, type Activity } from './activity';
import { effectiveTrancheAge, type Beneficiary, type CommuneRef } from './beneficiary';
import {
  DUREE_BUCKETS,
  GENRES,
  MATERIELS,
  STATUTS_SOCIAUX,
  THEMATIQUES_ADMINISTRATIVES,
  THEMATIQUES_MEDIATION,
  TRANCHES_AGE,
  TYPES_LIEU,
  type Choice,
  type Thematique,
  type TypeActivite,
} from './enums';
import type { Lieu } from './lieu';
import { ITEM_STATUSES } from './loans';
import {
  addActivity,
  emptyAggregate,
  NON_COMMUNIQUE,
  placeCommune,
  type StatsAggregate,
} from './stats-aggregate';
import { yearOf } from './stats-units';

export { expandAccompagnements, yearOf, type AccompagnementUnit } from './stats-units';

export interface StatsFilters {
  /** First day of the period, 'YYYY-MM-DD' (inclusive). */
  from: string;
  /** Last day of the period, 'YYYY-MM-DD' (inclusive). */
  to: string;
  type?: TypeActivite | undefined;
  lieuId?: string | undefined;
  /** Code INSEE of the commune where the session took place. */
  communeInsee?: string | undefined;
  thematique?: Thematique | undefined;
  /** Advisor (user id, the records' createdBy); undefined: the whole structure. */
  advisorId?: string | undefined;
}

/** The few fields of an equipment item (src/domain/loans.ts Item) the statistics read. */
export interface StatsItem {
  id: string;
  status?: unknown;
  deleted?: boolean;
  createdBy?: string;
}

/** The few fields of a loan (src/domain/loans.ts Loan) the statistics read. */
export interface StatsLoan {
  id: string;
  beneficiaryId?: unknown;
  itemIds?: unknown;
  startDate?: unknown;
  plannedReturnDate?: unknown;
  /** 'en_cours' or 'rendu' (src/domain/loans.ts). */
  status?: unknown;
  /** Day the last item came back. */
  returnedDate?: unknown;
  deleted?: boolean;
  createdBy?: string;
}

export interface StatsInput {
  /** Activities of the period (others and tombstones are ignored). */
  activities: readonly Activity[];
  beneficiaries: ReadonlyMap<string, Beneficiary>;
  lieux: ReadonlyMap<string, Lieu>;
  /** Beneficiaries who had an accompagnement before the period: they are not « nouveaux ». */
  previouslyAccompanied: ReadonlySet<string>;
  items?: readonly StatsItem[];
  loans?: readonly StatsLoan[];
  /** 'YYYY-MM-DD': loans due before it and still out are overdue; tranches d'âge are of its year. */
  today: string;
  /**
   * Commune of the structure employeuse: La Coop counts an « à distance » session there
   * (createOrUpdateActivite.ts stores it as the session's lieu commune).
   */
  structureCommune?: CommuneRef | undefined;
}

export interface DistributionEntry {
  value: string;
  label: string;
  count: number;
  /** Share of the distribution's total, 0–100 (one decimal). */
  proportion: number;
}

export interface TimeBucket {
  /** 'YYYY-MM-DD' (per day) or 'YYYY-MM' (per month). */
  key: string;
  activites: number;
  accompagnements: number;
}

export interface Stats {
  filters: StatsFilters;
  general: {
    accompagnements: number;
    activites: number;
    individuels: number;
    ateliers: number;
    participantsAteliers: number;
    beneficiaires: number;
    nouveauxBeneficiaires: number;
    beneficiairesSuivis: number;
    beneficiairesAnonymes: number;
  };
  parJour: TimeBucket[];
  parMois: TimeBucket[];
  thematiquesMediation: DistributionEntry[];
  thematiquesAdministratives: DistributionEntry[];
  materiel: DistributionEntry[];
  canaux: DistributionEntry[];
  durees: DistributionEntry[];
  lieux: DistributionEntry[];
  communes: DistributionEntry[];
  genres: DistributionEntry[];
  tranchesAge: DistributionEntry[];
  statuts: DistributionEntry[];
  communesBeneficiaires: DistributionEntry[];
  /** Individual sessions that oriented the person to a lieu of the directory, by lieu and by its services. */
  orientationsParLieu: DistributionEntry[];
  orientationsParService: DistributionEntry[];
  loans: {
    itemsByStatus: DistributionEntry[];
    itemsTotal: number;
    started: number;
    returned: number;
    overdue: number;
    /** Loans out now (not returned). */
    ongoing: number;
    /** Distinct beneficiaries who borrowed equipment in the period. */
    peopleEquipped: number;
  };
}

/**
 * The commune where La Coop places an activity (createOrUpdateActivite.ts): its lieu's for a lieu
 * d'activité, the typed one at home or elsewhere, the structure employeuse's « à distance ».
 */
export const activityCommune = (
  a: Activity,
  lieux: ReadonlyMap<string, Lieu>,
  structureCommune?: CommuneRef,
): CommuneRef | undefined => {
  if (a.typeLieu === 'lieu_activite') return a.lieuId ? lieux.get(a.lieuId)?.commune : undefined;
  if (a.typeLieu === 'a_distance') return structureCommune;
  return a.lieuCommune;
};

export const matchesFilters = (
  a: Activity,
  filters: StatsFilters,
  lieux: ReadonlyMap<string, Lieu>,
  structureCommune?: CommuneRef,
): boolean =>
  !a.deleted &&
  a.date >= filters.from &&
  a.date <= filters.to &&
  (!filters.type || a.type === filters.type) &&
  (!filters.lieuId || a.lieuId === filters.lieuId) &&
  (!filters.thematique || a.thematiques.includes(filters.thematique)) &&
  (!filters.advisorId || a.createdBy === filters.advisorId) &&
  (!filters.communeInsee || activityCommune(a, lieux, structureCommune)?.codeInsee === filters.communeInsee);

const round1 = (n: number) => Math.round(n * 10) / 10;

const toEntries = (counts: Map<string, number>, labelOf: (value: string) => string): DistributionEntry[] => {
  const sum = [...counts.values()].reduce((s, n) => s + n, 0);
  return [...counts].map(([value, count]) => ({
    value,
    label: labelOf(value),
    count,
    proportion: sum === 0 ? 0 : round1((count / sum) * 100),
  }));
};

/** Every choice of an enumeration, in its display order, zeros included (as La Coop shows them). */
const enumDistribution = (choices: readonly Choice[], counts: Map<string, number>): DistributionEntry[] => {
  const ordered = new Map(choices.map((c) => [c.value, counts.get(c.value) ?? 0]));
  return toEntries(ordered, (v) => choices.find((c) => c.value === v)?.label ?? v);
};

/** Free values (lieux, communes): most frequent first, then by label. */
const openDistribution = (counts: Map<string, number>, labels?: Map<string, string>): DistributionEntry[] =>
  toEntries(counts, (v) => labels?.get(v) ?? v).sort(
    (x, y) => y.count - x.count || x.label.localeCompare(y.label, 'fr'),
  );

const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);

const nextDay = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** Every day (or month) of the period, empty ones included, so the chart's axis is continuous. */
const timeline = (
  from: string,
  to: string,
  counts: Map<string, [number, number]>,
  perMonth: boolean,
): TimeBucket[] => {
  const out: TimeBucket[] = [];
  const last = perMonth ? to.slice(0, 7) : to;
  // A guard against absurd periods (an inverted or century-long range).
  for (let key = perMonth ? from.slice(0, 7) : from; key <= last && out.length < 4000;) {
    const [activites, accompagnements] = counts.get(key) ?? [0, 0];
    out.push({ key, activites, accompagnements });
    key = perMonth ? nextMonth(key) : nextDay(key);
  }
  return out;
};

const asDay = (v: unknown): string | undefined => (typeof v === 'string' && v ? v.slice(0, 10) : undefined);

const loanStats = (
  input: Pick<StatsInput, 'items' | 'loans' | 'today'>,
  filters: StatsFilters,
): Stats['loans'] => {
  const byAdvisor = (r: { createdBy?: string }) => !filters.advisorId || r.createdBy === filters.advisorId;
  const items = (input.items ?? []).filter((i) => !i.deleted && byAdvisor(i));
  const statusCounts = new Map<string, number>();
  for (const item of items) add(statusCounts, String(item.status ?? 'disponible'), 1);
  let started = 0;
  let returned = 0;
  let overdue = 0;
  let ongoing = 0;
  const people = new Set<string>();
  for (const loan of input.loans ?? []) {
    if (loan.deleted || !byAdvisor(loan)) continue;
    const start = asDay(loan.startDate);
    const end = asDay(loan.returnedDate);
    const due = asDay(loan.plannedReturnDate);
    if (start && start >= filters.from && start <= filters.to) {
      started += 1;
      if (typeof loan.beneficiaryId === 'string') people.add(loan.beneficiaryId);
    }
    if (end && end >= filters.from && end <= filters.to) returned += 1;
    if (loan.status !== 'rendu' && !end) {
      ongoing += 1;
      if (due && due < input.today) overdue += 1;
    }
  }
  return {
    itemsByStatus: enumDistribution(ITEM_STATUSES, statusCounts),
    itemsTotal: items.length,
    started,
    returned,
    overdue,
    ongoing,
    peopleEquipped: people.size,
  };
};

/** « Cahors · 46000 », as La Coop labels a commune (getActivitesStats.ts formatCommuneLabel). */
export const communeLabel = (c: Pick<CommuneRef, 'nom' | 'codePostal'>): string =>
  c.codePostal ? `${c.nom} · ${c.codePostal}` : c.nom;

/** La Coop's label for a session or a person without a commune. */
export const COMMUNE_NON_COMMUNIQUEE = 'Non communiqué';

/** The figures of a beneficiary the statistics read (a stored fiche, or the copy kept with the aggregates). */
export type PersonFacts = Partial<
  Pick<Beneficiary, 'anonyme' | 'genre' | 'statutSocial' | 'commune' | 'anneeNaissance' | 'trancheAge'>
>;

/** What finishStats needs besides the sums: the records resolved when the figures are read. */
export interface StatsContext {
  filters: StatsFilters;
  lieux: ReadonlyMap<string, Lieu>;
  structureCommune?: CommuneRef | undefined;
  today: string;
  items?: readonly StatsItem[] | undefined;
  loans?: readonly StatsLoan[] | undefined;
  /** An identified participant: their fiche's figures (none: unknown) and whether they had a session before the period. */
  person: (id: string) => PersonAnswer;
  /** The identified participants' figures already counted (a stored period, stats-aggregates.ts): `person` is not asked. */
  people?: PeopleFigures | undefined;
}

export type PersonAnswer = { facts?: PersonFacts | undefined; before: boolean };

/** The figures of the identified participants of a period, counted once each: JSON, so that they can be stored. */
export interface PeopleFigures {
  beneficiaires: number;
  nouveaux: number;
  /** Fiches marked anonymous. */
  anonymes: number;
  suivis: number;
  genres: Record<string, number>;
  ages: Record<string, number>;
  statuts: Record<string, number>;
  /** Per code INSEE of the commune of residence (or non_communique). */
  residences: Record<string, number>;
  residenceLabels: Record<string, string>;
}

const inc = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** The figures of these identified participants; tranches d'âge are those of `year`. */
export const peopleFigures = (
  ids: Iterable<string>,
  person: (id: string) => PersonAnswer,
  year: number,
): PeopleFigures => {
  const out: PeopleFigures = {
    beneficiaires: 0,
    nouveaux: 0,
    anonymes: 0,
    suivis: 0,
    genres: {},
    ages: {},
    statuts: {},
    residences: {},
    residenceLabels: {},
  };
  for (const id of ids) {
    const { facts: b, before } = person(id);
    out.beneficiaires += 1;
    if (!before) out.nouveaux += 1;
    if (b?.anonyme) out.anonymes += 1;
    else out.suivis += 1;
    inc(out.genres, b?.genre ?? NON_COMMUNIQUE);
    inc(out.ages, b ? effectiveTrancheAge(b, year) : NON_COMMUNIQUE);
    inc(out.statuts, b?.statutSocial ?? NON_COMMUNIQUE);
    const code = b?.commune?.codeInsee ?? NON_COMMUNIQUE;
    inc(out.residences, code);
    if (b?.commune) out.residenceLabels[code] = communeLabel(b.commune);
  }
  return out;
};

const groupMap = (agg: StatsAggregate, group: string) => new Map(Object.entries(agg.counts[group] ?? {}));

/** The figures of a sum of activities (src/domain/stats-aggregate.ts), La Coop's « Mes statistiques ». */
export const finishStats = (agg: StatsAggregate, ctx: StatsContext): Stats => {
  const { filters } = ctx;
  const c = agg.counts;
  const g = c.general ?? {};
  const general: Stats['general'] = {
    accompagnements: g.accompagnements ?? 0,
    activites: g.activites ?? 0,
    individuels: g.individuels ?? 0,
    ateliers: g.ateliers ?? 0,
    participantsAteliers: g.participantsAteliers ?? 0,
    beneficiaires: 0,
    nouveauxBeneficiaires: 0,
    beneficiairesSuivis: 0,
    beneficiairesAnonymes: 0,
  };
  const days = new Map<string, [number, number]>();
  const months = new Map<string, [number, number]>();
  for (const [day, n] of Object.entries(c.days ?? {})) {
    const w = c.daysW?.[day] ?? 0;
    days.set(day, [n, w]);
    const month = months.get(day.slice(0, 7)) ?? [0, 0];
    months.set(day.slice(0, 7), [month[0] + n, month[1] + w]);
  }
  const lieux = new Map<string, number>();
  const lieuLabels = new Map<string, string>();
  const communes = new Map<string, number>();
  const communeLabels = new Map<string, string>();
  // Every place present counts, even with no accompagnement (an atelier of nobody), as a session does.
  for (const [place] of Object.entries(c.places ?? {})) {
    const weight = c.placeWeights?.[place] ?? 0;
    if (place.startsWith('l:')) {
      const id = place.slice(2);
      add(lieux, id, weight);
      lieuLabels.set(id, ctx.lieux.get(id)?.nom ?? 'Lieu supprimé');
    }
    const commune = placeCommune(place, agg.refs, ctx.lieux, ctx.structureCommune);
    const key = commune?.codeInsee ?? NON_COMMUNIQUE;
    add(communes, key, weight);
    communeLabels.set(key, commune ? communeLabel(commune) : COMMUNE_NON_COMMUNIQUEE);
  }
  // A beneficiary counts once in the beneficiary figures, however many accompagnements they had.
  const people = ctx.people ?? peopleFigures(Object.keys(c.people ?? {}), ctx.person, yearOf(ctx.today));
  general.beneficiaires += people.beneficiaires;
  general.nouveauxBeneficiaires += people.nouveaux;
  general.beneficiairesAnonymes += people.anonymes;
  general.beneficiairesSuivis += people.suivis;
  const genres = new Map(Object.entries(people.genres));
  const ages = new Map(Object.entries(people.ages));
  const statuts = new Map(Object.entries(people.statuts));
  const residences = new Map(Object.entries(people.residences));
  const residenceLabels = new Map<string, string>([
    [NON_COMMUNIQUE, COMMUNE_NON_COMMUNIQUEE],
    ...Object.entries(people.residenceLabels),
  ]);
  // Each anonymous participant is a beneficiary of their own (La Coop creates one per person).
  const anonymous = c.anon?.n ?? 0;
  general.beneficiaires += anonymous;
  general.beneficiairesAnonymes += anonymous;
  general.nouveauxBeneficiaires += c.anon?.nouveaux ?? 0;
  for (const [v, n] of groupMap(agg, 'anonGenres')) add(genres, v, n);
  for (const [v, n] of groupMap(agg, 'anonAges')) add(ages, v, n);
  for (const [v, n] of groupMap(agg, 'anonStatuts')) add(statuts, v, n);
  for (const [code, n] of groupMap(agg, 'anonResidences')) {
    add(residences, code, n);
    const commune = agg.refs.communes[code];
    if (commune) residenceLabels.set(code, communeLabel(commune));
  }
  const thematiques = groupMap(agg, 'thematiques');
  const orientationLabels = new Map(Object.entries(agg.refs.orientations));
  return {
    filters,
    general,
    parJour: timeline(filters.from, filters.to, days, false),
    parMois: timeline(filters.from, filters.to, months, true),
    thematiquesMediation: enumDistribution(
      THEMATIQUES_MEDIATION,
      new Map([...thematiques].filter(([t]) => !ADMIN_THEMATIQUES.has(t))),
    ),
    thematiquesAdministratives: enumDistribution(
      THEMATIQUES_ADMINISTRATIVES,
      new Map([...thematiques].filter(([t]) => ADMIN_THEMATIQUES.has(t))),
    ),
    materiel: enumDistribution(MATERIELS, groupMap(agg, 'materiel')),
    canaux: enumDistribution(TYPES_LIEU, groupMap(agg, 'canaux')),
    durees: enumDistribution(DUREE_BUCKETS, groupMap(agg, 'durees')),
    lieux: openDistribution(lieux, lieuLabels),
    communes: openDistribution(communes, communeLabels),
    genres: enumDistribution(GENRES, genres),
    tranchesAge: enumDistribution(TRANCHES_AGE, ages),
    statuts: enumDistribution(STATUTS_SOCIAUX, statuts),
    communesBeneficiaires: openDistribution(residences, residenceLabels),
    orientationsParLieu: openDistribution(groupMap(agg, 'orientations'), orientationLabels),
    orientationsParService: openDistribution(groupMap(agg, 'services')),
    loans: loanStats(ctx, filters),
  };
};

/** La Coop's « Mes statistiques » for the filtered activities: the full computation. */
export const computeStats = (input: StatsInput, filters: StatsFilters): Stats => {
  const agg = emptyAggregate();
  for (const a of input.activities) {
    if (matchesFilters(a, filters, input.lieux, input.structureCommune)) addActivity(agg, a, 1);
  }
  return finishStats(agg, {
    filters,
    lieux: input.lieux,
    structureCommune: input.structureCommune,
    today: input.today,
    items: input.items,
    loans: input.loans,
    person: (id) => ({ facts: input.beneficiaries.get(id), before: input.previouslyAccompanied.has(id) }),
  });
};
