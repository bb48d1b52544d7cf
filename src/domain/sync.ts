// The sync protocol's shapes, shared by the app's engine and the server (docs/sync-protocol.md).
// Validation here is the server's first line: a request that does not parse changes nothing.
import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import { SYNC_TABLES } from './records';

/** Bumped when the shape of records or requests changes incompatibly: an older app gets 426. */
export const SYNC_SCHEMA_VERSION = 3;
/**
 * The oldest app schema the server still accepts: 1 (before lieux version 2) and 2 (before
 * cycleSessions and attendances version 2) still sync, so an older tablet sends what it typed; a
 * record carrying the new fields is set aside there until it updates.
 */
export const MIN_SYNC_SCHEMA_VERSION = 1;

/** Header carrying the app's schema version on every API request. */
export const SCHEMA_HEADER = 'Sillon-Schema';
/** Signature of a genuine Sillon server: a captive portal's page cannot carry it. */
export const SERVER_SIGNATURE = 'sillon-sync';

export const ROLES = ['conseiller', 'coordinateur'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  conseiller: 'Conseiller·ère',
  coordinateur: 'Coordinateur·rice',
};

/** Limits that keep one request small on a weak link (the engine adapts below them). */
export const MAX_MUTATIONS_PER_PUSH = 500;
export const MAX_PULL_LIMIT = 2000;
export const MAX_BLOB_BYTES = 10 * 1024 * 1024;

const uuid = lazySchema(() =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Identifiant invalide'),
);
export const blobHashSchema = lazySchema(() => z.string().regex(/^[0-9a-f]{64}$/, 'Empreinte invalide'));

/**
 * Fields computed from others on the device (index keys, tranche d'âge): never a conflict of their
 * own (the fields they come from are), and recomputed by the device after a merge.
 */
export const DERIVED_FIELDS = new Set(['searchTokens', 'sortKey', 'trancheAge']);

/** Fields a device may never set: the server owns them. */
export const SERVER_FIELDS = new Set(['id', 'serverVersion', 'structureId', 'createdBy', 'updatedAt']);

export const mutationSchema = lazySchema(() =>
  z.object({
    /** The device's mutation id (its outbox sequence): strictly increasing. */
    seq: z.number().int().positive(),
    table: z.enum(SYNC_TABLES),
    recordId: uuid,
    /**
     * « withdraw »: the device took this change back before sending it (a discarded refused change and
     * what was typed on it since); it only keeps the device's mutation ids gap-free, nothing is applied.
     */
    op: z.enum(['put', 'delete', 'withdraw']),
    /**
     * The fields the change sets. Only its shape here: its field names and values are checked per
     * mutation (src/domain/record-check.ts, checkPatch), so that one bad record is refused on its own
     * instead of the whole request, and the largest part of a push is not walked twice.
     */
    patch: z.custom<Record<string, unknown>>(
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
      'Objet attendu',
    ),
    baseVersion: z.number().int().min(0),
    blobs: z.array(blobHashSchema).max(50).optional(),
    /** Device clock: display only (clamped by the server), never used for ordering. */
    at: z.string().max(40),
    /** Schema version of the table when the change was written (absent: 1); older ones are upgraded. */
    schemaVersion: z.number().int().min(1).max(1000).optional(),
  }),
);
export type Mutation = z.infer<typeof mutationSchema>;
/** A mutation that changes a record (every op but « withdraw »). */
export type RecordMutation = Mutation & { op: 'put' | 'delete' };

export const resolutionSchema = lazySchema(() =>
  z.object({
    conflictId: uuid,
    /** What the person chose: the value kept by server order, or the one that had lost. */
    choice: z.enum(['kept', 'lost']),
  }),
);
export type Resolution = z.infer<typeof resolutionSchema>;

