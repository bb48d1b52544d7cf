// « Statistiques » as La Coop writes it (worksheet/statistiques/buildStatistiquesWorksheet.ts):
// « Informations export » (no total), « Filtres » (no Bénéficiaires row), then La Coop's blocks, each
// followed by an empty row; proportions written as La Coop's numberToPercentage text. Sillon's own
// figures (sessions per commune, equipment loans) come after La Coop's part.
import type { DistributionEntry, Stats } from '../stats';
import {
  activitesFiltersRows,
  emptyRow,
  exportMetadataRows,
  percentText,
  proportion,
  row,
  titleRow,
  type ActivitesFilterLabels,
  type ExportContext,
  type ExportRow,
  type ExportSheet,
} from './sheet';

/** « 03/26 »: La Coop's month label (getAccompagnementsCountByPeriod formatMonthLabel). */
export const monthLabel = (month: string): string => `${month.slice(5, 7)}/${month.slice(2, 4)}`;

/** Label, count and La Coop's proportion text of each entry (addQuantifiedShareRows). */
const shareRows = (entries: readonly DistributionEntry[]): ExportRow[] => {
  const total = entries.reduce((sum, e) => sum + e.count, 0);
  return entries.map((e) => row(e.label, e.count, percentText(proportion(e.count, total))));
};

const block = (title: string, entries: readonly DistributionEntry[]): ExportRow[] => [
  titleRow(title),
  ...shareRows(entries),
  emptyRow(),
];

export const buildStatistiquesSheet = (
  stats: Stats,
  filterLabels: ActivitesFilterLabels,
  context: ExportContext,
): ExportSheet => {
  const g = stats.general;
  const activites = g.individuels + g.ateliers;
  const l = stats.loans;
  const rows: ExportRow[] = [
    ...exportMetadataRows(context),
    ...activitesFiltersRows(filterLabels, { excludeBeneficiaires: true }),
    titleRow('Statistiques générales'),
    row('Accompagnements au total', g.accompagnements),
    row('Bénéficiaires accompagnés', g.beneficiaires),
    // La Coop leaves this row out when there are none.
    ...(g.nouveauxBeneficiaires > 0 ? [row('Nouveaux bénéficiaires', g.nouveauxBeneficiaires)] : []),
    row('Bénéficiaires suivis', g.beneficiairesSuivis),
    row('Bénéficiaires anonymes', g.beneficiairesAnonymes),
    // The months of the period in one row, their accompagnements in the next.
    row('Accompagnements sur les 12 derniers mois', ...stats.parMois.map((m) => monthLabel(m.key))),
    row('', ...stats.parMois.map((m) => m.accompagnements)),
    emptyRow(),
    titleRow('Statistiques sur vos accompagnements'),
    // Shares of activités (not of accompagnements), as La Coop's getTotalCountsStats.
    row('Accompagnements individuels', g.individuels, percentText(proportion(g.individuels, activites))),
    row('Ateliers collectifs', g.ateliers, percentText(proportion(g.ateliers, activites))),
    row('Nombre total de participants aux ateliers', g.participantsAteliers),
    row('Nombre total d’activités', g.activites),
    emptyRow(),
    ...block('Thématiques Médiation numérique', stats.thematiquesMediation),
    ...block('Thématiques Démarches administratives', stats.thematiquesAdministratives),
    // Sillon has no tags: La Coop's block stays, empty.
    ...block('Tags', []),
    ...block('Matériel utilisés', stats.materiel),
    ...block('Canaux des activités', stats.canaux),
    ...block('Durées des activités', stats.durees),
    ...block('Nombre d’activités par lieux', stats.lieux),
    titleRow('Statistiques sur vos bénéficiaires'),
    ...block('Genre', stats.genres),
    ...block('Tranches d’âge', stats.tranchesAge),
    ...block('Statuts', stats.statuts),
    ...block('Commune de résidence des bénéficiaires', stats.communesBeneficiaires),
    // Sillon's own figures, after La Coop's part.
    ...block('Nombre d’activités par communes', stats.communes),
    titleRow('Prêts de matériel'),
    row('Prêts commencés sur la période', l.started),
    row('Prêts rendus sur la période', l.returned),
    row('Prêts en cours', l.ongoing),
    row('Prêts en retard', l.overdue),
    row('Personnes équipées sur la période', l.peopleEquipped),
    emptyRow(),
    ...block('Matériel par statut', l.itemsByStatus),
  ];
  return { name: 'Statistiques', rows };
};
