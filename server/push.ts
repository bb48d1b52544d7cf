// The push: a device's mutations applied exactly once and in order, in one transaction, each one
// checked before anything is written (docs/sync-protocol.md, « Push »). A change the server cannot
// accept (invalid record, role not allowed, foreign id or reference) is refused on its own: nothing of
// it is written, the rest of the batch is applied, and the answer lists it with its reason.
import { randomUUID } from 'node:crypto';

import { lieuOfRecord, type AnnuaireLieu } from '../src/domain/annuaire';
import { MAX_MERGE_HOPS } from '../src/domain/beneficiary-merge';
import { horairesError } from '../src/domain/lieu-hours';
import { checkLieuMediation } from '../src/domain/lieu-mediation-check';
import { UUID_PATTERN } from '../src/domain/limits';
import { mergeMutation, writableFields, type FieldStamps } from '../src/domain/merge';
import { actionOf, forbiddenMessage, may } from '../src/domain/permissions';
import { checkPatch, checkPatchValues, checkRecord, upgradePatch } from '../src/domain/record-check';
import { RECORD_SCHEMAS } from '../src/domain/record-schemas';
import { legacySingleton, singletonId, singletonOf, SINGLETON_TABLES } from '../src/domain/singletons';
import { anonymiseConflictValues, anonymisedMerge, anonymisedOnDeletion } from '../src/domain/retention';
import type {
  Mutation,
  PushRequest,
  PushResponse,
  RecordMutation,
  RefusedMutation,
} from '../src/domain/sync';
import type { Sql } from './db/sql';
import { HttpError } from './errors';
import type { Principal } from './store';
import { deviceStartSeq, type DeviceEpochRow } from './server-state';
import { PushRecords } from './push-records';
import { keepForwardAsConflicts, redirectedTo } from './push-merged';
import { rewriteConflicts } from './conflict-rewrite';
import { stampServerFields } from './push-creation';
import { readJson } from './stored';

interface PushState {
  version: number;
  conflicts: number;
}

type Refusal = Omit<RefusedMutation, 'seq'>;

const invalid = (
  check: { message: string; fields: Record<string, string> },
  current: Refusal['current'],
): Refusal => ({ code: 'invalid', message: check.message, fields: check.fields, current });

/** What a push decided; its caller writes it (the records and conflicts are in its PushRecords). */
export interface PushDecision {
  response: PushResponse;
  /** The structure's version once the push is applied. */
  version: number;
  /** The device's counter and the epoch in which it holds, once the push is applied. */
  lastSeq: number;
  epoch: string | null;
  now: string;
}

/**
 * The records a push names and those they refer to, gathered before anything is read: they are
 * read in one statement (server/push-records.ts, start).
 */
export const namedBy = (
  request: PushRequest,
): { targets: [string, string][]; referred: [string, string][] } => {
  const targets: [string, string][] = [];
  const referred: [string, string][] = [];
  for (const m of request.mutations) {
    targets.push([m.table, m.recordId]);
    for (const r of RECORD_SCHEMAS[m.table].references)
      // Only what looks like an id: the rest is refused by the checks, before any lookup.
      for (const id of r.ids(m.patch)) if (UUID_PATTERN.test(id)) referred.push([r.table, id]);
  }
  return { targets, referred };
};

/** The UPDATEs of both counters a decided push ends with. */
const counterUpdates = (principal: Principal, decision: PushDecision) => [
  {
    text: 'UPDATE structures SET last_version = ? WHERE id = ?',
    params: [decision.version, principal.structureId],
  },
  {
    text: 'UPDATE devices SET last_seq = ?, last_seen_at = ?, epoch = ? WHERE id = ?',
    params: [decision.lastSeq, decision.now, decision.epoch, principal.deviceId],
  },
];

export interface PushOptions {
  /** Another device's changes brought by a file (applyImportedPush): ids may have gaps. */
  imported?: boolean;
  /** Whether the request's mutation at this index was found to pass as a creation (push-precheck.ts). */
  prechecked?: (index: number) => boolean;
}

