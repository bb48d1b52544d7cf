// La Coop's accompagnements: one participant of one activity, with what is known of them. Pure.
import { accompagnementsCount, type Activity } from './activity';
import { effectiveTrancheAge, type Beneficiary, type CommuneRef } from './beneficiary';
import {
  GENRES,
  STATUTS_SOCIAUX,
  TRANCHES_AGE,
  type Choice,
  type Genre,
  type StatutSocial,
  type TrancheAge,
} from './enums';

const NON_COMMUNIQUE = 'non_communique';

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
