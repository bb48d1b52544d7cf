import { MAX_MUTATIONS_PER_PUSH, MAX_PULL_LIMIT, type PullResponse, type PurgeMarks, type PushResponse, type Resolution } from '../../domain/sync';
import { decodePullChunks } from '../../domain/sync-page';
import { readyBlob } from '../crypto/at-rest';
import type { OutboxEntry, SillonDB } from '../db';
import { getDeviceId, getMeta, setMeta } from '../meta';
import { LAST_SUCCESS_KEY } from './pending';
import { CURSOR_KEY, RESYNC_KEY, applyPage, dropVanished, type StoredConflict } from './apply';
import { forgetAcked, recoverAfterRestore, rememberAcked } from './epoch';
import { refreshMembers } from './members';
import { collectBlobsDaily, dropPurged, dropVanishedConflicts } from './retention';
import { nextMutations, refusedByRecord, sendableCount, settlePush } from './refusals';
import { getSession, markRevoked } from './session';
import { SyncError, apiRequest, type TransportOptions } from './transport';
import { wipeAccount } from './wipe';
import { yieldToInterface } from '../yield-to-interface';

export const BATCH_KEY = 'sync.batch';
export const MISSING_BLOBS_KEY = 'sync.missingBlobs';

export interface SyncProgress {
  phase: 'push' | 'pull' | 'blobs';
  /** Pull: server versions received so far and the structure's latest (first sync of a big structure). */
  done: number;
  total: number;
}

