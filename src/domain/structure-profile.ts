// What Sillon knows of the structure employeuse beyond its name: where it is. La Coop places an
// « à distance » session in its commune (createOrUpdateActivite.ts), so the statistics and exports do
// too (src/domain/stats.ts activityCommune).
import { z } from 'zod';

import { communeSchema, type CommuneRef } from './beneficiary';
import type { RecordMeta } from './records';

/**
 * The profile's record id in `settings`: one fixed UUID, like the agreement template's, so that edits
 * from two tablets merge into one record.
 */
export const STRUCTURE_PROFILE_ID = '53747275-0000-4000-8000-000000000001';

export interface StructureProfile extends RecordMeta {
  /** Commune of the structure employeuse. */
  commune?: CommuneRef;
}

export const structureProfileInputSchema = z.object({ commune: communeSchema.optional() });
