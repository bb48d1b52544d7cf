// The unsynced-changes file: what a tablet exports when it cannot send its changes (revoked, broken,
// about to be reinstalled), and what another tablet — or the same one reinstalled — imports to send
// them. Each change keeps the identity it was born with (the exporting device and its mutation id),
// so that the server applies it once whichever tablet brings it, however many times
// (docs/sync-protocol.md, « Unsynced-changes file »).
import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import { checkPatch, checkRecord } from './record-check';
import { SYNC_TABLES, type SyncTable } from './records';
import { blobHashSchema, mutationSchema } from './sync';

export const UNSYNCED_EXPORT_KIND = 'sillon-unsynced-export';
/** Version of the file's layout (absent in the first files: 1). */
export const UNSYNCED_EXPORT_FORMAT = 1;
/** A file larger than this is not a tablet's backlog (and would not fit a tablet's memory well). */
export const MAX_UNSYNCED_FILE_BYTES = 50 * 1024 * 1024;

const uuid = lazySchema(() =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Identifiant invalide'),
);

/** Where a change was first made: the device and its mutation id there (its idempotency key). */
export const changeOriginSchema = lazySchema(() =>
  z.object({ deviceId: uuid, seq: z.number().int().positive() }),
);
export type ChangeOrigin = z.infer<typeof changeOriginSchema>;

const refusalSchema = lazySchema(() =>
  z.object({
    code: z.string().max(60),
    message: z.string().max(2000),
    fields: z.record(z.string().max(200), z.string().max(2000)).optional(),
    at: z.string().max(40),
    current: z
      .object({
        version: z.number().int().min(0),
        deleted: z.boolean(),
        data: z.record(z.string(), z.unknown()),
      })
      .nullable(),
  }),
);

/** One outbox entry as exported: a mutation, plus where it came from and the server's refusal if any. */
export const exportedChangeSchema = lazySchema(() =>
  mutationSchema.extend({
    /** A change the device took back is not exported: only changes of records. */
    op: z.enum(['put', 'delete']),
    /** Set when this change was itself imported: it keeps its first identity. */
    origin: changeOriginSchema.optional(),
    refused: refusalSchema.optional(),
  }),
);
export type ExportedChange = z.infer<typeof exportedChangeSchema>;

const recordSchema = lazySchema(() => z.looseObject({ id: uuid }));

export const exportedBlobSchema = lazySchema(() =>
  z.object({
    hash: blobHashSchema,
    type: z.string().max(200),
    /** The bytes, base64. */
    base64: z.string(),
  }),
);
export type ExportedBlob = z.infer<typeof exportedBlobSchema>;

export const unsyncedExportSchema = lazySchema(() =>
  z
    .object({
      kind: z.literal(UNSYNCED_EXPORT_KIND),
      format: z.literal(UNSYNCED_EXPORT_FORMAT).optional(),
      exportedAt: z.string().max(40),
      deviceId: uuid,
      user: z.object({ userId: uuid, structureId: uuid, name: z.string().max(200).optional() }).optional(),
      /** Changes not acknowledged by the server, oldest first. */
      outbox: z.array(exportedChangeSchema).max(100_000),
      /** The exporting device's state of every record those changes touch. */
      records: z.partialRecord(z.enum(SYNC_TABLES), z.array(recordSchema)),
      /** Open conflicts as the exporting device saw them (the server has them: informative). */
      conflicts: z.array(z.unknown()).max(100_000),
      /** Signatures and files those changes refer to that the server had not received yet. */
      blobs: z.array(exportedBlobSchema).max(10_000).optional(),
    })
    .refine((f) => f.outbox.every((e, i) => i === 0 || e.seq > f.outbox[i - 1]!.seq), {
      message: 'Les modifications du fichier ne sont pas dans l’ordre',
      path: ['outbox'],
    })
    .refine((f) => f.outbox.every((e) => (f.records[e.table] ?? []).some((r) => r.id === e.recordId)), {
      message: 'Une modification du fichier ne correspond à aucune fiche',
      path: ['records'],
    }),
);
export type UnsyncedExport = z.infer<typeof unsyncedExportSchema>;