export const pushRequestSchema = lazySchema(() =>
  z
    .object({
      deviceId: uuid,
      /**
       * The mutations are another device's, brought by an unsynced-changes file (src/domain/unsynced-export.ts):
       * their ids are that device's, and they are applied once against its count, whoever brings them.
       */
      importedFrom: uuid.optional(),
      mutations: z.array(mutationSchema).max(MAX_MUTATIONS_PER_PUSH),
      resolutions: z.array(resolutionSchema).max(MAX_MUTATIONS_PER_PUSH).optional(),
      /** The server epoch the device has caught up with (docs/sync-protocol.md, « Restauration »). */
      epoch: z.string().min(1).max(64).optional(),
    })
    .refine((r) => r.mutations.every((m, i) => i === 0 || m.seq > r.mutations[i - 1]!.seq), {
      message: 'Les mutations doivent être dans l’ordre',
      path: ['mutations'],
    }),
);
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** Why the server refused one change (the rest of the batch is applied and acknowledged past it). */
export const REFUSAL_CODES = [
  /** The record as it would be after the change is not valid (fields say where). */
  'invalid',
  /** The person's role does not allow this change (src/domain/permissions.ts). */
  'forbidden',
  /** The record id belongs to another structure. */
  'foreign_record',
  /** A reference names no record of the structure. */
  'unknown_reference',
  /** The id of a structure-wide record (template, settings) is not this structure's. */
  'wrong_id',
  /** The change's schema version is unknown to this server. */
  'schema_unknown',
  /** A file the record names (signature, PDF, photo) was not received or was refused by the server. */
  'unknown_blob',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface RefusedMutation {
  seq: number;
  code: RefusalCode;
  /** French, for the advisor. */
  message: string;
  /** Field path → French message, when the refusal concerns fields. */
  fields?: Record<string, string>;
  /**
   * The record as the server holds it, so that the device can discard its change (null: the server
   * has no such record in this structure).
   */
  current: { version: number; deleted: boolean; data: Record<string, unknown> } | null;
}

export interface PushResponse {
  /**
   * Highest mutation id of this device the server has dealt with (applied or refused): the device
   * drops its outbox up to it, keeping the refused ones aside.
   */
  ack: number;
  /** Conflicts created by this push (they also come with the next pull). */
  conflicts: number;
  /**
   * Mutations of this request the server had already dealt with (a retry, or an imported change
   * another tablet brought first): the device's state of their records may then be behind.
   */
  skipped?: number;
  /** Changes refused, each with its reason (absent when none: an older server never refuses one). */
  refused?: RefusedMutation[];
}

/** A record as the server holds it. */
export interface PulledRecord {
  table: (typeof SYNC_TABLES)[number];
  id: string;
  version: number;
  deleted: boolean;
  data: Record<string, unknown>;
  blobs: string[];
  /** The server cannot read this record's stored data (`data` is then empty): devices set it aside. */
  damaged?: boolean;
}

/** A conflict as both sides see it (ODK Central's « modification parallèle »). */
export interface SyncConflict {
  id: string;
  table: (typeof SYNC_TABLES)[number];
  recordId: string;
  /** The field, or 'deleted' for an edit that met a deletion. */
  field: string;
  keptValue: unknown;
  lostValue: unknown;
  keptBy?: string;
  lostBy?: string;
  detectedAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: 'kept' | 'lost';
  version: number;
}

export interface PullResponse {
  records: PulledRecord[];
  conflicts: SyncConflict[];
  /** Opaque to the device: send it back to resume. */
  cursor: number;
  /** More pages wait: pull again right away. */
  more: boolean;
  /** Highest version of the structure at the time of the pull (progress of a long first sync). */
  latest: number;
  /** What the server has forgotten: devices drop the same (absent from an older server). */
  purged?: PurgeMarks;
}

/**
 * The server's epoch (it changes at every restore of a backup) and, for the device's structure, the
 * version the restored data stops at: a device that knew another epoch pushes again every record it
 * holds at a higher version (the restored server lost them).
 */
export interface EpochInfo {
  epoch: string;
  restoredVersion: number;
}

/**
 * Purge marks: every tombstone, and every resolved conflict, whose version is at or below its mark
 * is gone from the server. A device whose cursor has reached the marks drops its copies; one whose
 * cursor is below them is told to resync.
 */
export interface PurgeMarks {
  tombstones: number;
  conflicts: number;
}

export const signInSchema = lazySchema(() =>
  z.object({
    email: z.string().trim().toLowerCase().email('Adresse e-mail invalide').max(200),
    password: z.string().min(1, 'Saisissez le mot de passe').max(200),
    deviceId: uuid,
    deviceLabel: z.string().trim().max(100).optional(),
    structureId: uuid.optional(),
    /** A coordinateur's invitation to another structure, typed by the person who accepts it. */
    invitationCode: z.string().trim().max(40).optional(),
  }),
);
export type SignInRequest = z.infer<typeof signInSchema>;

export const passwordSchema = lazySchema(() =>
  z.string().min(10, 'Au moins 10 caractères').max(200, 'Au plus 200 caractères'),
);

export const setupSchema = lazySchema(() =>
  z.object({
    code: z.string().trim().min(1, 'Saisissez le code affiché par le serveur').max(40),
    structureName: z.string().trim().min(2, 'Nom de la structure trop court').max(200),
    name: z.string().trim().min(2, 'Saisissez votre nom').max(200),
    email: z.string().trim().toLowerCase().email('Adresse e-mail invalide').max(200),
    password: passwordSchema,
    deviceId: uuid,
    deviceLabel: z.string().trim().max(100).optional(),
  }),
);
export type SetupRequest = z.infer<typeof setupSchema>;

export const createUserSchema = lazySchema(() =>
  z.object({
    name: z.string().trim().min(2, 'Saisissez le nom').max(200),
    email: z.string().trim().toLowerCase().email('Adresse e-mail invalide').max(200),
    password: passwordSchema,
    role: z.enum(ROLES),
  }),
);
export type CreateUserRequest = z.infer<typeof createUserSchema>;

/** Who is signed in on this device (returned by sign-in and /api/me). */
export interface SessionUser {
  userId: string;
  name: string;
  email: string;
  role: Role;
  structureId: string;
  structureName: string;
  /** The password is provisional: the app asks for a new one before anything else. */
  mustChangePassword?: boolean;
}

export interface SignInResponse {
  token: string;
  user: SessionUser;
  /**
   * This device's lock key (32 bytes, base64): the tablet keeps the account's root secret wrapped by
   * it, so that an online sign-in always recovers it (docs/architecture.md « Verrouillage et clés »).
   */
  deviceKey?: string;
}

/** A person of the structure, as the conflict cards name them (GET /api/sync/members). */
export interface StructureMember {
  id: string;
  name: string;
}

/** Errors carry a stable code (for the engine) and a French message (for people). */
export interface ApiError {
  error: string;
  message: string;
  fields?: Record<string, string>;
  structures?: { id: string; name: string }[];
}