/**
 * Applies `request` inside the caller's transaction. Mutations at or below the device's last
 * applied id are skipped (a retried request changes nothing); the next one must follow it without a
 * gap, and no base version may exceed the structure's version: both are malformed requests (400,
 * nothing changed). On PostgreSQL a push is first tried in one call (server/push-one-call.ts); this
 * is the way that always holds, taken when that one finds what it read has changed.
 */
export const applyPush = async (
  sql: Sql,
  principal: Principal,
  request: PushRequest,
  clock: Date,
  options: PushOptions & {
    /** Called once the structure's version lock is taken (server/metrics.ts times the wait and the hold). */
    locked?: () => void;
  } = {},
): Promise<PushResponse> => {
  // What the push will read is gathered before the lock; the lock is then held from its first
  // statement to the commit, so each round trip inside it delays every other push of the structure.
  const { targets, referred } = namedBy(request);
  // The structure's counter first: every push of the structure waits here, so the device's row,
  // which only a push of its structure writes (its counter and epoch), needs no lock of its own.
  // SQLite's transaction is already exclusive.
  const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const structure = await sql.get<{ last_version: number }>(
    `SELECT last_version FROM structures WHERE id = ?${lock}`,
    [principal.structureId],
  );
  if (!structure) throw new HttpError(401, 'unauthorized', 'Appareil inconnu : reconnectez-vous.');
  options.locked?.();
  // The device, the records the push names and which structure holds those they refer to, in one
  // statement read after the lock is taken, so it sees every push committed before (server/push-records.ts).
  const records = new PushRecords(sql);
  const device = await records.start(principal.deviceId, targets, referred);
  if (!device) throw new HttpError(401, 'unauthorized', 'Appareil inconnu : reconnectez-vous.');
  const decision = await decidePush(
    sql,
    records,
    principal,
    request,
    clock,
    { version: Number(structure.last_version), device },
    options,
  );
  // The records, conflicts and both counters in as few statements as the database allows (one on
  // PostgreSQL, server/push-records.ts): the lock is released by the commit just after.
  await records.flush(counterUpdates(principal, decision));
  return decision.response;
};

/**
 * Decides a push from the structure's version and the device's row as read, and the records read by
 * `records` (which holds what is to be written): every check, merge and refusal of the push.
 */
export const decidePush = async (
  sql: Sql,
  records: PushRecords,
  principal: Principal,
  request: PushRequest,
  clock: Date,
  read: { version: number; device: DeviceEpochRow },
  options: PushOptions = {},
): Promise<PushDecision> => {
  const { device } = read;
  const state: PushState = { version: read.version, conflicts: 0 };
  const startSeq = deviceStartSeq(device, request);
  let lastSeq = startSeq;
  const now = clock.toISOString();
  const refused: RefusedMutation[] = [];
  let skipped = 0;
  for (const [index, mutation] of request.mutations.entries()) {
    if (mutation.seq <= lastSeq) {
      skipped++;
      continue;
    }
    if (mutation.seq !== lastSeq + 1 && !options.imported) {
      throw new HttpError(
        400,
        'seq_gap',
        'Les modifications de cet appareil ne se suivent pas : il en manque une.',
        { lastSeq, fields: { seq: `Attendu ${lastSeq + 1}` } },
      );
    }
    if (mutation.baseVersion > state.version) {
      throw new HttpError(
        400,
        'base_version_ahead',
        'Une modification se réfère à une version que le serveur n’a jamais eue.',
        { latest: state.version, fields: { baseVersion: `Au plus ${state.version}` } },
      );
    }
    if (mutation.op === 'withdraw') {
      // Taken back on the device before it was sent: its id is used up, nothing else happens.
      lastSeq = mutation.seq;
      continue;
    }
    const refusal = await applyMutation(
      sql,
      records,
      principal,
      mutation as RecordMutation,
      state,
      clock,
      now,
      options.prechecked?.(index),
    );
    if (refusal) refused.push({ seq: mutation.seq, ...refusal });
    else await anonymiseConflictsIfDeleted(sql, records, principal.structureId, mutation, state);
    lastSeq = mutation.seq;
  }
  for (const resolution of request.resolutions ?? []) {
    const row = await sql.get<{ structure_id: string; resolved_at: string | null }>(
      'SELECT structure_id, resolved_at FROM conflicts WHERE id = ?',
      [resolution.conflictId],
    );
    if (!row) continue;
    if (row.structure_id !== principal.structureId) {
      throw new HttpError(403, 'forbidden', 'Ce conflit n’appartient pas à votre structure.');
    }
    if (row.resolved_at) continue; // The first resolution stands; a repeat changes nothing.
    state.version++;
    await sql.run(
      'UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ?, version = ? WHERE id = ?',
      [now, principal.userId, resolution.choice, state.version, resolution.conflictId],
    );
  }
  // The device's counter holds in this epoch once one of its own mutations is taken in it; a push of
  // resolutions only, or an imported file, must not move it (after a restore, the device's next push
  // would then be read against the restored counter: seq_gap for ever, server-state.ts).
  const epoch = !options.imported && lastSeq > startSeq ? device.server_epoch : device.epoch;
  return {
    response: {
      ack: lastSeq,
      conflicts: state.conflicts,
      ...(refused.length ? { refused } : {}),
      ...(skipped ? { skipped } : {}),
    },
    version: state.version,
    lastSeq,
    epoch,
    now,
  };
};

