// The directory (« annuaire ») of lieux de médiation numérique a structure's tablets carry offline:
// the lieux of its territory in the national schema (lieu-mediation.ts), imported on the server
// (server/lieux-import.ts) or added by the structure itself (a CAF permanence, a mairie's public
// computer). A record holds the schema's fields as they are, lists as arrays; its own `id` is a
// Sillon record id, the lieu's identifier in the schema is `schemaId`.
import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import { lieuMediationFields, type LieuMediation } from './lieu-mediation';
import type { RecordMeta } from './records';

/** Namespace of the directory's record ids (UUID v5, named by structure and lieu id). */
export const ANNUAIRE_NAMESPACE = '0b9d3c3e-5b8e-4c4a-9a55-6b1f6f2f4e21';

export const ORIGINES = ['import', 'structure'] as const;
export type Origine = (typeof ORIGINES)[number];

type SchemaFields = Omit<LieuMediation, 'id'>;

export interface AnnuaireLieu extends RecordMeta, SchemaFields {
  /** The lieu's identifier in the national schema (the producer's own). */
  schemaId: string;
  /** Imported from a file or a URL, or added by the structure. */
  origine: Origine;
}

/** What a directory record holds besides meta fields (the record schema composes it, record-schemas.ts). */
export const annuaireFields = lazySchema(() => {
  const { id: schemaIdField, ...schemaFields } = lieuMediationFields;
  return z.object({
    ...schemaFields,
    schemaId: schemaIdField,
    origine: z.enum(ORIGINES),
  });
});

/** A record of the directory from a lieu of the schema (meta fields are the caller's). */
export const annuaireRecordOf = (
  lieu: LieuMediation,
  origine: Origine,
): Omit<AnnuaireLieu, keyof RecordMeta> => {
  const { id, ...fields } = lieu;
  return { ...fields, schemaId: id, origine };
};

/** The lieu of the schema a directory record stands for. */
export const lieuOfRecord = (record: AnnuaireLieu): LieuMediation => {
  const out: Record<string, unknown> = { id: record.schemaId };
  for (const key of Object.keys(lieuMediationFields)) {
    if (key === 'id') continue;
    const value = (record as unknown as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out as LieuMediation;
};
