import { z } from 'zod';

import { communeSchema, type CommuneRef } from './beneficiary';
import type { RecordMeta } from './records';

/** A lieu d'activité of the advisor (a subset of the lieux de médiation numérique schema v1). */
export interface Lieu extends RecordMeta {
  nom: string;
  adresse?: string;
  commune?: CommuneRef;
}

export const lieuInputSchema = z.object({
  nom: z.string().trim().min(1, 'Veuillez renseigner le nom du lieu'),
  adresse: z
    .string()
    .trim()
    .transform((v) => v || undefined)
    .optional(),
  commune: communeSchema.optional(),
});
export type LieuInput = z.infer<typeof lieuInputSchema>;
