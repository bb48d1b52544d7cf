// Validation of a lieu against the national schema, as the cartographie nationale does it: the
// published library (@gouvfr-anct/lieux-de-mediation-numerique) first, then Sillon's own rules
// (lieu-mediation.ts) and the opening hours in OSM syntax (lieu-hours.ts). Used by every import
// (server) and before any publication (export of the structure's lieux).
import {
  fromSchemaLieuDeMediationNumerique,
  ModelError,
  toSchemaLieuMediationNumerique,
  type SchemaLieuMediationNumerique,
} from '@gouvfr-anct/lieux-de-mediation-numerique';

import { horairesError } from './lieu-hours';
import {
  COLUMN_LABELS,
  lieuMediationSchema,
  normaliseRow,
  toSchemaRow,
  type LieuMediation,
  type SchemaColumn,
} from './lieu-mediation';

/** The library's error (a field key and a message) in French, naming the column. */
const libraryMessage = (error: unknown): string => {
  if (error instanceof ModelError) {
    const key = (error as unknown as { key: string }).key;
    const label = COLUMN_LABELS[key as SchemaColumn] ?? key;
    return `${label} : ${error.message.replace(/^Le telephone/, 'Le téléphone')}`;
  }
  return `Lieu refusé par le schéma national : ${error instanceof Error ? error.message : String(error)}`;
};

export type LieuCheck = { ok: true; lieu: LieuMediation } | { ok: false; messages: string[] };

/**
 * Checks one row against the national schema: first the published library (as the cartographie
 * does), then Sillon's own rules. Every message is French and names its column.
 */
export const checkLieuMediation = (row: Record<string, unknown>): LieuCheck => {
  const normalised = normaliseRow(row);
  const messages: string[] = [];
  for (const required of ['id', 'nom', 'pivot', 'adresse', 'commune', 'code_postal', 'date_maj'] as const)
    if (normalised[required] === undefined)
      messages.push(`${COLUMN_LABELS[required]} : valeur obligatoire manquante`);
  if (messages.length) return { ok: false, messages };
  try {
    fromSchemaLieuDeMediationNumerique(toSchemaRow(normalised as LieuMediation));
  } catch (error) {
    return { ok: false, messages: [libraryMessage(error)] };
  }
  if (typeof normalised.horaires === 'string') {
    const wrong = horairesError(normalised.horaires);
    if (wrong) messages.push(`${COLUMN_LABELS.horaires} : ${wrong}`);
  }
  const parsed = lieuMediationSchema.safeParse({ services: [], ...normalised });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = String(issue.path[0] ?? '') as SchemaColumn;
      messages.push(`${COLUMN_LABELS[column] ?? column} : ${issue.message}`);
    }
  }
  if (messages.length || !parsed.success) return { ok: false, messages };
  return { ok: true, lieu: parsed.data };
};

/**
 * The row the national schema expects for a lieu, passed through the library both ways (validated
 * as the cartographie would before it leaves Sillon). Throws a French message when it is invalid.
 */
export const publishedRow = (lieu: LieuMediation): SchemaLieuMediationNumerique => {
  try {
    return toSchemaLieuMediationNumerique(fromSchemaLieuDeMediationNumerique(toSchemaRow(lieu)));
  } catch (error) {
    throw new Error(`${lieu.nom} — ${libraryMessage(error)}`, { cause: error });
  }
};
