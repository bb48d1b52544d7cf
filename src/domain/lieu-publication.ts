// Publication of the structure's lieux d'activité to the cartographie nationale (Lot Numérique, the
// Déclic 47 coordinator): each lieu as a row of the national schema (lieu-mediation.ts), checked
// by the schema's published library as every import is (lieu-mediation-check.ts), then written as
// the cartographie's CSV (`|`-separated lists) and as JSON. A lieu that fails is named with what is
// missing, in French; the others are still written. Pure: the tablet produces it offline.
import { LIEU_SCHEMA_KEYS, type Lieu } from './lieu';
import { COLUMN_LABELS, type LieuMediation } from './lieu-mediation';
import type { RecordMeta } from './records';
import { checkLieuMediation, publishedRow } from './lieu-mediation-check';
import { lieuxToCsv, lieuxToJson } from './lieu-mediation-files';

/** A lieu d'activité as stored, or not yet saved (no dates). */
export type PublishedLieu = Omit<Lieu, keyof RecordMeta> &
  Partial<Pick<RecordMeta, 'createdAt' | 'updatedAt'>> & { id: string };

/** Written in the schema's `source` column of every lieu Sillon publishes. */
export const PUBLICATION_SOURCE = 'Sillon';

/**
 * A lieu d'activité as a row of the national schema, before validation: its record id is the lieu's
 * identifier (stable across exports), its commune gives commune, code postal and code INSEE, and
 * `date_maj` is the day of its last change (`today` for a lieu never saved).
 */
export const lieuMediationRowOf = (lieu: PublishedLieu, today: string): Record<string, unknown> => {
  const row: Record<string, unknown> = {
    id: lieu.id,
    nom: lieu.nom,
    adresse: lieu.adresse,
    commune: lieu.commune?.nom,
    code_postal: lieu.commune?.codePostal,
    code_insee: lieu.commune?.codeInsee,
  };
  for (const key of LIEU_SCHEMA_KEYS) row[key] = lieu[key];
  row.date_maj = (lieu.updatedAt ?? lieu.createdAt)?.slice(0, 10) ?? today;
  row.source = PUBLICATION_SOURCE;
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined && v !== null));
};

export interface RefusedLieu {
  id: string;
  nom: string;
  /** What is missing or wrong, in French, each naming its column. */
  messages: string[];
}

export interface LieuxPublication {
  /** The lieux that pass the national schema, in the order given. */
  lieux: LieuMediation[];
  refused: RefusedLieu[];
}

/** The schema requires services; the library lets a lieu without any pass. */
const missingServices = (row: Record<string, unknown>): string[] =>
  Array.isArray(row.services) && row.services.length
    ? []
    : [`${COLUMN_LABELS.services} : choisissez au moins un service proposé`];

/** Checks each lieu against the national schema (the library, then Sillon's rules). */
export const publishLieux = (lieux: readonly PublishedLieu[], today: string): LieuxPublication => {
  const out: LieuxPublication = { lieux: [], refused: [] };
  for (const lieu of lieux) {
    const row = lieuMediationRowOf(lieu, today);
    const check = checkLieuMediation(row);
    const messages = [...missingServices(row), ...(check.ok ? [] : check.messages)];
    if (check.ok && !messages.length) {
      try {
        publishedRow(check.lieu);
        out.lieux.push(check.lieu);
        continue;
      } catch (error) {
        messages.push(error instanceof Error ? error.message : String(error));
      }
    }
    out.refused.push({ id: lieu.id, nom: lieu.nom, messages });
  }
  return out;
};

/** The files of a publication: the cartographie's CSV and the schema's JSON. */
export const publicationFiles = (publication: LieuxPublication): { csv: string; json: string } => ({
  csv: lieuxToCsv(publication.lieux),
  json: lieuxToJson(publication.lieux),
});
