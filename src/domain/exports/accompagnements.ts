// « Liste des accompagnements » as La Coop writes it
// (features/activites/use-cases/list/export/buildAccompagnementsWorksheet.ts): sheet « Activités »,
// « Informations export » and « Filtres » blocks, an empty row, then the table (header on row 22
// when no Bénéficiaires or Médiateurs filter is set). One row per accompagnement.
import type { Activity } from '../activity';
import type { Beneficiary, CommuneRef } from '../beneficiary';
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
} from '../enums';
import type { Lieu } from '../lieu';
import {
  activityCommune,
  expandAccompagnements,
  matchesFilters,
  type AccompagnementUnit,
  type StatsFilters,
} from '../stats';
import {
  activitesFiltersRows,
  dayToDate,
  emptyRow,
  exportMetadataRows,
  formatExportDateTime,
  lines,
  row,
  type ActivitesFilterLabels,
  type ExportCell,
  type ExportContext,
  type ExportSheet,
} from './sheet';

/** An advisor of the structure, as the team export names them. */
export interface Advisor {
  id: string;
  prenom?: string | undefined;
  nom?: string | undefined;
  /** La Coop's isConseillerNumerique: « Conseiller Numérique » rather than « Médiateur ». */
  conseillerNumerique?: boolean | undefined;
}

export interface AccompagnementsInput {
  activities: readonly Activity[];
  beneficiaries: ReadonlyMap<string, Beneficiary>;
  lieux: ReadonlyMap<string, Lieu>;
  structureCommune?: CommuneRef | undefined;
  advisors?: ReadonlyMap<string, Advisor> | undefined;
  /** Year the tranches d'âge are computed for (the export's). */
  year: number;
}

const STARS: Record<string, number> = {
  entierement_accompagne: 1,
  partiellement_autonome: 2,
  autonome: 3,
  debutant: 1,
  intermediaire: 2,
  avance: 3,
};

/** « 3/3 »: autonomie of an individual session, else niveau of a workshop (three values each). */
const niveau = (a: Activity): string => {
  if (a.autonomie) return `${STARS[a.autonomie]}/3`;
  return a.niveau ? `${STARS[a.niveau]}/3` : '';
};

/** La Coop's displayNameFromIdentity: « Prénom Nom » as typed, or « Bénéficiaire anonyme ». */
export const identityName = (b: Pick<Beneficiary, 'prenom' | 'nom'> | undefined): string =>
  [b?.prenom, b?.nom].filter(Boolean).join(' ') || 'Bénéficiaire anonyme';

interface Column {
  header: string;
  /** 'self': only in an advisor's own export; 'team': only in a coordinator's or a team's. */
  only?: 'self' | 'team';
  value: (u: AccompagnementUnit, index: number, input: AccompagnementsInput, timeZone?: string) => ExportCell;
}

const advisorOf = (u: AccompagnementUnit, input: AccompagnementsInput) =>
  u.activity.createdBy ? input.advisors?.get(u.activity.createdBy) : undefined;

const place = (u: AccompagnementUnit, input: AccompagnementsInput) =>
  activityCommune(u.activity, input.lieux, input.structureCommune);

const lieuOf = (u: AccompagnementUnit, input: AccompagnementsInput) =>
  u.activity.typeLieu === 'lieu_activite' && u.activity.lieuId
    ? input.lieux.get(u.activity.lieuId)
    : undefined;