export interface EngineOptions {
  db: SillonDB;
  /** The server's origin ('' in the browser: same origin). */
  baseUrl: string;
  /** Injected so that tests can drop, lose, duplicate or delay requests. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Largest batch of mutations per push (it shrinks after a 413 or a timeout). */
  maxPushBatch?: number;
  pullLimit?: number;
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncResult {
  pushed: number;
  /** Changes the server refused in this sync (kept on the device, marked: src/data/sync/refusals.ts). */
  refused: number;
  pulled: number;
  conflicts: number;
  resynced: boolean;
}

const DEFAULT_BATCH = 50;

/**
 * One complete synchronisation of one device database: push the outbox (in order, in batches, each
 * acknowledged before it leaves the outbox), then pull the structure's changes from the saved cursor
 * until caught up, then repeat if the advisor wrote meanwhile. Safe to interrupt at any point: every
 * step is idempotent on the server and atomic on the device.
 */
export const syncOnce = async (options: EngineOptions): Promise<SyncResult> => {
  const { db } = options;
  const session = await getSession(db);
  if (!session?.token) throw new SyncError('signed_out', 'Connectez-vous pour synchroniser.');
  if (session.revoked) throw new SyncError('unauthorized', 'Cet appareil n’est plus autorisé : reconnectez-vous.');
  const transport: TransportOptions = {
    baseUrl: options.baseUrl,
    token: session.token,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const result: SyncResult = { pushed: 0, pulled: 0, conflicts: 0, resynced: false, refused: 0 };
  try {
    // A captive portal answers anything: only a response signed by Sillon lets the sync go on.
    const health = await apiRequest<{ epoch?: string }>(transport, 'GET', '/health');
    // A restored server lacks what was written since its backup: this device sends its part again.
    const epoch = await recoverAfterRestore(db, transport, health?.epoch, async () => {
      const pulled = await pullAll(options, transport);
      result.pulled += pulled.records;
      result.resynced = true;
    });
    for (let round = 0; round < 5; round++) {
      const push = await pushAll(options, transport, epoch);
      if (push.behind) await setMeta(db, RESYNC_KEY, true);
      result.pushed += push.pushed;
      result.refused += push.refused;
      const pulled = await pullAll(options, transport);
      result.pulled += pulled.records;
      result.conflicts += pulled.conflicts;
      result.resynced ||= pulled.resynced;
      if ((await sendableCount(db)) === 0 && (await pendingResolutions(db)).length === 0) break;
    }
    await downloadMissingBlobs(options, transport);
    await refreshMembers(db, transport);
    await collectBlobsDaily(db);
    await setMeta(db, LAST_SUCCESS_KEY, new Date().toISOString());
    return result;
  } catch (error) {
    if (error instanceof SyncError && error.body?.error === 'device_wiped') await wipeAfterPush(options, transport);
    if (error instanceof SyncError && error.kind === 'unauthorized') await markRevoked(db);
    throw error;
  }
};

/**
 * « Effacer » (src/data/sync/wipe.ts): push what may still be pushed (best effort: a change the
 * server refuses, or a link that fails now, cannot be kept anyway), say so, erase, and report it.
 */
const wipeAfterPush = async (options: EngineOptions, transport: TransportOptions): Promise<never> => {
  try {
    await pushAll(options, transport);
  } catch {
    // What could not be sent is erased with the rest: the coordinateur asked for it.
  }
  await apiRequest(transport, 'POST', '/device/wiped').catch(() => undefined);
  await wipeAccount(options.db);
  throw new SyncError(
    'wiped',
    'Un coordinateur a demandé l’effacement de cet appareil : les données de ce compte ont été effacées de la tablette.',
  );
};

const pendingResolutions = async (db: SillonDB): Promise<StoredConflict[]> =>
  ((await db.conflicts.toArray()) as StoredConflict[]).filter((c) => c.resolutionPending);

/** Devices whose changes were imported here and wait to be sent (src/data/sync/import.ts). */
const importedOrigins = async (db: SillonDB): Promise<string[]> => {
  const origins = new Set<string>();
  await db.outbox.each((e) => {
    if (e.origin && !e.refused) origins.add(e.origin.deviceId);
  });
  return [...origins];
};

/**
 * Pushes the outbox: first the changes imported from other devices' files (each device's under its
 * own ids: the server applies them once, whoever brings them), then this device's own. A file the
 * server refuses as a whole is marked refused and does not hold the others back. `behind`:
 * the server had already applied some imported change, so what this device shows of its records may
 * be older than the server's: the pull that follows starts again from zero.
 */
const pushAll = async (
  options: EngineOptions,
  transport: TransportOptions,
  epoch?: string,
): Promise<{ pushed: number; refused: number; behind: boolean }> => {
  const total = { pushed: 0, refused: 0, behind: false };
  for (const origin of [...(await importedOrigins(options.db)), undefined]) {
    const result = await pushFrom(options, transport, origin, epoch);
    total.pushed += result.pushed;
    total.refused += result.refused;
    total.behind ||= result.behind;
  }
  return total;
};

const pushFrom = async (
  options: EngineOptions,
  transport: TransportOptions,
  origin: string | undefined,
  epoch: string | undefined,
): Promise<{ pushed: number; refused: number; behind: boolean }> => {
  const { db } = options;
  let behind = false;
  const deviceId = await getDeviceId(db);
  const max = Math.min(options.maxPushBatch ?? DEFAULT_BATCH, MAX_MUTATIONS_PER_PUSH);
  let batch = Math.min((await getMeta<number>(db, BATCH_KEY)) ?? max, max);
  let pushed = 0;
  let refusedCount = 0;
  const total = await sendableCount(db);
  // Changes the server refused stay aside; the next change of their record carries them.
  const refused = await refusedByRecord(db);
  for (;;) {
    const sent = await nextMutations(db, batch, refused, origin);
    const { entries, mutations } = sent;
    // Resolutions go with this device's own changes.
    const conflicts = origin ? [] : await pendingResolutions(db);
    if (entries.length === 0 && conflicts.length === 0) break;
    await uploadBlobs(db, transport, mutations.flatMap((m) => m.blobs ?? []));
    const resolutions: Resolution[] = conflicts.map((c) => ({ conflictId: c.id, choice: c.resolution ?? 'kept' }));
    let response: PushResponse;
    try {
      response = await apiRequest<PushResponse>(transport, 'POST', '/sync/push', {
        deviceId,
        ...(origin ? { importedFrom: origin } : {}),
        mutations,
        ...(resolutions.length ? { resolutions } : {}),
        // An imported change is counted against its own device, which this epoch says nothing of.
        ...(epoch && !origin ? { epoch } : {}),
      });
    } catch (error) {
      // The link cannot carry this much: halve the batch and try again at once (down to one).
      if (error instanceof SyncError && (error.kind === 'too_large' || error.kind === 'timeout') && batch > 1) {
        batch = Math.max(1, Math.floor(batch / 2));
        await setMeta(db, BATCH_KEY, batch);
        continue;
      }
      // An imported file the server will not take as a whole (a colleague's, another structure's
      // tablet, exported before a restore of the server): its changes are refused like any other,
      // shown to be discarded, and the other files' and this device's own changes still leave.
      if (origin && error instanceof SyncError && REFUSED_IMPORT.has(error.kind)) {
        await refuseBatch(db, entries, error);
        refusedCount += entries.length;
        continue;
      }
      throw error;
    }
    // Only what the server acknowledged leaves the outbox: an entry written meanwhile has a higher seq.
    // A refused change stays, marked, for the advisor to correct or discard.
    await db.transaction('rw', db.outbox, db.conflicts, db.meta, async () => {
      await settlePush(db, sent, response, refused);
      // The ack counts in the ids sent (the origin device's, for imported changes).
      await rememberAcked(
        db,
        entries.filter((e, i) => !e.withdrawn && mutations[i]!.seq <= response.ack),
      );
      for (const c of conflicts) await db.conflicts.update(c.id, { resolutionPending: false } as Partial<StoredConflict>);
    });
    refusedCount += response.refused?.length ?? 0;
    if (origin && response.skipped) behind = true;
    pushed += mutations.filter((m) => m.seq <= response.ack).length;
    options.onProgress?.({ phase: 'push', done: pushed, total });
    // The link carried this batch: grow back towards the maximum.
    if (batch < max) {
      batch = Math.min(max, batch * 2);
      await setMeta(db, BATCH_KEY, batch);
    }
    if (mutations.length > 0 && response.ack < mutations[mutations.length - 1]!.seq) {
      throw new SyncError('server', 'Le serveur n’a pas tout accepté.');
    }
  }
  return { pushed, refused: refusedCount, behind };
};

/** Answers to an imported file's push that concern the file, not the link or this device. */
const REFUSED_IMPORT: ReadonlySet<SyncError['kind']> = new Set(['forbidden', 'invalid', 'conflict']);

const refuseBatch = async (db: SillonDB, entries: OutboxEntry[], error: SyncError, now = new Date()): Promise<void> => {
  const refused = { code: error.body?.error ?? error.kind, message: error.message, at: now.toISOString(), current: null };
  await db.transaction('rw', db.outbox, async () => {
    for (const entry of entries) await db.outbox.update(entry.seq!, { refused });
  });
};

/**
 * Records per pull page by default. A first sync of a big structure on a slow link is bounded by
 * its bytes, not by its round trips: large pages cost few round trips and compress better (brotli
 * finds more repeats in a larger body), and the timeout halves them on a link that cannot carry them.
 */
export const DEFAULT_PULL_LIMIT = 2000;

/**
 * A response's text as it arrives: a pull page is parsed while it travels, chunk after chunk,
 * instead of in one task when it has all arrived (`response.text()` of 1.5 MB, then its decoding).
 */
async function* bodyText(response: Response): AsyncGenerator<string> {
  if (!response.body || typeof TextDecoderStream === 'undefined') {
    yield await response.text();
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

const pullAll = async (
  options: EngineOptions,
  transport: TransportOptions,
): Promise<{ records: number; conflicts: number; resynced: boolean }> => {
  const { db } = options;
  let limit = Math.min(options.pullLimit ?? DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT);
  let resync = (await getMeta<boolean>(db, RESYNC_KEY)) ?? false;
  let cursor = resync ? 0 : ((await getMeta<number>(db, CURSOR_KEY)) ?? 0);
  // A pull from zero (a resync, or a first pull) brings everything the server has: records it did
  // not send are then dropped (dropVanished).
  let trackSeen = cursor === 0 ? new Set<string>() : undefined;
  const counts = { records: 0, conflicts: 0, resynced: resync };
  let marks: PurgeMarks | undefined;
  const request = (from: number, size: number) => {
    const pending = apiRequest<PullResponse>(
      transport,
      'GET',
      `/sync/pull?cursor=${from}&limit=${size}`,
      undefined,
      {},
      (response) => decodePullChunks(bodyText(response), yieldToInterface),
    );
    pending.catch(() => undefined); // awaited later, or dropped with a failed page
    return pending;
  };
  // The next page is asked for as soon as a page arrives, and travels while this one is applied:
  // the link never waits for the tablet. Pages are still applied one after the other, each with
  // its cursor, so an interrupted pull resumes after the last page applied.
  let next: Promise<PullResponse> | undefined;
  for (;;) {
    let page: PullResponse;
    try {
      page = await (next ?? request(cursor, limit));
    } catch (error) {
      next = undefined;
      if (error instanceof SyncError && error.kind === 'resync' && !resync) {
        // Offline longer than the server keeps deletions: start again from zero, outbox untouched.
        resync = true;
        counts.resynced = true;
        await setMeta(db, RESYNC_KEY, true);
        trackSeen = new Set<string>();
        cursor = 0;
        continue;
      }
      if (error instanceof SyncError && error.kind === 'timeout' && limit > 10) {
        limit = Math.max(10, Math.floor(limit / 2));
        continue;
      }
      throw error;
    }
    next = page.more ? request(page.cursor, limit) : undefined;
    const blobs = await applyPage(db, page, trackSeen);
    if (blobs.length) await rememberBlobs(db, blobs);
    counts.records += page.records.length;
    counts.conflicts += page.conflicts.length;
    cursor = page.cursor;
    marks = page.purged ?? marks;
    options.onProgress?.({ phase: 'pull', done: cursor, total: page.latest });
    if (!page.more) break;
  }
  if (trackSeen) {
    await dropVanished(db, trackSeen, yieldToInterface);
    await dropVanishedConflicts(db, trackSeen);
    if (resync) await setMeta(db, RESYNC_KEY, false);
  }
  // Caught up past the server's purge marks: what it forgot goes here too.
  if (marks) await dropPurged(db, marks);
  await forgetAcked(db);
  return counts;
};

// ------------------------------------------------------------------ blobs

const uploadBlobs = async (db: SillonDB, transport: TransportOptions, hashes: string[]): Promise<void> => {
  for (const hash of new Set(hashes)) {
    const blob = await db.blobs.get(hash);
    if (!blob || blob.uploaded) continue;
    // PUT by hash is idempotent: a retry after a lost answer stores nothing twice.
    try {
      await apiRequest(transport, 'PUT', `/blobs/${hash}`, blob.data, { 'Content-Type': blob.type || 'application/octet-stream' });
    } catch (error) {
      // A file the server refuses (not a PDF or an image: 415; its structure's space full: 507) must
      // not stop the sync: the change naming it is then refused on its own (« unknown_blob »), shown
      // to the advisor, and the upload is tried again with the next change of that record.
      if (error instanceof SyncError && (error.status === 415 || error.status === 507 || error.kind === 'invalid')) continue;
      throw error;
    }
    await db.blobs.update(hash, { uploaded: true });
  }
};

const rememberBlobs = async (db: SillonDB, hashes: string[]): Promise<void> => {
  const missing: string[] = [];
  for (const hash of hashes) if (!(await db.blobs.get(hash))) missing.push(hash);
  if (!missing.length) return;
  const known = (await getMeta<string[]>(db, MISSING_BLOBS_KEY)) ?? [];
  await setMeta(db, MISSING_BLOBS_KEY, [...new Set([...known, ...missing])]);
};

/** Signatures and PDFs of colleagues' records: fetched after the records, retried at the next sync. */
const downloadMissingBlobs = async (options: EngineOptions, transport: TransportOptions): Promise<void> => {
  const { db } = options;
  const missing = (await getMeta<string[]>(db, MISSING_BLOBS_KEY)) ?? [];
  const left: string[] = [];
  for (const hash of missing) {
    if (await db.blobs.get(hash)) continue;
    try {
      const data = await readyBlob(await apiRequest<Blob>(transport, 'GET', `/blobs/${hash}`));
      await db.blobs.put({ hash, type: data.type, size: data.size, data, uploaded: true });
    } catch (error) {
      if (error instanceof SyncError && error.kind === 'invalid') continue; // 404: never uploaded; nothing to wait for
      left.push(hash);
    }
  }
  await setMeta(db, MISSING_BLOBS_KEY, left);
};
