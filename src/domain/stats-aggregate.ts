// The statistics as sums: what each activity adds to La Coop's figures, in a form that can be added
// up, subtracted (an edit, a deletion) and stored per day (src/data/stats-aggregates.ts keeps one row
// per day, written in the same transactions as the activities). The full computation (computeStats)
// and the fast path (src/data/stats.ts) both fold activities into a StatsAggregate and finish it with
// finishStats, so the two cannot disagree on a rule. Pure.
import { accompagnementsCount, dureeBucket, type Activity } from './activity';
import type { CommuneRef } from './beneficiary';
import type { Lieu } from './lieu';
import { expandAccompagnements } from './stats-units';

/** Every figure of the sum, as named counters in groups (a two-level tree of numbers). */
export type StatsCounts = Record<string, Record<string, number>>;

export interface StatsAggregate {
  /**
   * Groups: `general` (activites, accompagnements, individuels, ateliers, participantsAteliers),
   * `days`/`daysW` (activities / accompagnements per 'YYYY-MM-DD'), `thematiques`, `materiel`,
   * `canaux`, `durees` (weighted by accompagnements), `places`/`placeWeights` (activities /
   * accompagnements per place key, see placeKey), `orientations`/`services`, `people` (identified
   * participants: accompagnements per beneficiary id), `anon` (n, nouveaux) and `anonGenres`,
   * `anonAges`, `anonStatuts`, `anonResidences` for participants without a fiche.
   */
  counts: StatsCounts;
  /** Names seen with the counts: communes by code INSEE, lieux d'orientation by id (never subtracted). */
  refs: { communes: Record<string, CommuneRef>; orientations: Record<string, string> };
}

export const NON_COMMUNIQUE = 'non_communique';

export const emptyAggregate = (): StatsAggregate => ({
  counts: {},
  refs: { communes: {}, orientations: {} },
});

const bump = (counts: StatsCounts, group: string, key: string, n: number) => {
  const g = (counts[group] ??= {});
  const v = (g[key] ?? 0) + n;
  if (v !== 0) {
    g[key] = v;
    return;
  }
  delete g[key];
  // Emptiness without listing the keys (a year's `people` holds thousands).
  for (const _ in g) return;
  delete counts[group];
};

/**
 * Where an activity took place, resolved only when the figures are read (a lieu's commune or the
 * structure's may change later): `l:<lieuId>` for a lieu d'activité, `n` for one without its lieu,
 * `d` for « à distance », `c:<code INSEE>` for the commune typed at home or elsewhere.
 */
export const placeKey = (a: Activity): string => {
  if (a.typeLieu === 'lieu_activite') return a.lieuId ? `l:${a.lieuId}` : 'n';
  if (a.typeLieu === 'a_distance') return 'd';
  return `c:${a.lieuCommune?.codeInsee ?? NON_COMMUNIQUE}`;
};

/** The commune of a place key, resolved with today's lieux and structure (as activityCommune). */
export const placeCommune = (
  place: string,
  refs: StatsAggregate['refs'],
  lieux: ReadonlyMap<string, Lieu>,
  structureCommune: CommuneRef | undefined,
): CommuneRef | undefined => {
  if (place.startsWith('l:')) return lieux.get(place.slice(2))?.commune;
  if (place === 'd') return structureCommune;
  if (!place.startsWith('c:') || place === `c:${NON_COMMUNIQUE}`) return undefined;
  const code = place.slice(2);
  return refs.communes[code] ?? { codeInsee: code, nom: code, codePostal: '' };
};

/** Adds (sign 1) or removes (sign -1) one live activity's contribution. */
export const addActivity = (agg: StatsAggregate, a: Activity, sign: 1 | -1): void => {
  const c = agg.counts;
  const weight = accompagnementsCount(a);
  bump(c, 'general', 'activites', sign);
  bump(c, 'general', 'accompagnements', sign * weight);
  if (a.type === 'individuel') bump(c, 'general', 'individuels', sign);
  else {
    bump(c, 'general', 'ateliers', sign);
    bump(c, 'general', 'participantsAteliers', sign * weight);
  }
  bump(c, 'days', a.date, sign);
  bump(c, 'daysW', a.date, sign * weight);
  for (const t of new Set(a.thematiques)) bump(c, 'thematiques', t, sign * weight);
  for (const m of new Set(a.materiel)) bump(c, 'materiel', m, sign * weight);
  bump(c, 'canaux', a.typeLieu, sign * weight);
  bump(c, 'durees', dureeBucket(a.duree), sign * weight);
  if (a.type === 'individuel' && a.orienteVersStructure && a.lieuOrientation) {
    bump(c, 'orientations', a.lieuOrientation.id, sign);
    if (sign > 0) agg.refs.orientations[a.lieuOrientation.id] = a.lieuOrientation.nom;
    for (const service of new Set(a.lieuOrientation.services)) bump(c, 'services', service, sign);
  }
  const place = placeKey(a);
  bump(c, 'places', place, sign);
  bump(c, 'placeWeights', place, sign * weight);
  if (sign > 0 && a.typeLieu !== 'lieu_activite' && a.typeLieu !== 'a_distance' && a.lieuCommune) {
    agg.refs.communes[a.lieuCommune.codeInsee] = a.lieuCommune;
  }
  // Participants: the beneficiaries map only matters for identified ones, resolved when read.
  for (const u of expandAccompagnements(a, new Map())) {
    if (u.beneficiaryId) {
      bump(c, 'people', u.beneficiaryId, sign);
      continue;
    }
    bump(c, 'anon', 'n', sign);
    if (!u.dejaAccompagne) bump(c, 'anon', 'nouveaux', sign);
    bump(c, 'anonGenres', u.genre, sign);
    bump(c, 'anonAges', u.trancheAge, sign);
    bump(c, 'anonStatuts', u.statutSocial, sign);
    bump(c, 'anonResidences', u.commune?.codeInsee ?? NON_COMMUNIQUE, sign);
    if (sign > 0 && u.commune) agg.refs.communes[u.commune.codeInsee] = u.commune;
  }
};

/** Adds (or subtracts) one aggregate into another; counters reaching zero disappear. */
export const mergeAggregate = (into: StatsAggregate, from: StatsAggregate, sign: 1 | -1 = 1): void => {
  for (const [group, values] of Object.entries(from.counts)) {
    for (const [key, n] of Object.entries(values)) bump(into.counts, group, key, sign * n);
  }
  Object.assign(into.refs.communes, from.refs.communes);
  Object.assign(into.refs.orientations, from.refs.orientations);
};

export const isEmptyAggregate = (agg: StatsAggregate): boolean => Object.keys(agg.counts).length === 0;

/** An activity counts in the figures: live and dated. */
export const countsInStats = (a: Activity | undefined): a is Activity =>
  !!a && !a.deleted && typeof a.date === 'string' && Array.isArray(a.beneficiaryIds);

/**
 * The aggregates are kept per day and per (type, advisor): the filters they can answer. A lieu, a
 * commune or a thematique chosen in the filters is answered by the full computation.
 */
export const partKey = (a: Pick<Activity, 'type' | 'createdBy'>): string =>
  JSON.stringify([a.type, a.createdBy ?? null]);

export const partOf = (key: string): { type: string; createdBy: string | null } => {
  const [type, createdBy] = JSON.parse(key) as [string, string | null];
  return { type, createdBy };
};
