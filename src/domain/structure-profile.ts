// Where the structure employeuse is. La Coop places an « à distance » session in its commune
// (createOrUpdateActivite.ts), so the statistics and exports do too (src/domain/stats.ts
// activityCommune). It is kept on the structure's one settings record (the agreement template's,
// src/domain/loans.ts and src/domain/singletons.ts), beside the structure's name.
import type { CommuneRef } from './beneficiary';

export interface StructureSettings {
  /** Commune of the structure employeuse. */
  structureCommune?: CommuneRef;
}
