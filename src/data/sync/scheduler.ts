// When the app syncs, in the browser: at start, when the network returns, when the app becomes
// visible, every few minutes, shortly after a local write, on demand, and when the service worker's
// `sync` event asks. Web Locks make one tab (of all the tabs of this origin) sync at a time.
import { getDb } from '../db';
import { onLocalWrite } from '../records';
import { syncOnce, type SyncProgress, type SyncResult } from './engine';
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
const setStatus = (next: Partial<SyncStatus>) => {
  status = { ...status, ...next };
  for (const listener of listeners) listener();
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

const withLock = async (fn: () => Promise<void>): Promise<void> => {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return fn();
  // Another tab holds it: that tab is syncing the same database.
  await locks.request('sillon-sync', { ifAvailable: true }, async (lock) => {
    if (lock) await fn();
  });
};

/** Runs one sync now (if none is running); failures of the link are retried with backoff. */
export const requestSync = async (): Promise<void> => {
  if (status.running) return;
  clearTimeout(retryTimer);
  await withLock(async () => {
    setStatus({ running: true, retryAt: undefined });
    try {
      const result = await syncOnce({
        db: getDb(),
        baseUrl: '',
        onProgress: (progress) => setStatus({ progress }),
      });
      failures = 0;
      setStatus({ running: false, progress: undefined, lastError: undefined, lastResult: result });
    } catch (error) {
      const e =
        error instanceof SyncError ? error : new SyncError('server', error instanceof Error ? error.message : '');
      setStatus({
        running: false,
        progress: undefined,
        lastError: { kind: e.kind, message: e.message, at: new Date().toISOString() },
      });
      if (e.kind === 'update') onUpdateRequired?.();
      if (e.transient) {
        const delay = backoffDelay(failures++);
        setStatus({ retryAt: new Date(Date.now() + delay).toISOString() });
        retryTimer = setTimeout(() => {
          if (typeof navigator === 'undefined' || navigator.onLine !== false) void requestSync();
        }, delay);
      }
    }
  });
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
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
    if ((event.data as { type?: string } | null)?.type === 'sillon-sync') soon();
  });
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
