// The main thread's side of the statistics worker. Falls back to computing in-thread where
// workers are unavailable (tests in jsdom, very old browsers).
import type { StatsFilters } from '../domain/stats';
import { rootSecret } from './crypto/root-secret';
import type { SillonDB } from './db';
import {
  beneficiariesExportFor,
  type BeneficiariesExportFile,
  type BeneficiariesExportRequest,
} from './beneficiaries-export';
import { toDay } from '../domain/dates';
import {
  exportFor,
  statsFor,
  statsFromStoredPeriod,
  warmStats,
  type ExportFile,
  type ExportRequest,
  type StatsResult,
} from './stats';

/** What a warm-up rebuilt: months and people whose aggregates were stale. */
export interface WarmResult {
  months: number;
  people: number;
}

type StatsOperation =
  | { op: 'stats'; filters: StatsFilters; today: string }
  | { op: 'warm'; from: string; to: string; today: string }
  | { op: 'export'; filters: StatsFilters; today: string; export: ExportRequest }
  | { op: 'beneficiaries'; export: BeneficiariesExportRequest };

/** `root`: the account's root secret, so that the worker opens the sealed rows (src/data/crypto). */
export type StatsWorkerRequest = StatsOperation & { id: number; dbName: string; root: Uint8Array };

export type StatsWorkerResponse =
  | { id: number; ok: true; result: StatsResult | ExportFile | BeneficiariesExportFile | WarmResult }
  | { id: number; ok: false; error: string };

export interface StatsClient {
  stats: (filters: StatsFilters, today: string) => Promise<StatsResult>;
  /** Rebuilds the stale aggregates of [from, to] and keeps its calendar years' figures (stats.ts warmStats). */
  warm: (from: string, to: string, today: string) => Promise<WarmResult>;
  exportFile: (filters: StatsFilters, today: string, request: ExportRequest) => Promise<ExportFile>;
  /** The beneficiaries list's exports (src/data/beneficiaries-export.ts). */
  exportBeneficiaries: (request: BeneficiariesExportRequest) => Promise<BeneficiariesExportFile>;
  dispose: () => void;
}

const inThread = (db: SillonDB): StatsClient => ({
  stats: (filters, today) => statsFor(db, filters, today),
  warm: (from, to, today) => warmStats(db, from, to, today),
  exportFile: (filters, today, request) => exportFor(db, filters, today, request),
  exportBeneficiaries: (request) => beneficiariesExportFor(db, request),
  dispose: () => undefined,
});

/**
 * Marked people the main thread rebuilds before it answers from a stored period (a few sessions
 * saved since); past this, the worker does it.
 */
const MAIN_THREAD_PEOPLE = 64;

/**
 * The worker, started at its first use: a period kept summed (stats-periods.ts) is one row, read and
 * finished on the main thread in a few milliseconds, sooner than a worker starts (its module, its
 * database connection); everything else goes to the worker.
 */
export const createStatsClient = (db: SillonDB): StatsClient => {
  if (typeof Worker === 'undefined' || import.meta.env.MODE === 'test') return inThread(db);
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    if (worker) return worker;
    const w = new Worker(new URL('./stats.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (event: MessageEvent<StatsWorkerResponse>) => {
      const response = event.data;
      const waiter = pending.get(response.id);
      if (!waiter) return;
      pending.delete(response.id);
      if (response.ok) waiter.resolve(response.result as never);
      else waiter.reject(new Error(response.error));
    };
    w.onerror = (event) => {
      for (const waiter of pending.values()) waiter.reject(new Error(event.message || 'Erreur du calcul'));
      pending.clear();
    };
    worker = w;
    return w;
  };
  let fallback: StatsClient | undefined;
  const call = <T>(request: StatsOperation): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let w: Worker;
      try {
        w = start();
      } catch {
        // No module worker here: computed in-thread, as in the tests.
        fallback ??= inThread(db);
        const f = fallback;
        const op =
          request.op === 'stats'
            ? f.stats(request.filters, request.today)
            : request.op === 'warm'
              ? f.warm(request.from, request.to, request.today)
              : request.op === 'export'
                ? f.exportFile(request.filters, request.today, request.export)
                : f.exportBeneficiaries(request.export);
        (op as Promise<T>).then(resolve, reject);
        return;
      }
      const id = ++next;
      pending.set(id, { resolve: resolve as (v: never) => void, reject });
      let root: Uint8Array;
      try {
        root = rootSecret(db.name);
      } catch (error) {
        pending.delete(id);
        reject(error as Error);
        return;
      }
      const message: StatsWorkerRequest = { ...request, id, dbName: db.name, root };
      w.postMessage(message);
    });
  return {
    stats: async (filters, today) =>
      (await statsFromStoredPeriod(db, filters, today, MAIN_THREAD_PEOPLE).catch(() => undefined)) ??
      call<StatsResult>({ op: 'stats', filters, today }),
    warm: (from, to, today) => call<WarmResult>({ op: 'warm', from, to, today }),
    exportFile: (filters, today, request) => call<ExportFile>({ op: 'export', filters, today, export: request }),
    exportBeneficiaries: (request) => call<BeneficiariesExportFile>({ op: 'beneficiaries', export: request }),
    dispose: () => {
      worker?.terminate();
      for (const waiter of pending.values()) waiter.reject(new Error('Calcul interrompu'));
      pending.clear();
    },
  };
};

/** The period a warm-up rebuilds: last year and this one (the statistics' quick periods). */
export const warmPeriod = (now: Date): { from: string; to: string } => {
  const year = now.getFullYear();
  return { from: `${year - 1}-01-01`, to: `${year}-12-31` };
};

/**
 * After a sync that pulled records: this year's and last year's aggregates rebuilt by the worker in
 * idle time, so that the statistics' next call reads stored rows instead of the pulled records.
 */
export const warmStatsWhenIdle = (db: SillonDB, now: Date = new Date()): void => {
  const run = () => {
    const client = createStatsClient(db);
    const { from, to } = warmPeriod(now);
    void client
      .warm(from, to, toDay(now))
      .catch(() => undefined)
      .finally(() => client.dispose());
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 10_000 });
  else setTimeout(run, 1_000);
};
