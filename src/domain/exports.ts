// La Coop's export sheets (domain.md §3.2 and §3.3): column sets and rows, independent of the file
// format. The data layer turns them into XLSX or CSV.
import { type Activity } from './activity';
import { displayName, type Beneficiary } from './beneficiary';
import {
  GENRES,
  labelOf,
  MATERIELS,
  STATUTS_SOCIAUX,
  STRUCTURES_REDIRECTION,
  THEMATIQUES,
  TRANCHES_AGE,
  TYPES_ACTIVITE,
  TYPES_LIEU,
} from './enums';
import type { Lieu } from './lieu';
import {
  activityCommune,
  expandAccompagnements,
  matchesFilters,
  type AccompagnementUnit,
  type DistributionEntry,
  type Stats,
  type StatsFilters,
} from './stats';

/** A cell: text, a number, a day (Date at UTC midnight) or nothing. */
export type ExportCell = string | number | Date | null;

export interface ExportSheet {
  /** Sheet name (≤ 31 characters for Excel). */
  name: string;
  header: string[];
  rows: ExportCell[][];
}

export interface Advisor {
  id: string;
  prenom?: string;
  nom?: string;
  /** 'conseiller' (conseiller numérique) or 'coordinateur'/'mediateur'. */
  role?: string;
}

export interface ExportInput {
  activities: readonly Activity[];
  beneficiaries: ReadonlyMap<string, Beneficiary>;
  lieux: ReadonlyMap<string, Lieu>;
  advisors?: ReadonlyMap<string, Advisor>;
}

/** '2026-11-23' → a Date at UTC midnight (Excel shows it as a day in any time zone). */
export const dayToDate = (day: string): Date => new Date(`${day}T00:00:00Z`);

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant → '23/11/2026 14:05' in the device's time zone. */
export const formatInstant = (iso: string | undefined): string => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** Multi-valued cells are joined with line breaks, as in La Coop's sheets. */
const lines = (values: readonly string[]): string => values.filter(Boolean).join('\n');

const STARS: Record<string, number> = {
  entierement_accompagne: 1,
  partiellement_autonome: 2,
  autonome: 3,
  debutant: 1,
  intermediaire: 2,
  avance: 3,
};

const niveau = (a: Activity): string => {
  const value = a.type === 'individuel' ? a.autonomie : a.niveau;
  return value ? `${STARS[value]}/3` : '';
};

const yesNo = (v: boolean | undefined): string => (v === undefined ? '' : v ? 'Oui' : 'Non');

interface Column {
  header: string;
  /** 'self': only in an advisor's own export; 'team': only in the whole structure's. */
  only?: 'self' | 'team';
  value: (u: AccompagnementUnit, input: ExportInput) => ExportCell;
}

const advisorOf = (u: AccompagnementUnit, input: ExportInput) =>
  u.activity.createdBy ? input.advisors?.get(u.activity.createdBy) : undefined;

