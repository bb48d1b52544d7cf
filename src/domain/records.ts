// Every synced record carries a client-generated id and change metadata, so that the sync
// engine can carry it without rewriting: writes are observable through the outbox (src/data).

export interface RecordMeta {
  /** Client-generated UUID v7: ordered by creation, unique across devices. */
  id: string;
  /** Structure that owns the record; set once the device is attached to one. */
  structureId?: string;
  /** Advisor (user id) who created the record. */
  createdBy?: string;
  /** Device clock at creation / last local change: for display only, never for ordering. */
  createdAt: string;
  updatedAt: string;
  /** Tombstone: a deleted record stays as a deletion until the server has it. */
  deleted?: boolean;
  /** Server version of the last state received from the server (0 or absent: never synced). */
  serverVersion?: number;
}

/** The tables the sync protocol carries. */
export const SYNC_TABLES = [
  'beneficiaries',
  'activities',
  'lieux',
  'items',
  'loans',
  'itemEvents',
  'settings',
  /** The directory of lieux de médiation numérique (src/domain/annuaire.ts): read-only for conseillers. */
  'annuaire',
  /** Cycles d'ateliers and their sessions, registrations, attendance (src/domain/workshops.ts). */
  'cycles',
  'cycleSessions',
  'registrations',
  'attendances',
  /** Pass Numérique received (src/domain/pass-numerique.ts). */
  'passes',
] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

/** Fields managed by the data layer, never part of a user's edit. */
export const META_FIELDS = [
  'id',
  'createdAt',
  'updatedAt',
  'serverVersion',
  'structureId',
  'createdBy',
] as const;