const COLUMNS: Column[] = [
  { header: 'Date', value: (u) => dayToDate(u.activity.date) },
  { header: 'Enregistré le', value: (u, _i, _input, tz) => formatExportDateTime(u.activity.createdAt, tz) },
  {
    header: 'Dernière modification le',
    // Left empty for a session never modified (isEqual(creation, modification)).
    value: (u, _i, _input, tz) =>
      u.activity.updatedAt === u.activity.createdAt ? '' : formatExportDateTime(u.activity.updatedAt, tz),
  },
  { header: 'Prénom du médiateur', only: 'team', value: (u, _i, input) => advisorOf(u, input)?.prenom ?? '' },
  { header: 'Nom du médiateur', only: 'team', value: (u, _i, input) => advisorOf(u, input)?.nom ?? '' },
  {
    header: 'Rôle',
    only: 'team',
    value: (u, _i, input) =>
      advisorOf(u, input)?.conseillerNumerique ? 'Conseiller Numérique' : 'Médiateur',
  },
  // La Coop writes the advisor's isConseillerNumerique flag in this column, as a boolean.
  {
    header: 'ID - Conum',
    only: 'team',
    value: (u, _i, input) => advisorOf(u, input)?.conseillerNumerique ?? '',
  },
  { header: 'Type', value: (u) => labelOf(TYPES_ACTIVITE, u.activity.type) },
  // A lone accompagnement is the number 1; a workshop's are « i/N ».
  { header: 'Participants', value: (u) => (u.total === 1 ? 1 : `${u.rank}/${u.total}`) },
  { header: 'Bénéficiaire', only: 'self', value: (u) => identityName(u.beneficiary) },
  { header: 'Canaux d’accompagnement', value: (u) => labelOf(TYPES_LIEU, u.activity.typeLieu) },
  { header: 'Nom du lieu', value: (u, _i, input) => lieuOf(u, input)?.nom ?? '' },
  { header: 'Adresse', value: (u, _i, input) => lieuOf(u, input)?.adresse ?? '' },
  { header: 'Commune', value: (u, _i, input) => place(u, input)?.nom ?? '' },
  { header: 'Code postal', value: (u, _i, input) => place(u, input)?.codePostal ?? '' },
  { header: 'Code Insee', value: (u, _i, input) => place(u, input)?.codeInsee ?? '' },
  { header: 'Durée (min)', value: (u) => u.activity.duree },
  { header: 'Nom de l’atelier', value: (u) => u.activity.titreAtelier || '' },
  {
    header: 'Matériel numérique utilisé',
    value: (u) => lines(u.activity.materiel.map((m) => labelOf(MATERIELS, m))),
  },
  {
    header: 'Thématique(s) d’accompagnement',
    value: (u) => lines(u.activity.thematiques.map((t) => labelOf(THEMATIQUES, t))),
  },
  // Sillon has no tags: the column stays where La Coop has it, empty.
  { header: 'Tags', value: () => '' },
  { header: 'Nom de la démarche administrative', value: (u) => u.activity.precisionsDemarche || '' },
  { header: 'Niveau d’autonomie (ou de l’atelier)', value: (u) => niveau(u.activity) },
  {
    header: 'Bénéficiaire réorienté',
    value: (u) =>
      u.activity.orienteVersStructure === undefined ? '' : u.activity.orienteVersStructure ? 'Oui' : 'Non',
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
  // A workshop's notes are written once, on its first row.
  {
    header: 'Notes supplémentaires',
    only: 'self',
    value: (u, index) => (index === 0 ? (u.activity.notes ?? '') : ''),
  },
  { header: 'ID CRA', value: (u) => u.activity.id },
];

const columnsFor = (team: boolean) => COLUMNS.filter((c) => !c.only || c.only === (team ? 'team' : 'self'));

/** Header of the table: the team variant has the médiateur's columns, not the beneficiary's name and notes. */
export const accompagnementsHeader = (team: boolean): string[] => columnsFor(team).map((c) => c.header);

/** The filtered activities, most recent first, then the latest recorded first. */
export const filteredActivities = (
  input: Pick<AccompagnementsInput, 'activities' | 'lieux' | 'structureCommune'>,
  filters: StatsFilters,
): Activity[] =>
  input.activities
    .filter((a) => matchesFilters(a, filters, input.lieux, input.structureCommune))
    .sort((x, y) => y.date.localeCompare(x.date) || y.createdAt.localeCompare(x.createdAt));

export const buildAccompagnementsSheet = (
  input: AccompagnementsInput,
  filters: StatsFilters,
  filterLabels: ActivitesFilterLabels,
  context: ExportContext,
  team: boolean,
): ExportSheet => {
  const columns = columnsFor(team);
  const table: ExportCell[][] = [];
  for (const a of filteredActivities(input, filters)) {
    expandAccompagnements(a, input.beneficiaries, input.year).forEach((u, index) => {
      table.push(columns.map((c) => c.value(u, index, input, context.timeZone)));
    });
  }
  const head = [
    ...exportMetadataRows(context, table.length),
    ...activitesFiltersRows(filterLabels),
    // The separator row La Coop adds before its table.
    emptyRow(),
  ];
  return {
    name: 'Activités',
    rows: [
      ...head,
      { cells: columns.map((c) => c.header), style: 'header' },
      ...table.map((cells) => row(...cells)),
    ],
    tableStart: head.length,
  };
};