const ACCOMPAGNEMENT_COLUMNS: Column[] = [
  { header: 'Date', value: (u) => dayToDate(u.activity.date) },
  { header: 'Enregistré le', value: (u) => formatInstant(u.activity.createdAt) },
  { header: 'Dernière modification le', value: (u) => formatInstant(u.activity.updatedAt) },
  { header: 'Prénom du médiateur', only: 'team', value: (u, i) => advisorOf(u, i)?.prenom ?? '' },
  {
    header: 'Nom du médiateur',
    only: 'team',
    value: (u, i) => advisorOf(u, i)?.nom ?? u.activity.createdBy ?? '',
  },
  {
    header: 'Rôle',
    only: 'team',
    value: (u, i) => (advisorOf(u, i)?.role === 'conseiller' ? 'Conseiller Numérique' : 'Médiateur'),
  },
  { header: 'ID - Conum', only: 'team', value: () => '' },
  { header: 'Type', value: (u) => labelOf(TYPES_ACTIVITE, u.activity.type) },
  { header: 'Participants', value: (u) => `${u.rank}/${u.total}` },
  {
    header: 'Bénéficiaire',
    only: 'self',
    value: (u) => (u.beneficiary ? displayName(u.beneficiary) : 'Bénéficiaire anonyme'),
  },
  { header: 'Canaux d’accompagnement', value: (u) => labelOf(TYPES_LIEU, u.activity.typeLieu) },
  {
    header: 'Nom du lieu',
    value: (u, i) => (u.activity.lieuId ? (i.lieux.get(u.activity.lieuId)?.nom ?? '') : ''),
  },
  {
    header: 'Adresse',
    value: (u, i) => (u.activity.lieuId ? (i.lieux.get(u.activity.lieuId)?.adresse ?? '') : ''),
  },
  { header: 'Commune', value: (u, i) => activityCommune(u.activity, i.lieux)?.nom ?? '' },
  { header: 'Code postal', value: (u, i) => activityCommune(u.activity, i.lieux)?.codePostal ?? '' },
  { header: 'Code Insee', value: (u, i) => activityCommune(u.activity, i.lieux)?.codeInsee ?? '' },
  { header: 'Durée (min)', value: (u) => u.activity.duree },
  { header: 'Nom de l’atelier', value: (u) => u.activity.titreAtelier ?? '' },
  {
    header: 'Matériel numérique utilisé',
    value: (u) => lines(u.activity.materiel.map((m) => labelOf(MATERIELS, m))),
  },
  {
    header: 'Thématique(s) d’accompagnement',
    value: (u) => lines(u.activity.thematiques.map((t) => labelOf(THEMATIQUES, t))),
  },
  // Sillon has no tags yet: the column stays for La Coop's layout.
  { header: 'Tags', value: () => '' },
  { header: 'Nom de la démarche administrative', value: (u) => u.activity.precisionsDemarche ?? '' },
  { header: 'Niveau d’autonomie (ou de l’atelier)', value: (u) => niveau(u.activity) },
  {
    header: 'Bénéficiaire réorienté',
    value: (u) => (u.activity.type === 'individuel' ? yesNo(u.activity.orienteVersStructure) : ''),
  },
  {
    header: 'Structure de redirection',
    value: (u) => labelOf(STRUCTURES_REDIRECTION, u.activity.structureDeRedirection),
  },
  { header: 'Commune du bénéficiaire', value: (u) => u.commune?.nom ?? '' },
  { header: 'Code postal du bénéficiaire', value: (u) => u.commune?.codePostal ?? '' },
  { header: 'Code Insee du bénéficiaire', value: (u) => u.commune?.codeInsee ?? '' },
  { header: 'Genre du bénéficiaire', value: (u) => labelOf(GENRES, u.genre) },
  { header: 'Tranche d’âge du bénéficiaire', value: (u) => labelOf(TRANCHES_AGE, u.trancheAge) },
  { header: 'Statut du bénéficiaire', value: (u) => labelOf(STATUTS_SOCIAUX, u.statutSocial) },
  { header: 'Notes supplémentaires', only: 'self', value: (u) => u.activity.notes ?? '' },
  { header: 'ID CRA', value: (u) => u.activity.id },
];

const columnsFor = (team: boolean) =>
  ACCOMPAGNEMENT_COLUMNS.filter((c) => !c.only || c.only === (team ? 'team' : 'self'));

/** Header of « Liste des accompagnements »: the team variant is for the whole structure. */
export const accompagnementsHeader = (team: boolean): string[] => columnsFor(team).map((c) => c.header);

/** Filtered activities, most recent first (La Coop's order), ties by creation. */
const filteredActivities = (input: ExportInput, filters: StatsFilters): Activity[] =>
  input.activities
    .filter((a) => matchesFilters(a, filters, input.lieux))
    .sort((x, y) => y.date.localeCompare(x.date) || y.createdAt.localeCompare(x.createdAt));

/** « Liste des accompagnements »: one row per accompagnement (an atelier of N gives N rows, "i/N"). */
export const buildAccompagnementsSheet = (
  input: ExportInput,
  filters: StatsFilters,
  team: boolean,
): ExportSheet => {
  const columns = columnsFor(team);
  const rows: ExportCell[][] = [];
  for (const a of filteredActivities(input, filters)) {
    for (const u of expandAccompagnements(a, input.beneficiaries)) {
      rows.push(columns.map((c) => c.value(u, input)));
    }
  }
  return { name: 'Accompagnements', header: columns.map((c) => c.header), rows };
};

export const BENEFICIAIRES_HEADER = [
  'Nom',
  'Prénom',
  'Année de naissance',
  'Nom de la commune',
  'Code INSEE',
  'Code postal',
  'N° de téléphone',
  'E-mail',
  'Genre',
  'Tranche d’âge',
  'Statut',
  'Nombre d’accompagnements',
  'Notes supplémentaires',
];

/**
 * « Bénéficiaires »: the identified beneficiaries accompanied in the filtered activities, with their
 * number of accompagnements there. Anonymous records carry no identity and are left out (La Coop too).
 */