/** The identity of a change: the device it was made on and its mutation id there. */
export const originOf = (file: Pick<UnsyncedExport, 'deviceId'>, change: ExportedChange): ChangeOrigin =>
  change.origin ?? { deviceId: file.deviceId, seq: change.seq };

export const originKey = (origin: ChangeOrigin): string => `${origin.deviceId}:${origin.seq}`;

export type UnsyncedFileProblem = 'not_json' | 'not_sillon' | 'invalid' | 'too_large';

export type ParsedUnsyncedFile =
  { ok: true; file: UnsyncedExport } | { ok: false; problem: UnsyncedFileProblem; message: string };

const PROBLEMS: Record<UnsyncedFileProblem, string> = {
  not_json: 'Ce fichier n’est pas un export Sillon (il ne se lit pas comme du JSON).',
  not_sillon: 'Ce fichier n’est pas un export de modifications non synchronisées de Sillon.',
  invalid: 'Ce fichier d’export est abîmé ou incomplet : rien n’a été importé.',
  too_large: 'Ce fichier est trop gros pour être un export de Sillon.',
};

/** Fields a device keeps for itself beside a record (its last server version, an index): never synced. */
const DEVICE_FIELDS = ['serverVersion', 'participations'];
const STRUCTURAL = { level: 'structural' } as const;
const sharedPart = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([field]) => !DEVICE_FIELDS.includes(field)));

/** Reads a file's text: the export, or a French reason why not (nothing is imported then). */
export const parseUnsyncedFile = (text: string): ParsedUnsyncedFile => {
  const fail = (problem: UnsyncedFileProblem): ParsedUnsyncedFile => ({
    ok: false,
    problem,
    message: PROBLEMS[problem],
  });
  if (text.length > MAX_UNSYNCED_FILE_BYTES) return fail('too_large');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('not_json');
  }
  if (typeof json !== 'object' || json === null || (json as { kind?: unknown }).kind !== UNSYNCED_EXPORT_KIND)
    return fail('not_sillon');
  const parsed = unsyncedExportSchema.safeParse(json);
  if (!parsed.success) return fail('invalid');
  // Each change must be one the server could merge: field names its table knows, safe JSON values.
  if (!parsed.data.outbox.every((c) => checkPatch(c.table, c.patch).ok)) return fail('invalid');
  // The records' copies are written here as they are: checked as a pulled record is.
  const copies = Object.entries(parsed.data.records) as [SyncTable, Record<string, unknown>[]][];
  if (
    !copies.every(([table, records]) =>
      records.every((r) => checkRecord(table, sharedPart(r), STRUCTURAL).ok),
    )
  )
    return fail('invalid');
  return { ok: true, file: parsed.data };
};

/** Tables whose changes follow another one's (an item's history line): not counted for people. */
const CONSEQUENCES: ReadonlySet<SyncTable> = new Set(['itemEvents']);

export interface UnsyncedFileSummary {
  exportedAt: string;
  /** Records changed, per table, each counted once (as the pending count does). */
  byTable: Partial<Record<SyncTable, number>>;
  records: number;
  changes: number;
  /** Changes the server had refused (they come back as refused, to correct or discard). */
  refused: number;
  deletions: number;
  conflicts: number;
  blobs: number;
}

/** What the file holds, in the words the confirmation shows. */
export const summariseUnsyncedFile = (file: UnsyncedExport): UnsyncedFileSummary => {
  const seen = new Set<string>();
  const byTable: Partial<Record<SyncTable, number>> = {};
  for (const change of file.outbox) {
    if (CONSEQUENCES.has(change.table)) continue;
    const key = `${change.table}:${change.recordId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    byTable[change.table] = (byTable[change.table] ?? 0) + 1;
  }
  return {
    exportedAt: file.exportedAt,
    byTable,
    records: seen.size,
    changes: file.outbox.length,
    refused: file.outbox.filter((c) => c.refused).length,
    deletions: new Set(file.outbox.filter((c) => c.op === 'delete').map((c) => `${c.table}:${c.recordId}`))
      .size,
    conflicts: file.conflicts.length,
    blobs: file.blobs?.length ?? 0,
  };
};
