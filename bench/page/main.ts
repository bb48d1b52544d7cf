// Window functions the local-data benchmark calls (bench/sections/local-data.ts; the directory's
// are in annuaire.ts). Every measured
// operation is the app's own code: searchBeneficiaries, listBeneficiaries, createActivity (record +
// outbox in one transaction), importBeneficiaries (a file's people, with their outbox entries), the
// statistics worker. Seeding hands chunks of 1,000 records to the
// app's bulk write (src/data/bulk-write.ts: slices of about 20 ms of work, each its own transaction,
// awaited), bypassing the outbox as a pull does.
import { createActivity } from '../../src/data/activities';
import { bulkWrite } from '../../src/data/bulk-write';
import { chooseCode, enrolAtSignIn, lockNow, unlockWithCode } from '../../src/data/crypto/lock';
import { listBeneficiaries, searchBeneficiaries, warmSearch } from '../../src/data/beneficiaries';
import { SillonDB } from '../../src/data/db';
import { accompaniedBefore } from '../../src/data/stats';
import { refreshAggregates } from '../../src/data/stats-aggregates';
import { createStatsClient, warmPeriod } from '../../src/data/stats-client';
import { importBeneficiaries } from '../../src/data/beneficiaries-import';
import { activityInputSchema } from '../../src/domain/activity';
import { beneficiaryInputSchema } from '../../src/domain/beneficiary';
import type { ImportRow } from '../../src/domain/beneficiaries-import';
import { SeedGenerator, type SeedCommune } from '../../src/domain/seed';
import { computeStats } from '../../src/domain/stats';
import { syncOnce, type SyncProgress } from '../../src/data/sync/engine';
import { yieldToInterface } from '../../src/data/yield-to-interface';
import { signIn } from '../../src/data/sync/session';
import { annuaireApi } from './annuaire';

interface LongTask {
  start: number;
  duration: number;
}

const longTasks: LongTask[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

/** Long-task entries arrive after the task: wait a little before reading them. */
const settle = () => new Promise((r) => setTimeout(r, 150));

/** The main-thread tasks that overlap [from, to]. */
const tasksBetween = (from: number, to: number) =>
  longTasks.filter((t) => t.start < to && t.start + t.duration > from);

/** Longest main-thread task that overlaps [from, to]. */
const longestBetween = (from: number, to: number): number =>
  tasksBetween(from, to).reduce((max, t) => Math.max(max, t.duration), 0);

const status = (text: string) => {
  document.getElementById('status')!.textContent = text;
};

let db: SillonDB | undefined;
let generator: SeedGenerator | undefined;
let activityTotal = 0;

const time = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const result = await work();
  return [performance.now() - t0, result];
};

export interface SeedRequest {
  seed: number;
  communes: SeedCommune[];
  beneficiaries: number;
  activities: number;
  items: number;
  chunk: number;
}

/** One chunk handed to bulkWrite: when, and when each of its slices was answered (rows so far). */
interface WriteSpan {
  table: string;
  from: number;
  start: number;
  end: number;
  slices: [number, number][];
}

/**
 * The `count` longest tasks during the chunks' writes, each with its chunk (table, first row), how
 * long after the chunk's start it began and how many of the chunk's rows were answered by then.
 */
const worstWriteTasks = (writes: WriteSpan[], count: number) =>
  writes
    .flatMap((w) =>
      tasksBetween(w.start, w.end).map((t) => ({
        ms: Math.round(t.duration),
        table: w.table,
        chunk: w.from,
        at: Math.round(t.start - w.start),
        answered: w.slices.filter(([at]) => at <= t.start).at(-1)?.[1] ?? 0,
      })),
    )
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);

