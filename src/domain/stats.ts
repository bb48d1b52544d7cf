// La Coop's « Mes statistiques », computed on the tablet from the records it holds.
// Pure: the data layer loads the period through indexes and hands arrays and maps in.
import { accompagnementsCount, ADMIN_THEMATIQUES, dureeBucket, type Activity } from './activity';
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
  type Genre,
  type StatutSocial,
  type Thematique,
  type TrancheAge,
  type TypeActivite,
} from './enums';
import type { Lieu } from './lieu';
import { ITEM_STATUSES } from './loans';

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

/** One accompagnement: one participant of one activity (La Coop's `Accompagnement` row). */
export interface AccompagnementUnit {
  activity: Activity;
  /** 1-based rank among the activity's participants, and their number: "i/N". */
  rank: number;
  total: number;
  beneficiaryId?: string;
  beneficiary?: Beneficiary;
  anonyme: boolean;
  genre: Genre;
  trancheAge: TrancheAge;
  statutSocial: StatutSocial;
  commune?: CommuneRef;
  /** Anonymous participant declared « déjà accompagné » (never « nouveau »). */
  dejaAccompagne: boolean;
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

const NON_COMMUNIQUE = 'non_communique';

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

/** Expands counts in a fixed order into one value per participant; the rest is « non communiqué ». */
const spread = <V extends string>(
  order: readonly Choice<V>[],
  counts: Partial<Record<string, number>>,
  total: number,
): V[] => {
  const out: V[] = [];
  for (const { value } of order) {
    if (value === NON_COMMUNIQUE) continue;
    for (let i = 0; i < (counts[value] ?? 0) && out.length < total; i++) out.push(value);
  }
  while (out.length < total) out.push(NON_COMMUNIQUE as V);
  return out;
};

/** The calendar year of a 'YYYY-MM-DD' day (the year tranches d'âge are computed for). */
export const yearOf = (day: string): number => Number(day.slice(0, 4));

/**
 * The accompagnements of an activity, in La Coop's order: identified participants first, then the
 * anonymous ones. Anonymous participants get the group's declared breakdown assigned deterministically
 * (La Coop assigns it at random; a fixed order keeps exports reproducible). An individual session
 * without a beneficiary is one anonymous person with what the advisor noted of them. Tranches d'âge
 * are those of `year` (La Coop's derivedTrancheAgeSql: computed when the figures are, never stored).
 */
export const expandAccompagnements = (
  a: Activity,
  beneficiaries: ReadonlyMap<string, Beneficiary>,
  year: number = new Date().getFullYear(),
): AccompagnementUnit[] => {
  const total = accompagnementsCount(a);
  const units: AccompagnementUnit[] = [];
  const ids = a.type === 'individuel' ? a.beneficiaryIds.slice(0, 1) : a.beneficiaryIds;
  for (const id of ids) {
    const b = beneficiaries.get(id);
    units.push({
      activity: a,
      rank: units.length + 1,
      total,
      beneficiaryId: id,
      ...(b ? { beneficiary: b } : {}),
      anonyme: b?.anonyme ?? false,
      genre: b?.genre ?? NON_COMMUNIQUE,
      trancheAge: b ? effectiveTrancheAge(b, year) : NON_COMMUNIQUE,
      statutSocial: b?.statutSocial ?? NON_COMMUNIQUE,
      ...(b?.commune ? { commune: b.commune } : {}),
      dejaAccompagne: false,
    });
  }
  if (a.type === 'individuel') {
    if (units.length === 0) {
      const seul = a.beneficiaireAnonyme;
      units.push({
        activity: a,
        rank: 1,
        total,
        anonyme: true,
        genre: seul?.genre ?? NON_COMMUNIQUE,
        trancheAge: seul?.trancheAge ?? NON_COMMUNIQUE,
        statutSocial: seul?.statutSocial ?? NON_COMMUNIQUE,
        ...(seul?.commune ? { commune: seul.commune } : {}),
        dejaAccompagne: seul?.dejaAccompagne ?? false,
      });
    }
    return units;
  }
  const anonymous = a.participantsAnonymes?.total ?? 0;
  const p = a.participantsAnonymes;
  const genres = spread(GENRES, p?.genre ?? {}, anonymous);
  const ages = spread(TRANCHES_AGE, p?.trancheAge ?? {}, anonymous);
  const statuts = spread(STATUTS_SOCIAUX, p?.statutSocial ?? {}, anonymous);
  for (let i = 0; i < anonymous; i++) {
    units.push({
      activity: a,
      rank: units.length + 1,
      total,
      anonyme: true,
      genre: genres[i]!,
      trancheAge: ages[i]!,
      statutSocial: statuts[i]!,
      dejaAccompagne: i < (p?.dejaAccompagne ?? 0),
    });
  }
  return units;
};

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

const loanStats = (input: StatsInput, filters: StatsFilters): Stats['loans'] => {
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

/** La Coop's « Mes statistiques » for the filtered activities. */
export const computeStats = (input: StatsInput, filters: StatsFilters): Stats => {
  const general: Stats['general'] = {
    accompagnements: 0,
    activites: 0,
    individuels: 0,
    ateliers: 0,
    participantsAteliers: 0,
    beneficiaires: 0,
    nouveauxBeneficiaires: 0,
    beneficiairesSuivis: 0,
    beneficiairesAnonymes: 0,
  };
  const days = new Map<string, [number, number]>();
  const months = new Map<string, [number, number]>();
  const thematiques = new Map<string, number>();
  const materiel = new Map<string, number>();
  const canaux = new Map<string, number>();
  const durees = new Map<string, number>();
  const lieux = new Map<string, number>();
  const lieuLabels = new Map<string, string>();
  const communes = new Map<string, number>();
  const communeLabels = new Map<string, string>();
  const genres = new Map<string, number>();
  const ages = new Map<string, number>();
  const statuts = new Map<string, number>();
  const residences = new Map<string, number>();
  const residenceLabels = new Map<string, string>([[NON_COMMUNIQUE, COMMUNE_NON_COMMUNIQUEE]]);
  const orientations = new Map<string, number>();
  const orientationLabels = new Map<string, string>();
  const orientationServices = new Map<string, number>();
  const year = yearOf(input.today);
  const seen = new Set<string>();

  // A beneficiary counts once in the beneficiary figures, however many accompagnements they had.
  const countBeneficiary = (u: AccompagnementUnit) => {
    general.beneficiaires += 1;
    if (u.anonyme) general.beneficiairesAnonymes += 1;
    else general.beneficiairesSuivis += 1;
    add(genres, u.genre, 1);
    add(ages, u.trancheAge, 1);
    add(statuts, u.statutSocial, 1);
    const code = u.commune?.codeInsee ?? NON_COMMUNIQUE;
    add(residences, code, 1);
    if (u.commune) residenceLabels.set(code, communeLabel(u.commune));
  };

  for (const a of input.activities) {
    if (!matchesFilters(a, filters, input.lieux, input.structureCommune)) continue;
    const weight = accompagnementsCount(a);
    general.activites += 1;
    general.accompagnements += weight;
    if (a.type === 'individuel') general.individuels += 1;
    else {
      general.ateliers += 1;
      general.participantsAteliers += weight;
    }
    const day = days.get(a.date) ?? [0, 0];
    days.set(a.date, [day[0] + 1, day[1] + weight]);
    const month = months.get(a.date.slice(0, 7)) ?? [0, 0];
    months.set(a.date.slice(0, 7), [month[0] + 1, month[1] + weight]);
    // La Coop weights every distribution by accompagnements: an atelier of 8 counts 8.
    for (const t of new Set(a.thematiques)) add(thematiques, t, weight);
    for (const m of new Set(a.materiel)) add(materiel, m, weight);
    add(canaux, a.typeLieu, weight);
    add(durees, dureeBucket(a.duree), weight);
    if (a.type === 'individuel' && a.orienteVersStructure && a.lieuOrientation) {
      add(orientations, a.lieuOrientation.id, 1);
      orientationLabels.set(a.lieuOrientation.id, a.lieuOrientation.nom);
      for (const service of new Set(a.lieuOrientation.services)) add(orientationServices, service, 1);
    }
    if (a.typeLieu === 'lieu_activite' && a.lieuId) {
      add(lieux, a.lieuId, weight);
      lieuLabels.set(a.lieuId, input.lieux.get(a.lieuId)?.nom ?? 'Lieu supprimé');
    }
    // Every accompagnement counts, those without a commune under « Non communiqué » (La Coop's
    // getActivitesCommunesStatsRaw groups them under a null code).
    const commune = activityCommune(a, input.lieux, input.structureCommune);
    const communeKey = commune?.codeInsee ?? NON_COMMUNIQUE;
    add(communes, communeKey, weight);
    communeLabels.set(communeKey, commune ? communeLabel(commune) : COMMUNE_NON_COMMUNIQUEE);
    for (const u of expandAccompagnements(a, input.beneficiaries, year)) {
      if (u.beneficiaryId) {
        if (seen.has(u.beneficiaryId)) continue;
        seen.add(u.beneficiaryId);
        if (!input.previouslyAccompanied.has(u.beneficiaryId)) general.nouveauxBeneficiaires += 1;
      } else if (!u.dejaAccompagne) {
        // Each anonymous participant is a beneficiary of their own (La Coop creates one per person).
        general.nouveauxBeneficiaires += 1;
      }
      countBeneficiary(u);
    }
  }

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
    materiel: enumDistribution(MATERIELS, materiel),
    canaux: enumDistribution(TYPES_LIEU, canaux),
    durees: enumDistribution(DUREE_BUCKETS, durees),
    lieux: openDistribution(lieux, lieuLabels),
    communes: openDistribution(communes, communeLabels),
    genres: enumDistribution(GENRES, genres),
    tranchesAge: enumDistribution(TRANCHES_AGE, ages),
    statuts: enumDistribution(STATUTS_SOCIAUX, statuts),
    communesBeneficiaires: openDistribution(residences, residenceLabels),
    orientationsParLieu: openDistribution(orientations, orientationLabels),
    orientationsParService: openDistribution(orientationServices),
    loans: loanStats(input, filters),
  };
};
