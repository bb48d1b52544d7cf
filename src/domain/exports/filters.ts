// The labels of Sillon's statistics filters in La Coop's « Filtres » block
// (features/activites/use-cases/list/components/generateActivitesFiltersLabels.ts).
import type { CommuneRef } from '../beneficiary';
import { labelOf, THEMATIQUES, TYPES_ACTIVITE } from '../enums';
import { ADMIN_THEMATIQUES } from '../activity';
import { communeLabel, type StatsFilters } from '../stats';
import type { Advisor } from './accompagnements';
import { dayAsDotted, type ActivitesFilterLabels } from './sheet';

/** « Prénom Nom » of an advisor, as La Coop's médiateur options show them. */
export const advisorName = (a: Advisor | undefined): string => [a?.prenom, a?.nom].filter(Boolean).join(' ');

export const activitesFilterLabels = (
  filters: StatsFilters,
  names: {
    lieux?: ReadonlyMap<string, { nom: string }>;
    communes?: readonly CommuneRef[];
    advisors?: ReadonlyMap<string, Advisor>;
  },
): ActivitesFilterLabels => {
  const commune = filters.communeInsee
    ? names.communes?.find((c) => c.codeInsee === filters.communeInsee)
    : undefined;
  const thematique = filters.thematique ? labelOf(THEMATIQUES, filters.thematique) : undefined;
  const admin = filters.thematique ? ADMIN_THEMATIQUES.has(filters.thematique) : false;
  return {
    periode: `${dayAsDotted(filters.from)} - ${dayAsDotted(filters.to)}`,
    lieux: filters.lieuId ? [names.lieux?.get(filters.lieuId)?.nom ?? 'Lieu supprimé'] : [],
    communes: filters.communeInsee ? [commune ? communeLabel(commune) : filters.communeInsee] : [],
    types: filters.type ? [labelOf(TYPES_ACTIVITE, filters.type)] : [],
    thematiquesNonAdministratives: thematique && !admin ? [thematique] : [],
    thematiquesAdministratives: thematique && admin ? [thematique] : [],
    mediateurs: filters.advisorId
      ? [advisorName(names.advisors?.get(filters.advisorId)) || `Conseiller ${filters.advisorId.slice(0, 8)}`]
      : [],
  };
};