/** Rows per slice of each table's chunks, as bulkWrite sized them: [smallest, median, largest]. */
const sliceRowsByTable = (writes: WriteSpan[]) => {
  const sizes = new Map<string, number[]>();
  for (const w of writes) {
    const list = sizes.get(w.table) ?? [];
    w.slices.forEach(([, n], i) => list.push(n - (i > 0 ? w.slices[i - 1]![1] : 0)));
    sizes.set(w.table, list);
  }
  return Object.fromEntries(
    [...sizes].map(([table, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return [table, [sorted[0] ?? 0, sorted[Math.floor(sorted.length / 2)] ?? 0, sorted.at(-1) ?? 0]];
    }),
  );
};

/** Seed records generated between two yields (generation is the bench's work, not the app's). */
const GENERATE_PIECE = 25;

const seed = async (request: SeedRequest) => {
  db?.close();
  db = new SillonDB(`sillon-bench-${request.seed}-${Date.now()}`);
  await db.open();
  const g = new SeedGenerator({
    seed: request.seed,
    communes: request.communes,
    beneficiaries: request.beneficiaries,
  });
  generator = g;
  activityTotal = request.activities;
  const started = performance.now();
  let generateMs = 0;
  let writeMs = 0;
  let longestWrite = 0;
  const writes: WriteSpan[] = [];
  const write = async <T>(table: string, count: number, make: (i: number) => T) => {
    for (let from = 0; from < count; from += request.chunk) {
      const t0 = performance.now();
      // Generating is not the app's work: in pieces, so that its tasks are not taken for the writes'.
      const rows: T[] = [];
      const to = Math.min(count, from + request.chunk);
      for (let piece = from; piece < to; piece += GENERATE_PIECE) {
        rows.push(...g.range(make, piece, Math.min(to, piece + GENERATE_PIECE)));
        await yieldToInterface();
      }
      const t1 = performance.now();
      performance.mark(`write ${table} ${from}`);
      const slices: [number, number][] = [];
      await bulkWrite(db!, table, rows, { onSlice: (n) => slices.push([performance.now(), n]) });
      const t2 = performance.now();
      writes.push({ table, from, start: t1, end: t2, slices });
      generateMs += t1 - t0;
      writeMs += t2 - t1;
      longestWrite = Math.max(longestWrite, t2 - t1);
      status(`${table} : ${to} / ${count}`);
    }
  };
  await write('lieux', g.lieuCount, (i) => g.lieu(i));
  await write('beneficiaries', request.beneficiaries, (i) => g.beneficiary(i));
  await write('activities', request.activities, (i) => g.activity(i, request.activities));
  await write('items', request.items, (i) => g.item(i));
  const totalMs = performance.now() - started;
  await settle();
  // Long tasks are attributed to the writes only when they overlap no generation: report both.
  return {
    totalMs,
    generateMs,
    writeMs,
    longestChunkWriteMs: longestWrite,
    longestTaskMs: longestBetween(started, started + totalMs),
    longestWriteTaskMs: writes.reduce((max, w) => Math.max(max, longestBetween(w.start, w.end)), 0),
    longestWriteTasks: worstWriteTasks(writes, 5),
    sliceRows: sliceRowsByTable(writes),
    counts: {
      beneficiaries: await db.beneficiaries.count(),
      activities: await db.activities.count(),
      items: await db.items.count(),
    },
  };
};

/** Types each query one character at a time, awaiting the search as the list would. */
const search = async (queries: string[]) => {
  const times: number[] = [];
  const results: { query: string; found: number }[] = [];
  const from = performance.now();
  for (const query of queries) {
    for (let k = 1; k <= query.length; k++) {
      const typed = query.slice(0, k);
      if (typed.endsWith(' ')) continue;
      const [ms, found] = await time(() => searchBeneficiaries(db!, typed));
      times.push(ms);
      results.push({ query: typed, found: found.length });
    }
  }
  await settle();
  return { times, results, longestTaskMs: longestBetween(from, performance.now()) };
};

const list = async (repeat: number) => {
  const times: number[] = [];
  let size = 0;
  const from = performance.now();
  for (let i = 0; i < repeat; i++) {
    const [ms, page] = await time(() => listBeneficiaries(db!));
    times.push(ms);
    size = page.items.length;
  }
  await settle();
  return { times, size, longestTaskMs: longestBetween(from, performance.now()) };
};

/** Saves new sessions through the real write command (record + outbox + remembered habits). */
const save = async (count: number) => {
  const g = generator!;
  const inputs = Array.from({ length: count }, (_, i) => {
    const parsed = activityInputSchema.safeParse(g.activity(activityTotal - 1 - i, activityTotal));
    if (!parsed.success) throw new Error(`invalid seed activity: ${parsed.error.message}`);
    return parsed.data;
  });
  // The inputs' parsing (and the schema's build, on its first use) is the bench's, not the save's:
  // a task of its own, ended before the window whose longest task is the save's.
  await settle();
  const times: number[] = [];
  const from = performance.now();
  for (const input of inputs) {
    const [ms] = await time(() => createActivity(db!, input));
    times.push(ms);
  }
  await settle();
  return { times, outbox: await db!.outbox.count(), longestTaskMs: longestBetween(from, performance.now()) };
};

/**
 * An advisor's import of a file of `count` people (« Importer des bénéficiaires », once confirmed):
 * the import's own write, importBeneficiaries (each slice one transaction with the outbox entries).
 */
const importFile = async (count: number) => {
  const g = generator!;
  const now = new Date();
  const schema = beneficiaryInputSchema(now);
  const rows: ImportRow[] = [];
  for (let i = 0; rows.length < count; i++) {
    const parsed = schema.safeParse(g.beneficiary(i));
    if (parsed.success && !parsed.data.anonyme)
      rows.push({
        line: rows.length + 2,
        values: {},
        errors: [],
        warnings: [],
        input: parsed.data,
      } as unknown as ImportRow);
  }
  const outboxBefore = await db!.outbox.count();
  const from = performance.now();
  const created = await importBeneficiaries(db!, rows, now);
  const ms = performance.now() - from;
  await settle();
  return {
    ms,
    created: created.length,
    outbox: (await db!.outbox.count()) - outboxBefore,
    longestTaskMs: longestBetween(from, from + ms),
  };
};

const TIMED_OUT = Symbol('timed out');
const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> =>
  Promise.race([work, new Promise<typeof TIMED_OUT>((r) => setTimeout(() => r(TIMED_OUT), ms))]);

/**
 * A calendar year of statistics through the app's worker client, bounded by `timeoutMs` (the worker
 * is terminated then). Then, to tell where the time goes, the steps of loadStatsInput one by one in
 * the main thread, each bounded too: the period's activities by the date index, the participants
 * by id, the « accompanied before » multi-entry query, and the pure computation.
 */
const stats = async (year: number, repeat: number, timeoutMs: number) => {
  const filters = { from: `${year}-01-01`, to: `${year}-12-31` };
  const today = `${year + 1}-11-20`;
  const times: (number | null)[] = [];
  let activities = 0;
  const from = performance.now();
  for (let i = 0; i < repeat; i++) {
    const client = createStatsClient(db!);
    try {
      const t0 = performance.now();
      const result = await withTimeout(client.stats(filters, today), timeoutMs);
      if (result === TIMED_OUT) {
        times.push(null);
        break;
      }
      times.push(performance.now() - t0);
      activities = result.stats.general.activites;
    } finally {
      client.dispose();
    }
  }
  await settle();
  const longestTaskMs = longestBetween(from, performance.now());
  // Breakdown (main thread).
  const step = async <T>(work: () => Promise<T>) => {
    const t0 = performance.now();
    const result = await withTimeout(work(), timeoutMs);
    return {
      ms: result === TIMED_OUT ? null : performance.now() - t0,
      result: result === TIMED_OUT ? undefined : result,
    };
  };
  const period = await step(() =>
    db!.activities.where('date').between(filters.from, filters.to, true, true).toArray(),
  );
  const ids = [...new Set((period.result ?? []).flatMap((a) => a.beneficiaryIds))];
  const people = await step(() => db!.beneficiaries.bulkGet(ids));
  const lieux = new Map((await db!.lieux.toArray()).map((l) => [l.id, l]));
  const beneficiaries = new Map((people.result ?? []).filter((b) => b !== undefined).map((b) => [b.id, b]));
  const t0 = performance.now();
  computeStats(
    {
      activities: period.result ?? [],
      beneficiaries,
      lieux,
      previouslyAccompanied: new Set<string>(),
      items: [],
      loans: [],
      today,
    },
    filters,
  );
  const computeMs = performance.now() - t0;
  await settle();
  const computeLongestTaskMs = longestBetween(t0, performance.now());
  // The app's own « already accompanied before the period » query (new vs returning beneficiaries).
  const before = await step(() => accompaniedBefore(db!, ids, filters.from));
  // The app's path: the aggregates of the period (stored rows, nothing stale after the calls above).
  const aggregates = await step(() => refreshAggregates(db!, filters.from, filters.to));
  const buckets = await db!.statsPeople.count();
  return {
    times,
    activities,
    periodActivities: period.result?.length ?? 0,
    participants: ids.length,
    longestTaskMs,
    breakdown: {
      periodMs: period.ms,
      participantsMs: people.ms,
      accompaniedBeforeMs: before.ms,
      computeMs,
      aggregatesMs: aggregates.ms,
      monthRows: aggregates.result?.rows.length ?? 0,
      bucketRows: buckets,
    },
    computeLongestTaskMs,
  };
};

// ------------------------------------------------------------------ sync (same origin as the server)

let syncDb: SillonDB | undefined;
let lastProgress: SyncProgress | undefined;
let syncStarted = 0;

/** A fresh device database signed in through the real sign-in (a new tablet joining the structure). */
const syncSignIn = async (email: string, password: string) => {
  syncDb?.close();
  syncDb = new SillonDB(`sillon-sync-${Date.now()}`);
  const session = await signIn(syncDb, { baseUrl: '' }, { email, password });
  return { structureId: session.user.structureId };
};

/** One complete sync by the app's engine, with its default batch sizes. */
const syncRun = async () => {
  const progress: SyncProgress[] = [];
  const from = performance.now();
  syncStarted = from;
  lastProgress = undefined;
  const result = await syncOnce({
    db: syncDb!,
    baseUrl: '',
    onProgress: (p) => {
      progress.push(p);
      lastProgress = p;
    },
  });
  const ms = performance.now() - from;
  await settle();
  return {
    ms,
    result,
    progressEvents: progress.length,
    longestTaskMs: longestBetween(from, performance.now()),
    local: {
      beneficiaries: await syncDb!.beneficiaries.count(),
      activities: await syncDb!.activities.count(),
      outbox: await syncDb!.outbox.count(),
    },
  };
};

/** Where a running sync is (for a run stopped before its end). */
const syncProgress = async () => ({
  ms: performance.now() - syncStarted,
  progress: lastProgress,
  longestTaskMs: longestBetween(syncStarted, performance.now()),
});

/** Sessions typed on this device: through the real write command, so they wait in the outbox. */
const syncLocalChanges = async (activities: unknown[]) => {
  for (const raw of activities) {
    const parsed = activityInputSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`invalid activity: ${parsed.error.message}`);
    await createActivity(syncDb!, parsed.data);
  }
  return { outbox: await syncDb!.outbox.count() };
};

