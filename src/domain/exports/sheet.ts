// The shape of La Coop's worksheets, independent of the file format (src/data/export-files.ts writes
// it as XLSX, the table part as CSV), and the blocks every La Coop export starts with. Follows
// apps/web/src/libs/worksheet/{addExportMetadata,addTitleRow,autosizeColumns}.ts and
// apps/web/src/worksheet/buildWorksheetHelpers.ts of inclusion-numerique/coop-mediation-numerique.

/** A cell: text, a number, a boolean, a day (Date at UTC midnight) or nothing. */
export type ExportCell = string | number | boolean | Date | null;

export interface ExportRow {
  cells: ExportCell[];
  /** 'title': a block title in bold (addTitleRow); 'header': the table's header row. */
  style?: 'title' | 'header';
}

export interface ExportSheet {
  /** Sheet name (≤ 31 characters for Excel). */
  name: string;
  rows: ExportRow[];
  /** Index in `rows` of the table's header row: a CSV holds the table only, from there. */
  tableStart?: number;
}

/** Who asked for the file (La Coop's WorksheetUser: the « Informations export » block). */
export interface ExportUser {
  prenom?: string | undefined;
  nom?: string | undefined;
  /** La Coop's getUserRoleLabel: « Coordinateur », « Conseiller Numérique », « Médiateur »… */
  roleLabel: string;
}

export interface ExportContext {
  user: ExportUser;
  /** When the file is produced. */
  generatedAt: Date;
  /** IANA time zone of the dates and times written (the device's by default). */
  timeZone?: string | undefined;
}

/** La Coop's getUserRoleLabel for Sillon's roles (a Sillon conseiller is a conseiller numérique). */
export const roleLabel = (role: string | undefined): string =>
  role === 'coordinateur'
    ? 'Coordinateur'
    : role === 'conseiller'
      ? 'Conseiller Numérique'
      : 'Rôle non défini';

/**
 * « Prénom Nom » as one display name (Sillon's accounts) → La Coop's first and last names: the
 * first word is the prénom, the rest the nom; a single word is a nom.
 */
export const splitDisplayName = (name: string | undefined): { prenom?: string; nom?: string } => {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  if (words.length === 1) return { nom: words[0]! };
  return { prenom: words[0]!, nom: words.slice(1).join(' ') };
};

/** A day as a Date at UTC midnight: Excel shows that day in any time zone. */
export const dayToDate = (day: string): Date => new Date(`${day}T00:00:00Z`);

const parts = (date: Date, timeZone: string | undefined) => {
  const values = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return values as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;
};

/** « 23/11/2026 » (toLocaleDateString('fr-FR')). */
export const formatExportDate = (date: Date, timeZone?: string): string => {
  const p = parts(date, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
};

/** « 14:05 » (toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })). */
export const formatExportTime = (date: Date, timeZone?: string): string => {
  const p = parts(date, timeZone);
  return `${p.hour}:${p.minute}`;
};

/** « 23/11/2026 à 14:05 » (format(d, "dd/MM/yyyy 'à' HH:mm")). */
export const formatExportDateTime = (iso: string | undefined, timeZone?: string): string => {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${formatExportDate(date, timeZone)} à ${formatExportTime(date, timeZone)}`;
};

/** '2026-03-01' → « 01.03.2026 » (La Coop's dateAsDay, used in the « Période » filter). */
export const dayAsDotted = (day: string): string =>
  `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/** La Coop's computeProportion: a percentage kept to 3 decimals. */
export const proportion = (count: number, total: number): number =>
  total === 0 ? 0 : Math.round(100_000 * (count / total)) / 1000;

/** La Coop's numberToPercentage: « 61,5 % ». */
export const percentText = (value: number): string =>
  `${value.toLocaleString('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: 1 })} %`;

export const row = (...cells: ExportCell[]): ExportRow => ({ cells });
export const titleRow = (title: string): ExportRow => ({ cells: [title], style: 'title' });
export const emptyRow = (): ExportRow => ({ cells: [] });

/**
 * « Informations export »: who, the total when the export has one, the date and the time, then an
 * empty row (addExportMetadata).
 */
export const exportMetadataRows = (
  { user, generatedAt, timeZone }: ExportContext,
  total?: number,
): ExportRow[] => [
  titleRow('Informations export'),
  row('Nom', user.nom || '-'),
  row('Prénom', user.prenom || '-'),
  row('Rôle', user.roleLabel),
  ...(total != null ? [row('Total', total)] : []),
  // La Coop writes these two with a straight apostrophe.
  row("Date d'export", formatExportDate(generatedAt, timeZone)),
  row("Heure d'export", formatExportTime(generatedAt, timeZone)),
  emptyRow(),
];

/** The filters of an activities export, already labelled (generateActivitesFiltersLabels). */
export interface ActivitesFilterLabels {
  /** « 01.03.2026 - 31.03.2026 ». */
  periode?: string | undefined;
  lieux?: string[];
  communes?: string[];
  types?: string[];
  thematiquesNonAdministratives?: string[];
  thematiquesAdministratives?: string[];
  beneficiaires?: string[];
  mediateurs?: string[];
}

const joined = (labels: string[] | undefined) => (labels ?? []).join(', ') || '-';

/**
 * « Filtres » of an activities or statistics export (buildWorksheetHelpers.ts addFilters): every
 * filter La Coop has, « - » when unused, Bénéficiaires and Médiateurs only when used, then an empty row.
 * Sillon has no « Source », « Départements », « Rôle » or « Tags » filter: they are always « - ».
 */
export const activitesFiltersRows = (
  f: ActivitesFilterLabels,
  options: { excludeBeneficiaires?: boolean } = {},
): ExportRow[] => [
  titleRow('Filtres'),
  row('Période', f.periode ?? '-'),
  row('Source', '-'),
  row('Lieux d’accompagnement', joined(f.lieux)),
  row('Communes', joined(f.communes)),
  row('Départements', '-'),
  row('Type d’accompagnement', joined(f.types)),
  row('Rôle', '-'),
  row('Thématiques non administratives', joined(f.thematiquesNonAdministratives)),
  row('Thématiques administratives', joined(f.thematiquesAdministratives)),
  row('Tags', '-'),
  ...(!options.excludeBeneficiaires && f.beneficiaires?.length
    ? [row('Bénéficiaires', joined(f.beneficiaires))]
    : []),
  ...(f.mediateurs?.length ? [row('Médiateurs', joined(f.mediateurs))] : []),
  emptyRow(),
];

/** Multi-valued cells are joined with line breaks (intraCellLineBreak). */
export const lines = (values: readonly string[]): string => values.filter(Boolean).join('\n');
