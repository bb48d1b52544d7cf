// When the app syncs, in the browser: at start, when the network returns, when the app becomes
// visible, every few minutes, shortly after a local write, on demand, and when the service worker's
// `sync` event asks. Web Locks make one tab of a database sync at a time; the others queue, so a
// write made in one tab while another syncs is pushed right after (not at the next periodic attempt).
//
// The engine and the search's warm-up are loaded with the first sync, not with the scheduler: the
// sync chip starts it on every screen, and their modules (the record schemas, 40 ms of evaluation at
// CPU 4×) would otherwise be evaluated in one task right after the first paint.
import { getDb } from '../db';
import { onLocalWrite } from '../records';
import type { SyncProgress, SyncResult } from './engine';
import { SyncError, type SyncErrorKind } from './transport';

export interface SyncStatus {
  running: boolean;
  progress?: SyncProgress;
  lastError?: { kind: SyncErrorKind; message: string; at: string };
  lastResult?: SyncResult;
  /** Next automatic retry after a failure (backoff). */
  retryAt?: string;
}

let status: SyncStatus = { running: false };
const listeners = new Set<() => void>();
/** Tabs of the same database tell each other how their syncs go: every chip says the same. */
let channel: BroadcastChannel | undefined;
const SHARED = ['running', 'progress', 'lastError', 'lastResult'] as const;
const setStatus = (next: Partial<SyncStatus>, share = false) => {
  status = { ...status, ...next };
  for (const listener of listeners) listener();
  if (share && channel) {
    const shared = Object.fromEntries(SHARED.filter((key) => key in next).map((key) => [key, next[key] ?? null]));
    channel.postMessage({ type: 'status', status: shared });
  }
};
const fromOtherTab = (shared: Record<string, unknown>) => {
  const next: Partial<SyncStatus> = {};
  for (const key of SHARED) if (key in shared) Object.assign(next, { [key]: shared[key] ?? undefined });
  setStatus(next);
};
export const getSyncStatus = (): SyncStatus => status;
export const subscribeSyncStatus = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const PERIOD_MS = 5 * 60 * 1000;
const AFTER_WRITE_MS = 4000;
const MAX_BACKOFF_MS = 15 * 60 * 1000;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let onUpdateRequired: (() => void) | undefined;

/** Exponential backoff with jitter: tablets of one structure do not all retry in step. */
export const backoffDelay = (attempt: number, random: () => number = Math.random): number =>
  Math.min(MAX_BACKOFF_MS, 5000 * 2 ** Math.min(attempt, 12)) * (0.5 + random());

/** One lock per database: tabs of the same account take turns; another account's tab is not held up. */
const lockName = (): string => `sillon-sync:${getDb().name}`;

/**
 * Runs `fn` holding the database's sync lock. When another tab holds it (it is syncing), this tab
 * waits its turn in the Web Locks queue and then syncs: what was written here meanwhile is pushed as
 * soon as the other sync ends, not at the next periodic attempt.
 */
const withLock = async <T>(fn: () => Promise<T>): Promise<T> => {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return fn();
  return locks.request(lockName(), fn) as Promise<T>;
};

/** One sync; true when it succeeded. Failures of the link are retried with backoff. */
const runOnce = async (): Promise<boolean> => {
  clearTimeout(retryTimer);
  return withLock(async () => {
    syncing = true;
    setStatus({ running: true, retryAt: undefined }, true);
    try {
      const { syncOnce } = await import('./engine');
      const result = await syncOnce({
        db: getDb(),
        baseUrl: '',
        onProgress: (progress) => setStatus({ progress }, true),
      });
      failures = 0;
      setStatus({ running: false, progress: undefined, lastError: undefined, lastResult: result }, true);
      // Pulled records: the next search must not meet a cold index, nor the statistics stale aggregates.
      if (result.pulled > 0) {
        void import('../beneficiaries').then((m) => m.warmSearchWhenIdle(getDb())).catch(() => undefined);
        // Loaded here, not with the sync: the statistics' code stays off the first route.
        void import('../stats-client').then((m) => m.warmStatsWhenIdle(getDb())).catch(() => undefined);
      }
      return true;
    } catch (error) {
      const e =
        error instanceof SyncError ? error : new SyncError('server', error instanceof Error ? error.message : '');
      setStatus(
        {
          running: false,
          progress: undefined,
          lastError: { kind: e.kind, message: e.message, at: new Date().toISOString() },
        },
        true,
      );
      if (e.kind === 'update') onUpdateRequired?.();
      // This account's data is gone from the tablet: start again on the sign-in screen, which says so.
      if (e.kind === 'wiped' && typeof location !== 'undefined') location.assign('/connexion');
      if (e.transient) {
        const delay = backoffDelay(failures++);
        setStatus({ retryAt: new Date(Date.now() + delay).toISOString() });
        retryTimer = setTimeout(() => {
          if (typeof navigator === 'undefined' || navigator.onLine !== false) void requestSync();
        }, delay);
      }
      return false;
    } finally {
      syncing = false;
    }
  });
};

let cycle: Promise<boolean> | undefined;
/** A sync of this tab holds the lock (not merely waits for it). */
let syncing = false;
let again = false;

/**
 * Syncs now, or, if a sync of this tab is already running, once more right after it (a write made
 * during a sync is never left for the next periodic attempt). Resolves once done: true when the last
 * sync succeeded (the service worker's `sync` event waits for this).
 */
export const requestSync = (): Promise<boolean> => {
  if (cycle) {
    // Asked while syncing: what was just written may have missed this sync; while still waiting
    // for the lock, the coming sync will carry it.
    if (syncing) again = true;
    return cycle;
  }
  cycle = (async () => {
    let ok: boolean;
    do {
      again = false;
      ok = await runOnce();
    } while (again && ok);
    return ok;
  })().finally(() => {
    cycle = undefined;
  });
  return cycle;
};

let started = false;

/** Installs the triggers once for the page. */
export const startSyncScheduler = (options: { onUpdateRequired?: () => void } = {}): void => {
  onUpdateRequired = options.onUpdateRequired;
  if (started || typeof window === 'undefined') return;
  started = true;
  // With no network at all, an automatic attempt can only fail (and show « Synchronisation… » for
  // nothing): the `online` event brings the next one. « Synchroniser » still tries on demand.
  const soon = () => {
    if (navigator.onLine !== false) void requestSync();
  };
  window.addEventListener('online', () => {
    failures = 0;
    soon();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') soon();
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') soon();
  }, PERIOD_MS);
  // The service worker's `sync` event (public/sw-sync.js) asks for a sync and waits for the outcome
  // on the port it sends: the browser then knows whether to try again later.
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
    if ((event.data as { type?: string } | null)?.type !== 'sillon-sync') return;
    const port = event.ports[0];
    void requestSync().then((ok) => port?.postMessage({ type: 'sillon-sync-done', ok }));
  });
  if (typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(lockName());
    channel.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as { type?: string; status?: Record<string, unknown> } | null;
      if (data?.type === 'status' && data.status) fromOtherTab(data.status);
    });
  }
  let writeTimer: ReturnType<typeof setTimeout> | undefined;
  onLocalWrite(() => {
    clearTimeout(writeTimer);
    writeTimer = setTimeout(soon, AFTER_WRITE_MS);
    // Where the browser has Background Sync, the service worker wakes us when the network returns.
    void navigator.serviceWorker?.ready
      .then((r) => (r as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register('sillon-sync'))
      .catch(() => undefined);
  });
  soon();
};