/**
 * The lock (issue 14): the account's copies made as at a sign-in, then « Verrouiller » and the code,
 * timed to the beneficiary list's first page (what the screen shows once open).
 */
const unlock = async (repeat: number) => {
  const name = db!.name;
  const deviceKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  await enrolAtSignIn(name, { password: 'un mot de passe de banc', deviceKey });
  const problem = await chooseCode(name, '428163');
  if (problem) throw new Error(problem);
  const times: number[] = [];
  const from = performance.now();
  for (let i = 0; i < repeat; i++) {
    await lockNow();
    const [ms] = await time(async () => {
      const result = await unlockWithCode(name, '428163');
      if (!result.ok) throw new Error('unlock failed');
      await listBeneficiaries(db!);
    });
    times.push(ms);
  }
  await settle();
  return { times, longestTaskMs: longestBetween(from, performance.now()) };
};

/** What the app does in idle time after start and after a sync that pulled people. */
const warmUpSearch = async () => {
  const from = performance.now();
  await warmSearch(db!);
  const ms = performance.now() - from;
  await settle();
  return { ms, longestTaskMs: longestBetween(from, performance.now()) };
};

/**
 * What the app does in idle time after start and after a sync that pulled people, once the search
 * is warm (warmSearchWhenIdle): the list's order built, and its sealed snapshot saved for the unlock.
 */