/** One mutation: checked, merged, checked again as a whole record, then written; or refused. */
const applyMutation = async (
  sql: Sql,
  records: PushRecords,
  principal: Principal,
  mutation: RecordMutation,
  state: PushState,
  clock: Date,
  now: string,
  /**
   * True when the change was found, ahead and on another thread, to pass as a creation
   * (server/push-creation.ts, creationPasses): its patch check is then done, and so is its record
   * check if the record does not exist.
   */
  passesAsCreation = false,
): Promise<Refusal | undefined> => {
  const { table } = mutation;
  const patch = upgradePatch(table, mutation.patch, mutation.schemaVersion ?? 1);
  if (!patch)
    return {
      code: 'schema_unknown',
      message: 'Cette modification vient d’une version de Sillon que le serveur ne connaît pas.',
      current: null,
    };
  if (!passesAsCreation) {
    const patchCheck = checkPatch(table, patch);
    if (!patchCheck.ok) return invalid(patchCheck, null);
  }

  // A structure's singletons (template, settings) have an id derived from the structure; the one
  // fixed id of the first version is read as this structure's own.
  let recordId = mutation.recordId;
  if (SINGLETON_TABLES.has(table)) {
    const legacy = legacySingleton(table, recordId);
    if (legacy) recordId = singletonId(principal.structureId, legacy);
    else if (!singletonOf(principal.structureId, table, recordId))
      return {
        code: 'wrong_id',
        message: 'Ce réglage n’est pas celui de votre structure : synchronisez puis recommencez.',
        current: null,
      };
  }

  const readRow = (id: string) => records.get(table, id);
  let row = await readRow(recordId);
  // An edit of a beneficiary merged into another (a colleague's, made before she heard of the merge)
  // goes to the one kept, by the merge rule (src/domain/merge.ts, redirectOf), merges of merges followed.
  for (let hops = 0; hops < MAX_MERGE_HOPS && row; hops++) {
    const kept = redirectedTo(row, principal.structureId, mutation, patch);
    if (kept === undefined) break;
    recordId = kept;
    row = await readRow(recordId);
  }
  if (row && row.structure_id !== principal.structureId)
    return {
      code: 'foreign_record',
      message: 'Cet identifiant est déjà celui d’un enregistrement d’une autre structure.',
      current: null,
    };
  const storedData = row ? readJson<Record<string, unknown>>(row.data) : undefined;
  const current = row
    ? { version: Number(row.version), deleted: row.deleted === 1, data: storedData ?? {} }
    : null;
  if (row && (!storedData || typeof storedData !== 'object'))
    return {
      code: 'invalid',
      message: 'Cet enregistrement est illisible sur le serveur : prévenez l’administrateur.',
      current,
    };

  const deletes = mutation.op === 'delete' || patch.deleted === true;
  const action = actionOf(!!row, row?.deleted === 1, deletes);
  if (!may(principal, table, action, storedData))
    return { code: 'forbidden', message: forbiddenMessage(table, action), current };

  // A deleted beneficiary's personal data is never written, in her record or in a conflict.
  const merged = anonymisedMerge(
    table,
    mergeMutation({
      stored: row
        ? {
            data: storedData!,
            stamps: readJson<FieldStamps>(row.field_versions) ?? {},
            deleted: row.deleted === 1,
          }
        : undefined,
      change: { op: mutation.op, patch, baseVersion: mutation.baseVersion },
      author: principal,
      version: state.version,
    }),
    row?.deleted === 1,
  );

  if (!merged.record) {
    // An edit that met a deletion: only kept in a conflict, whose values must be valid too.
    const values = checkPatchValues(table, writableFields(patch, true));
    if (!values.ok) return invalid(values, current);
  } else {
    const { data } = merged.record;
    stampServerFields(data, { recordId, writer: principal, created: !row, at: mutation.at, clock, now });
    // A creation is the patch (guarded by checkPatch) and the fields set here: its JSON is not walked
    // again. A record that existed may hold what an older server stored unchecked: walked as a whole.
    if (row || !passesAsCreation) {
      const check = checkRecord(table, data, { level: 'full', now: clock, guarded: !row });
      if (!check.ok) return invalid(check, current);
    }
    // A lieu of the directory passes the national schema, as every import checks it (the library,
    // then the opening hours): a coordinateur's tablet must not publish what an import would refuse.
    if (table === 'annuaire' && !merged.record.deleted) {
      const lieu = checkLieuMediation(lieuOfRecord(data as unknown as AnnuaireLieu));
      if (!lieu.ok)
        return invalid(
          {
            message: `Lieu refusé par le schéma national : ${lieu.messages.join(' ; ')}`,
            fields: { _record: lieu.messages[0] ?? '' },
          },
          current,
        );
    }
    // A lieu d'activité's opening hours are OSM opening_hours, as the national schema asks (its export).
    if (table === 'lieux' && !merged.record.deleted && typeof data.horaires === 'string') {
      const wrong = horairesError(data.horaires);
      if (wrong) return invalid({ message: wrong, fields: { horaires: wrong } }, current);
    }
    const unknown = await unknownReferences(records, principal.structureId, table, data, storedData);
    if (unknown)
      return {
        code: 'unknown_reference',
        message: 'Cet enregistrement fait référence à un autre qui n’existe pas dans votre structure.',
        fields: unknown,
        current,
      };
    // A record may name only files its structure holds (uploaded, type checked): naming someone
    // else's hash must not make it readable here (server/blobs.ts).
    const before = new Set(row ? (readJson<string[]>(row.blobs) ?? []) : []);
    const added = RECORD_SCHEMAS[table].blobs(data).filter((h) => !before.has(h));
    if (added.length && (await missingBlobs(sql, principal.structureId, added)).length)
      return {
        code: 'unknown_blob',
        message:
          'Un fichier joint (signature, PDF ou photo) n’a pas été reçu par le serveur, ou il a été refusé.',
        current,
      };
  }

  state.version = merged.version;
  state.conflicts += merged.conflicts.length;
  for (const conflict of merged.conflicts) {
    records.addConflict([
      randomUUID(),
      principal.structureId,
      table,
      recordId,
      conflict.field,
      JSON.stringify(conflict.keptValue ?? null),
      JSON.stringify(conflict.lostValue ?? null),
      conflict.keptBy ?? null,
      conflict.lostBy ?? null,
      now,
      conflict.version,
    ]);
  }
  if (!merged.record) return undefined;
  const { data, stamps, deleted, version } = merged.record;
  // What the record names, read from the record itself (never the device's list); a tombstone names none.
  const blobs = deleted ? [] : RECORD_SCHEMAS[table].blobs(data);
  records.write(
    table,
    recordId,
    {
      structure_id: principal.structureId,
      version,
      deleted: deleted ? 1 : 0,
      data: JSON.stringify(data),
      field_versions: JSON.stringify(stamps),
      blobs: JSON.stringify(blobs),
    },
    now,
  );
  // A merge's deletion carries colleagues' edits of the merged-away record to the kept one, each as
  // that colleague's change (src/domain/merge.ts). One the kept record would not hold is still kept,
  // as conflicts on it to review: never dropped with the deleted record.
  for (const forward of merged.forwarded ?? []) {
    const forwarded: RecordMutation = {
      seq: mutation.seq,
      table,
      recordId: forward.recordId,
      op: forward.change.op,
      patch: forward.change.patch,
      baseVersion: forward.change.baseVersion,
      at: now,
      schemaVersion: RECORD_SCHEMAS[table].version,
    };
    const author = { ...principal, ...forward.author };
    const refusal = await applyMutation(sql, records, author, forwarded, state, clock, now);
    if (refusal) await keepForwardAsConflicts(records, principal.structureId, forward, state, now);
  }
  return undefined;
};

