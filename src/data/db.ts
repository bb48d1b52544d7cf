import Dexie, { type DBCore, type EntityTable, type Middleware } from 'dexie';

import type { Activity } from '../domain/activity';
import type { AnnuaireLieu } from '../domain/annuaire';
import type { Beneficiary } from '../domain/beneficiary';
import type { Lieu } from '../domain/lieu';
import type { Item, ItemEvent, Loan } from '../domain/loans';
import type { Pass } from '../domain/pass-numerique';
import type { Attendance, Cycle, CycleSession, Registration } from '../domain/workshops';
import type { RecordMeta, SyncTable } from '../domain/records';
import { LazyBeneficiaryOrder } from './beneficiary-order-lazy';
import { atRestMiddleware, readyBlob } from './crypto/at-rest';
import { AT_REST_RULES } from './crypto/at-rest-rules';
import { handleVersionChange } from './schema-change';
import type { StatsMonthRow, StatsPeopleRow, Stored } from './stats-aggregates';
import { markEverythingStored, statsDirtyMiddleware, STATS_MONTHS, STATS_PERIODS, type StatsDirtyRow } from './stats-marks';
import type { StatsPeriodsRow } from './stats-periods';
import { activeDatabaseName } from './sync/accounts';

/** A local change waiting to be sent: its auto-incremented `seq` is the device's mutation id. */
export interface OutboxEntry {
  seq?: number;
  table: SyncTable;
  recordId: string;
  op: 'put' | 'delete';
  /** Changed fields only; a cleared field is null. */
  patch: Record<string, unknown>;
  /** Server version of the record this change was made on (0: never synced). */
  baseVersion: number;
  /** Content hashes of the blobs this change references (uploaded before the change). */
  blobs?: string[];
  /** Device clock: for display only. */
  at: string;
  /** Schema version of the table when the change was written (the server upgrades older ones). */
  schemaVersion?: number;
  /** The server refused this change: it stays here, visible, until corrected or discarded. */
  refused?: OutboxRefusal;
  /**
   * Set on a change imported from another device's unsynced-changes file: that device and its
   * mutation id there. It is pushed under that identity, so the server applies it once.
   */
  origin?: { deviceId: string; seq: number };
}

/** Why the server refused a change, and the record as the server holds it (to discard the change). */
export interface OutboxRefusal {
  code: string;
  message: string;
  fields?: Record<string, string>;
  /** When the server said so. */
  at: string;
  /** The server's state of the record (null: the server has none); updated by later pulls. */
  current: { version: number; deleted: boolean; data: Record<string, unknown> } | null;
}

/**
 * A record pulled from the server that this device cannot apply (wrong types, unknown fields,
 * unreadable on the server): kept aside, out of every screen, and shown to the coordinateur.
 */
export interface SetAsideRecord {
  /** `table:id`. */
  key: string;
  table: SyncTable;
  id: string;
  version: number;
  /** Field path → French message. */
  fields: Record<string, string>;
  damaged?: boolean;
  at: string;
}

export type DraftKind =
  | 'activity'
  | 'beneficiary'
  | 'loan'
  | 'item'
  | 'lieu'
  | 'annuaire'
  | 'cycle'
  | 'cycleSession'
  | 'pass'
  | 'return'
  | 'template';

export interface Draft {
  /** 'activity:new:collectif', 'beneficiary:<id>', … */
  id: string;
  kind: DraftKind;
  /** Where to resume it. */
  path: string;
  title: string;
  /** The form's state, as typed. */
  data: unknown;
  updatedAt: string;
  /**
   * An edit's base: the record the form was opened from and its server version. The save is sent
   * against it, and a resumed draft shows what a colleague changed since (src/data/edits.ts).
   */
  base?: { version: number; record: Record<string, unknown> };
}

export interface StoredBlob {
  /** SHA-256 of the content, hex: the same signature or PDF is stored and sent once. */
  hash: string;
  type: string;
  size: number;
  data: Blob;
  /** Set once the server acknowledged it (or it came from the server). */
  uploaded?: boolean;
  /** When this device stored it (a binary no record refers to is removed after a grace period). */
  storedAt?: string;
}

