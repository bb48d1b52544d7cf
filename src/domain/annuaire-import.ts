// A file of lieux imported into the structure's directory (national schema): what the server's
// import reports (server/lieux-import.ts) and how it is said in French, by the admin command, the
// daily fetch's log and the coordinateur's import screen alike; the largest file and the formats
// accepted, checked by the screen before sending and by the server again. Light on purpose: the
// screen loads it without the schema's library (the server validates every row).
import type { LieuRowError } from './lieu-mediation-files';

/** The largest file uploaded (the whole national file is about 15 MB). */
export const MAX_LIEUX_FILE_BYTES = 40 * 1024 * 1024;

export interface LieuxImportReport {
  /** Rows read. */
  total: number;
  created: number;
  updated: number;
  /** Already held with the same or a newer date_maj. */
  unchanged: number;
  /** Good lieux outside the configured départements, left out (bad rows outside them are not in `errors`). */
  outside: number;
  errors: LieuRowError[];
  /** Whether anything was written. */
  imported: boolean;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

const summary = (report: LieuxImportReport): string =>
  [
    plural(report.created, 'lieu nouveau', 'lieux nouveaux'),
    plural(report.updated, 'mis à jour', 'mis à jour'),
    plural(report.unchanged, 'inchangé', 'inchangés'),
    plural(report.errors.length, 'ligne refusée', 'lignes refusées'),
    ...(report.outside ? [plural(report.outside, 'hors du territoire', 'hors du territoire')] : []),
  ].join(', ');

/** One sentence saying what the import did (or would do, or why it did nothing). */
export const describeReport = (
  report: LieuxImportReport,
  options: { dryRun?: boolean; strict?: boolean } = {},
): string =>
  report.imported
    ? `Import terminé : ${summary(report)}.`
    : options.dryRun
      ? `Aperçu, rien n’est encore importé : ${summary(report)}.`
      : report.total === 0
        ? 'Rien n’a été importé : aucun lieu lisible dans ce fichier.'
        : options.strict && report.errors.length
          ? `Rien n’a été importé : ${plural(report.errors.length, 'ligne refusée', 'lignes refusées')} (import sans erreur demandé).`
          : `Rien n’a changé : ${summary(report)}.`;

/** The message of a whole file refused (not in the schema, unreadable, too many rows): line 0. */
export const fileErrorOf = (report: LieuxImportReport): string | undefined =>
  report.total === 0 && report.errors[0]?.ligne === 0 ? report.errors[0].messages.join(' ') : undefined;

/** Lieux of the file the import would write or keep: the good rows of the territory. */
export const validCount = (report: LieuxImportReport): number =>
  report.created + report.updated + report.unchanged;

const megabytes = (bytes: number) =>
  (bytes / (1024 * 1024)).toLocaleString('fr-FR', {
    maximumFractionDigits: bytes < 10 * 1024 * 1024 ? 1 : 0,
  });

/**
 * Why a chosen file cannot be sent (in French), or undefined: a CSV or JSON file by its name or
 * type, not empty, at most MAX_LIEUX_FILE_BYTES.
 */
export const lieuxFileProblem = (file: { name: string; type: string; size: number }): string | undefined => {
  const byName = /\.(csv|json)$/i.test(file.name);
  const byType = ['text/csv', 'application/json', 'application/vnd.ms-excel'].includes(file.type);
  if (!byName && !(byType && !/\.[a-z0-9]{1,5}$/i.test(file.name)))
    return `Format non reconnu (« ${file.name} ») : choisissez un fichier .csv ou .json au schéma des lieux de médiation numérique (l’export de la cartographie nationale, par exemple).`;
  if (file.size === 0) return 'Le fichier est vide.';
  if (file.size > MAX_LIEUX_FILE_BYTES)
    return `Fichier trop volumineux (${megabytes(file.size)} Mo) : au plus ${megabytes(MAX_LIEUX_FILE_BYTES)} Mo. Le fichier national entier en fait une quinzaine ; l’export d’un département, bien moins.`;
  return undefined;
};