/** Hashes among `hashes` whose bytes the structure does not hold. */
const missingBlobs = async (sql: Sql, structureId: string, hashes: string[]): Promise<string[]> => {
  const rows = await sql.all<{ hash: string }>(
    `SELECT hash FROM blob_owners WHERE structure_id = ? AND hash IN (${hashes.map(() => '?').join(', ')})`,
    [structureId, ...hashes],
  );
  const held = new Set(rows.map((r) => r.hash));
  return hashes.filter((h) => !held.has(h));
};

/**
 * References this change adds (ids it names that the record did not name before) that are not
 * records of the structure, by field; undefined when all are. Records written earlier in the same
 * push are visible here (same transaction).
 */
const unknownReferences = async (
  records: PushRecords,
  structureId: string,
  table: Mutation['table'],
  data: Record<string, unknown>,
  before: Record<string, unknown> | undefined,
): Promise<Record<string, string> | undefined> => {
  // Run for every record of a push: a creation (no `before`) makes no set or copy of its ids.
  let unknown: Record<string, string> | undefined;
  for (const reference of RECORD_SCHEMAS[table].references) {
    const ids = reference.ids(data);
    if (ids.length === 0) continue;
    const had = before ? new Set(reference.ids(before)) : undefined;
    const added = had?.size ? ids.filter((id) => !had.has(id)) : ids;
    if (added.length === 0) continue;
    if (!(await records.allOf(reference.table, added, structureId)))
      (unknown ??= {})[reference.field] = 'Enregistrement introuvable';
  }
  return unknown;
};

/**
 * Personal data leaves with its owner, in the transaction of the push: once a beneficiary is
 * deleted (by this mutation or before), the conflicts of her record that hold personal data are
 * anonymised (src/domain/retention.ts; her tombstone and the conflicts this push creates were
 * written anonymised by `applyMutation`). Each conflict changed here gets a new version, so that
 * every device receives the anonymised values with its next pull.
 */
const anonymiseConflictsIfDeleted = async (
  sql: Sql,
  records: PushRecords,
  structureId: string,
  mutation: Mutation,
  state: { version: number },
): Promise<void> => {
  if (!anonymisedOnDeletion(mutation.table)) return;
  const row = await records.get(mutation.table, mutation.recordId);
  if (row?.structure_id !== structureId || row.deleted !== 1) return;
  // This push's own conflicts of the record are anonymised too: written before they are read.
  await records.flushConflicts();
  await rewriteConflicts(
    sql,
    { structureId, table: mutation.table, id: mutation.recordId },
    state,
    (values) => anonymiseConflictValues({ table: mutation.table, ...values }),
  );
};