export interface Conflict {
  id: string;
  table: SyncTable;
  recordId: string;
  field: string;
  /** The value kept (server order). */
  keptValue: unknown;
  /** The value that lost: kept here for a person to review. */
  lostValue: unknown;
  lostBy?: string;
  detectedAt: string;
  resolvedAt?: string;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

/** Generic record shape for the loans issue's tables (typed in src/domain when that issue lands). */
export type GenericRecord = RecordMeta & Record<string, unknown>;

export const DB_SCHEMA_VERSION = 9;

/** The aggregate tables sealed at rest, created after version 7's sealing upgrade. */
const STATS_TABLES = new Set([STATS_MONTHS, STATS_PERIODS]);

/**
 * Local-only index keys of an activity, one `beneficiaryId|date` per participant (none once deleted):
 * « accompagné·e avant cette date ? » is then one keys-only range count per person, instead of
 * reading every session of that person (src/data/stats.ts). Never synced: only patches travel.
 */
export const participationKeys = (activity: { beneficiaryIds?: unknown; date?: unknown; deleted?: unknown }) =>
  activity.deleted || typeof activity.date !== 'string' || !Array.isArray(activity.beneficiaryIds)
    ? []
    : activity.beneficiaryIds.map((id) => `${String(id)}|${activity.date as string}`);

/** Range of `participations` keys of one person strictly before a date. */
export const participationsBefore = (beneficiaryId: string, date: string): [string, string] => [
  `${beneficiaryId}|`,
  `${beneficiaryId}|${date}`,
];

/** Keeps `participations` true on every write of an activity, whatever the path (form, sync, seed). */
const participationIndex: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'activityParticipations',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      if (name !== 'activities') return table;
      return {
        ...table,
        mutate: (req) =>
          req.type === 'add' || req.type === 'put'
            ? table.mutate({
                ...req,
                values: req.values.map((v: Record<string, unknown>) => ({ ...v, participations: participationKeys(v) })),
              })
            : table.mutate(req),
      };
    },
  }),
};

export class SillonDB extends Dexie {
  beneficiaries!: EntityTable<Beneficiary, 'id'>;
  activities!: EntityTable<Activity, 'id'>;
  lieux!: EntityTable<Lieu, 'id'>;
  items!: EntityTable<Item, 'id'>;
  loans!: EntityTable<Loan, 'id'>;
  itemEvents!: EntityTable<ItemEvent, 'id'>;
  settings!: EntityTable<GenericRecord, 'id'>;
  annuaire!: EntityTable<AnnuaireLieu, 'id'>;
  cycles!: EntityTable<Cycle, 'id'>;
  cycleSessions!: EntityTable<CycleSession, 'id'>;
  registrations!: EntityTable<Registration, 'id'>;
  attendances!: EntityTable<Attendance, 'id'>;
  passes!: EntityTable<Pass, 'id'>;
  blobs!: EntityTable<StoredBlob, 'hash'>;
  drafts!: EntityTable<Draft, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  conflicts!: EntityTable<Conflict, 'id'>;
  meta!: EntityTable<MetaEntry, 'key'>;
  setAside!: EntityTable<SetAsideRecord, 'key'>;
  statsMonths!: EntityTable<Stored<StatsMonthRow>, 'month'>;
  statsPeople!: EntityTable<Stored<StatsPeopleRow>, 'bucket'>;
  statsDirty!: EntityTable<StatsDirtyRow, 'key'>;
  statsPeriods!: EntityTable<StatsPeriodsRow, 'key'>;
  /** The beneficiaries' alphabetical order (the sortKey index holds hashes), kept sealed: beneficiary-order.ts. */
  readonly beneficiaryOrder: LazyBeneficiaryOrder;

