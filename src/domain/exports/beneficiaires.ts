// « Bénéficiaires » as La Coop writes it
// (features/beneficiaire/abilities/exporter-beneficiaires/implementation/build-beneficiaires-worksheet.ts
// and exporter-beneficiaires.ts): every identified beneficiary matching the list's search, by nom then
// prénom, with their lifetime number of accompagnements; « - » for what is not known; the header on
// row 13.
import { effectiveTrancheAge, type Beneficiary } from '../beneficiary';
import { labelOf, STATUTS_SOCIAUX, TRANCHES_AGE, type Genre } from '../enums';
import {
  emptyRow,
  exportMetadataRows,
  row,
  titleRow,
  type ExportCell,
  type ExportContext,
  type ExportSheet,
} from './sheet';

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

/** La Coop's sexLabels: the « Genre » column of this export. */
export const SEX_LABELS: Readonly<Record<Genre, string>> = {
  masculin: 'Homme',
  feminin: 'Femme',
  non_communique: 'Non communiqué',
};

export interface BeneficiairesInput {
  /** The identified beneficiaries to list (anonymous and deleted ones are left out here). */
  beneficiaries: readonly Beneficiary[];
  /** Accompagnements of each beneficiary, all time. */
  accompagnements: ReadonlyMap<string, number>;
  /** The list's search, « - » when none. */
  recherche?: string | undefined;
  /** Year the tranches d'âge are computed for. */
  year: number;
}

/** Identified, not deleted, by nom then prénom (La Coop's orderBy nom, prenom). */
export const exportableBeneficiaries = (beneficiaries: readonly Beneficiary[]): Beneficiary[] =>
  beneficiaries
    .filter((b) => !b.anonyme && !b.deleted)
    .sort(
      (x, y) =>
        (x.nom ?? '').localeCompare(y.nom ?? '', 'fr') ||
        (x.prenom ?? '').localeCompare(y.prenom ?? '', 'fr') ||
        x.id.localeCompare(y.id),
    );

const toRow = (b: Beneficiary, count: number, year: number): ExportCell[] => [
  b.nom ?? '',
  b.prenom ?? '',
  b.anneeNaissance ?? '-',
  b.commune?.nom ?? '-',
  b.commune?.codeInsee ?? '-',
  b.commune?.codePostal ?? '-',
  b.telephone ?? '-',
  b.email ?? '-',
  SEX_LABELS[b.genre ?? 'non_communique'],
  labelOf(TRANCHES_AGE, effectiveTrancheAge(b, year)),
  labelOf(STATUTS_SOCIAUX, b.statutSocial ?? 'non_communique'),
  count,
  b.notes ?? '',
];

export const buildBeneficiairesSheet = (input: BeneficiairesInput, context: ExportContext): ExportSheet => {
  const people = exportableBeneficiaries(input.beneficiaries);
  const head = [
    ...exportMetadataRows(context, people.length),
    titleRow('Filtres'),
    row('Recherche', input.recherche?.trim() || '-'),
    emptyRow(),
    emptyRow(),
  ];
  return {
    name: 'Bénéficiaires',
    rows: [
      ...head,
      { cells: BENEFICIAIRES_HEADER, style: 'header' },
      ...people.map((b) => row(...toRow(b, input.accompagnements.get(b.id) ?? 0, input.year))),
    ],
    tableStart: head.length,
  };
};
