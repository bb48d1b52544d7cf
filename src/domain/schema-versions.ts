// Schema version of each synced table's records. A change written by an app at an older version is
// upgraded by the server (record-schemas.ts, `upgrades`) rather than refused; bumping one also bumps
// SYNC_SCHEMA_VERSION (src/domain/sync.ts), so that a server older than the app says so (426).
// Kept apart from the schemas so that the outbox can stamp a version without loading them.
import type { SyncTable } from './records';

export const TABLE_SCHEMA_VERSIONS: Record<SyncTable, number> = {
  beneficiaries: 1,
  activities: 1,
  // 2: a lieu d'activité carries the national schema's fields (src/domain/lieu.ts), all optional.
  lieux: 2,
  items: 1,
  loans: 1,
  itemEvents: 1,
  settings: 1,
  annuaire: 1,
  cycles: 1,
  // 2: a moved session keeps the slot first announced (deplaceeDe), optional.
  cycleSessions: 2,
  registrations: 1,
  // 2: a session spanning two half-days takes an afternoon signature too (signatureApresMidi), optional.
  attendances: 2,
  passes: 1,
};