  constructor(name: string) {
    super(name);
    this.beneficiaryOrder = new LazyBeneficiaryOrder(this);
    this.use(participationIndex);
    // What a write makes stale in the statistics' aggregates, marked in its transaction.
    this.use(statsDirtyMiddleware);
    // Personal fields sealed on their way to IndexedDB (src/data/crypto/at-rest.ts).
    this.use(
      atRestMiddleware(name, (table, change) => {
        if (table === 'beneficiaries') this.beneficiaryOrder.written(change);
      }),
    );
    // Another tab opens a newer version: save, close, ask to reload (src/data/schema-change.ts).
    this.on('versionchange', () => handleVersionChange(this));
    this.version(1).stores({
      beneficiaries: 'id, *searchTokens, sortKey, updatedAt, anneeNaissance, commune.codeInsee',
      activities: 'id, date, [type+date], *beneficiaryIds, lieuId, updatedAt',
      lieux: 'id, nom',
      items: 'id, inventoryNumber, status, type, lieuId, updatedAt',
      loans: 'id, *itemIds, beneficiaryId, status, plannedReturnDate, startDate, updatedAt',
      itemEvents: 'id, itemId, date',
      settings: 'id',
      blobs: 'hash',
      drafts: 'id, kind, updatedAt',
      outbox: '++seq, recordId, table',
      conflicts: 'id, [table+recordId], resolvedAt',
      meta: 'key',
    });
    this.version(2)
      .stores({ activities: 'id, date, [type+date], *beneficiaryIds, *participations, lieuId, updatedAt' })
      // Rewriting each activity lets the middleware above fill its participations.
      .upgrade((tx) => tx.table('activities').toCollection().modify((a: Record<string, unknown>) => {
        a.participations = participationKeys(a);
      }));
    // Pulled records this device cannot apply (src/data/sync/set-aside.ts).
    this.version(3).stores({ setAside: 'key, table' });
    // The directory of lieux de médiation numérique (src/data/annuaire.ts).
    this.version(4).stores({ annuaire: 'id, schemaId, code_insee' });
    // Cycles of workshops, their sessions, registrations, attendance and Pass Numérique
    // (src/data/workshops.ts): new tables, nothing of the earlier ones to rewrite.
    this.version(5).stores({
      cycles: 'id, updatedAt',
      cycleSessions: 'id, cycleId, date',
      registrations: 'id, cycleId, sessionId, beneficiaryId',
      attendances: 'id, sessionId, beneficiaryId',
      passes: 'id, status, sessionId, activityId, dateReception',
    });
    // The people merged away (few): a pulled page looks up only those among the people it names
    // (src/data/beneficiaries-merge.ts, followMerges).
    this.version(6).stores({
      beneficiaries: 'id, *searchTokens, sortKey, updatedAt, anneeNaissance, commune.codeInsee, mergedInto',
    });
    // Encryption at rest: every row of the tables with personal data written again, so that the
    // middleware seals it and hashes the beneficiaries' index keys (src/data/crypto/at-rest.ts).
    this.version(7)
      .stores({})
      .upgrade(async (tx) => {
        for (const table of Object.keys(AT_REST_RULES)) {
          // Tables of later versions (the statistics' aggregates) do not exist yet.
          if (STATS_TABLES.has(table)) continue;
          // A stored Blob cannot be read inside the upgrade: sealLegacyBlobs does it once opened.
          if (table === 'blobs') continue;
          const rows = await tx.table(table).toArray();
          if (rows.length > 0) await tx.table(table).bulkPut(rows);
        }
        if ((await tx.table('blobs').count()) > 0) await tx.table('meta').put({ key: LEGACY_BLOBS_KEY, value: true });
      });
    // Statistics kept as records are written (src/data/stats-aggregates.ts): the aggregates start
    // empty, every stored month and person marked, rebuilt by the statistics as periods are asked for.
    this.version(8)
      .stores({ statsMonths: 'month', statsPeople: 'bucket', statsDirty: 'key' })
      .upgrade((tx) => markEverythingStored(tx as never));
    // A period's finished sums (src/data/stats-periods.ts), valid while the aggregates' generation
    // holds: a year asked again reads one row. Starts empty.
    this.version(DB_SCHEMA_VERSION).stores({ statsPeriods: 'key' });
    this.on('ready', () => {
      // Opened again (after a delete, a close): the rows may have changed without this connection.
      this.beneficiaryOrder.reset();
      void sealLegacyBlobs(this).catch(() => undefined);
    });
  }
}

/** Set by the upgrade to version 7 when blobs were stored in clear before it. */
const LEGACY_BLOBS_KEY = 'crypto.legacyBlobs';

/** Seals the binaries stored before encryption at rest (their bytes read outside any transaction). */
export const sealLegacyBlobs = async (db: SillonDB): Promise<void> => {
  if (!(await db.meta.get(LEGACY_BLOBS_KEY))) return;
  for (const hash of await db.blobs.toCollection().primaryKeys()) {
    const blob = await db.blobs.get(hash);
    if (blob) await db.blobs.put({ ...blob, data: await readyBlob(blob.data) });
  }
  await db.meta.delete(LEGACY_BLOBS_KEY);
};

let current: SillonDB | undefined;

/**
 * The database of the signed-in user on this device (one database per user on a shared tablet;
 * before any sign-in, the anonymous one that the first user to sign in adopts: src/data/sync/accounts.ts).
 */
export const getDb = (): SillonDB => (current ??= new SillonDB(activeDatabaseName()));

/** Switches to another database (sign-in of another user, tests). */
export const useDatabase = (db: SillonDB): SillonDB => {
  current = db;
  return db;
};