const warmUpList = async () => {
  const from = performance.now();
  await db!.beneficiaryOrder.warm();
  const ms = performance.now() - from;
  await settle();
  return { ms, longestTaskMs: longestBetween(from, performance.now()) };
};

/**
 * What the app does in idle time after a sync that pulled records (warmStatsWhenIdle): the stale
 * aggregates of last year and this one rebuilt by the statistics worker.
 */
const warmUpStats = async (today: string) => {
  const from = performance.now();
  const client = createStatsClient(db!);
  try {
    const period = warmPeriod(new Date(`${today}T12:00:00`));
    const rebuilt = await client.warm(period.from, period.to, today);
    const ms = performance.now() - from;
    await settle();
    return { ms, rebuilt, longestTaskMs: longestBetween(from, performance.now()) };
  } finally {
    client.dispose();
  }
};

const api = {
  seed,
  warmUpSearch,
  warmUpList,
  warmUpStats,
  unlock,
  search,
  list,
  save,
  importFile,
  stats,
  syncSignIn,
  syncRun,
  syncProgress,
  syncLocalChanges,
  longTasks: () => longTasks,
  ...annuaireApi,
};
export type BenchApi = typeof api;
(window as unknown as { sillonBench: BenchApi }).sillonBench = api;
status('Prêt.');
