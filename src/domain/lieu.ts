import { z } from 'zod';

import { communeSchema, type CommuneRef } from './beneficiary';
import { optionalText, requiredText, TEXT_LIMITS } from './limits';
import type { RecordMeta } from './records';

/** A lieu d'activité of the advisor (a subset of the lieux de médiation numérique schema v1). */
export interface Lieu extends RecordMeta {
  nom: string;
  adresse?: string;
  commune?: CommuneRef;
}

export const lieuInputSchema = z.object({
  nom: requiredText(TEXT_LIMITS.label, 'Veuillez renseigner le nom du lieu'),
  adresse: optionalText(TEXT_LIMITS.address),
  commune: communeSchema.optional(),
});
export type LieuInput = z.infer<typeof lieuInputSchema>;