export const buildBeneficiairesSheet = (input: ExportInput, filters: StatsFilters): ExportSheet => {
  const counts = new Map<string, number>();
  for (const a of filteredActivities(input, filters)) {
    for (const id of a.type === 'individuel' ? a.beneficiaryIds.slice(0, 1) : a.beneficiaryIds) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  const people = [...counts.keys()]
    .map((id) => input.beneficiaries.get(id))
    .filter((b): b is Beneficiary => Boolean(b && !b.anonyme && !b.deleted))
    .sort((x, y) => x.sortKey.localeCompare(y.sortKey, 'fr'));
  const rows = people.map((b): ExportCell[] => [
    b.nom ?? '',
    b.prenom ?? '',
    b.anneeNaissance ?? null,
    b.commune?.nom ?? '',
    b.commune?.codeInsee ?? '',
    b.commune?.codePostal ?? '',
    b.telephone ?? '',
    b.email ?? '',
    labelOf(GENRES, b.genre ?? 'non_communique'),
    labelOf(TRANCHES_AGE, b.trancheAge),
    labelOf(STATUTS_SOCIAUX, b.statutSocial ?? 'non_communique'),
    counts.get(b.id) ?? 0,
    b.notes ?? '',
  ]);
  return { name: 'Bénéficiaires', header: BENEFICIAIRES_HEADER, rows };
};

export interface StatsSheetMeta {
  structureName: string;
  /** Human period, e.g. « du 01/11/2026 au 30/11/2026 ». */
  period: string;
  /** Filters other than the period, as « Label : valeur ». */
  filterLabels: string[];
  generatedAt: string;
}

const section = (rows: ExportCell[][], title: string, entries: readonly DistributionEntry[]) => {
  rows.push([], [title, 'Nombre', 'Proportion (%)']);
  for (const e of entries) rows.push([e.label, e.count, e.proportion]);
};

/** « Statistiques »: La Coop's sections, then Sillon's loans. */
export const buildStatsSheet = (stats: Stats, meta: StatsSheetMeta): ExportSheet => {
  const g = stats.general;
  const rows: ExportCell[][] = [
    ['Structure', meta.structureName],
    ['Période', meta.period],
    ...meta.filterLabels.map((f): ExportCell[] => ['Filtre', f]),
    ['Export généré le', meta.generatedAt],
    [],
    ['Statistiques générales'],
    ['Accompagnements au total', g.accompagnements],
    ['Bénéficiaires accompagnés', g.beneficiaires],
    ['Nouveaux bénéficiaires', g.nouveauxBeneficiaires],
    ['Bénéficiaires suivis', g.beneficiairesSuivis],
    ['Bénéficiaires anonymes', g.beneficiairesAnonymes],
    [],
    ['Statistiques sur vos accompagnements'],
    ['Accompagnements individuels', g.individuels],
    ['Ateliers collectifs', g.ateliers],
    ['Nombre total de participants aux ateliers', g.participantsAteliers],
    ['Nombre total d’activités', g.activites],
  ];
  section(rows, 'Thématiques Médiation numérique', stats.thematiquesMediation);
  section(rows, 'Thématiques Démarches administratives', stats.thematiquesAdministratives);
  rows.push([], ['Tags'], ['Aucun tag']);
  section(rows, 'Matériel utilisés', stats.materiel);
  section(rows, 'Canaux des activités', stats.canaux);
  section(rows, 'Durées des activités', stats.durees);
  section(rows, 'Nombre d’activités par lieux', stats.lieux);
  section(rows, 'Nombre d’activités par communes', stats.communes);
  rows.push([], ['Statistiques sur vos bénéficiaires']);
  section(rows, 'Genre', stats.genres);
  section(rows, 'Tranches d’âge', stats.tranchesAge);
  section(rows, 'Statuts', stats.statuts);
  section(rows, 'Commune de résidence des bénéficiaires', stats.communesBeneficiaires);
  const l = stats.loans;
  rows.push(
    [],
    ['Prêts de matériel'],
    ['Prêts commencés sur la période', l.started],
    ['Prêts rendus sur la période', l.returned],
    ['Prêts en cours', l.ongoing],
    ['Prêts en retard', l.overdue],
    ['Personnes équipées', l.peopleEquipped],
  );
  section(rows, 'Matériel par statut', l.itemsByStatus);
  rows.push([], ['Accompagnements par mois', 'Activités', 'Accompagnements']);
  for (const m of stats.parMois) rows.push([m.key, m.activites, m.accompagnements]);
  return { name: 'Statistiques', header: ['Statistiques', meta.structureName], rows };
};
