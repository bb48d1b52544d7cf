// 4. Sync through the emulated link against the real server (SQLite): the app's engine, running in
// Chromium on a fresh device database, pulls a structure of 10,000 then 50,000 records; then pushes
// 100 sessions typed on the device. Bytes are counted on the wire by a relay in front of the server
// (bench/lib/byte-counter.ts), round trips from CDP's network events; the link's floor is
// bytes ÷ bandwidth + round trips × latency, and its ratio to the measured time says how much of
// the time the link itself explains (1 = nothing but the link).
import type { Browser } from 'playwright-core';

import { loadSeedCommunes } from '../../scripts/seed/communes';
import { activityInputSchema } from '../../src/domain/activity';
import { SeedGenerator } from '../../src/domain/seed';
import { startByteCounter, type ByteCounter } from '../lib/byte-counter';
import { buildBenchPage, getBrowser, log, startServer } from '../lib/env';
import { emulate, linkFloorMs, PROFILE_3G, PROFILE_4G_SLOW, type Profile } from '../lib/profiles';
import type { Figure } from '../lib/report';
import { createStructure, fillStructure, PASSWORD, sqliteTarget } from '../lib/server-fixtures';
import { callPage } from './local-data';

const SECTION = 'sync';
/**
 * The 50,000-record first sync on 3G is measured to its end unless it takes longer than CAP_MS
 * (twice its budget): it is then stopped and its time projected from the progress reached
 * (`npm run bench -- --full` runs it to the end whatever it takes). The floor ratio is measured on
 * what was transferred until then.
 */
const CAP_MS = 220_000;
/** Issue 13's budgets for a first sync on 3G (they are bounded by the bytes, not the round trips). */
const TIME_BUDGETS: Record<number, number> = { 10_000: 22_000, 50_000: 110_000 };
/** Longest main-thread task during a first sync: a tap is answered at once. */
const TASK_BUDGET = { op: '<=', limit: 100 } as const;
const ALL_CASES: { size: number; profile: Profile; incremental: boolean; capMs?: number }[] = [
  { size: 10_000, profile: PROFILE_3G, incremental: true },
  { size: 10_000, profile: PROFILE_4G_SLOW, incremental: true },
  { size: 50_000, profile: PROFILE_3G, incremental: false, capMs: CAP_MS },
];
/** SILLON_BENCH_SYNC_CASES=0,2: only those cases (to compare two versions run after run). */
const ONLY = process.env.SILLON_BENCH_SYNC_CASES?.split(',').map(Number);
const CASES = ALL_CASES.filter((_, i) => !ONLY || ONLY.includes(i));
/** The physical limit of a first sync: its bytes at full bandwidth plus two round trips. */
const idealMs = (profile: Profile, traffic: Traffic) => linkFloorMs(profile, traffic, 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Traffic {
  requests: number;
  down: number;
  up: number;
}

const measureSync = async (
  browser: Browser,
  counter: ByteCounter,
  email: string,
  profile: Profile,
  localChanges: unknown[],
  capMs: number | undefined,
) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${counter.baseURL}/index.html`);
    await page.waitForFunction(() => 'sillonBench' in window);
    await callPage(page, 'syncSignIn', email, PASSWORD);
    const cdp = await context.newCDPSession(page);
    await emulate(cdp, profile);
    // Round trips from CDP (each API request); bytes from the relay, which sees them on the wire.
    const traffic: Traffic = { requests: 0, down: 0, up: 0 };
    const snapshot = (): Traffic => ({ ...traffic, ...counter.read() });
    cdp.on('Network.requestWillBeSent', (e: { request: { url: string } }) => {
      if (e.request.url.includes('/api/')) traffic.requests += 1;
    });
    counter.reset();
    const running = callPage(page, 'syncRun');
    running.catch(() => undefined); // a stopped run rejects when its page closes
    const raced = await Promise.race([running, ...(capMs ? [sleep(capMs).then(() => undefined)] : [])]);
    if (!raced) {
      const partial = await callPage(page, 'syncProgress');
      return { partial: { ...partial, traffic: snapshot() }, first: undefined, incremental: undefined };
    }
    const first = raced;
    const firstTraffic = snapshot();
    let incremental: (typeof first & { traffic: Traffic }) | undefined;
    if (localChanges.length > 0) {
      await callPage(page, 'syncLocalChanges', localChanges);
      traffic.requests = 0;
      counter.reset();
      const run = await callPage(page, 'syncRun');
      incremental = { ...run, traffic: snapshot() };
    }
    return { first: { ...first, traffic: firstTraffic }, incremental, partial: undefined };
  } finally {
    await context.close();
  }
};

export const runSync = async (): Promise<Figure[]> => {
  const dist = buildBenchPage();
  const target = sqliteTarget();
  const communes = loadSeedCommunes();
  const store = await target.open();
  // One structure per case: the incremental sync of one case must not grow the next one's structure.
  const structures: Awaited<ReturnType<typeof createStructure>>[] = [];
  for (let i = 0; i < CASES.length; i++)
    structures.push(await createStructure(store, `Structure ${i + 1}`, 2));
  await store.close();
  const server = await startServer(dist, target.env);
  const figures: Figure[] = [];
  const f = (name: string, value: number | null, unit: Figure['unit'], extra: Partial<Figure> = {}) =>
    figures.push({ section: SECTION, name, value, unit, ...extra });
  let counter: ByteCounter | undefined;
  try {
    const reported = new Set<number>();
    for (const [i, { size }] of CASES.entries()) {
      const s = structures[i]!;
      log(`sync: filling a structure with ${size} records through /api/sync/push…`);
      const g = new SeedGenerator({ seed: size + i, communes, beneficiaries: Math.round(size / 10) });
      const t0 = Date.now();
      await fillStructure(server.baseURL, s.devices[0]!, g, size);
      const seconds = (Date.now() - t0) / 1000;
      if (reported.has(size)) continue;
      reported.add(size);
      f(
        `Server ingest: ${size} records pushed in batches of 500 (no link emulation)`,
        size / seconds,
        'records/s',
        {
          note: `${Math.round(seconds * 10) / 10} s, SQLite`,
        },
      );
    }
    const browser = await getBrowser();
    counter = await startByteCounter(server.baseURL);
    const local = new SeedGenerator({ seed: 99, communes, beneficiaries: 100 });
    // Individual sessions typed on the device, without references to records it may not hold yet.
    const changes = Array.from({ length: 300 }, (_, i) => local.activity(i, 300))
      .filter((a) => a.type === 'individuel')
      .slice(0, 100)
      .map((a) =>
        activityInputSchema.parse({ ...a, beneficiaryIds: [], typeLieu: 'a_distance', lieuId: undefined }),
      );
    for (const [i, c] of CASES.entries()) {
      const s = structures[i]!;
      log(`sync: first sync of ${c.size} records on ${c.profile.name}…`);
      const cap = process.env.SILLON_BENCH_FULL ? undefined : c.capMs;
      const r = await measureSync(
        browser,
        counter,
        s.emails[1]!,
        c.profile,
        c.incremental ? changes : [],
        cap,
      );
      const label = `${c.profile.name}, first sync of ${c.size.toLocaleString('en-US')} records`;
      const is3G = c.profile === PROFILE_3G;
      if (r.partial) {
        const { partial } = r;
        const done = partial.progress?.phase === 'pull' ? partial.progress.done : 0;
        const floor = linkFloorMs(c.profile, partial.traffic, partial.traffic.requests);
        f(`${label}: time (projected)`, done > 0 ? (partial.ms * c.size) / done : null, 'ms', {
          ...(is3G && TIME_BUDGETS[c.size]
            ? { budget: { op: '<=', limit: TIME_BUDGETS[c.size]! } as const }
            : {}),
          note: `stopped after ${Math.round(partial.ms / 1000)} s at ${done} of ${c.size} records; projected linearly (npm run bench -- --full measures it)`,
        });
        f(`${label}: longest main-thread task`, partial.longestTaskMs, 'ms', {
          ...(is3G ? { budget: TASK_BUDGET } : {}),
          note: 'until stopped',
        });
        f(`${label}: bytes per record`, done > 0 ? partial.traffic.down / done : null, 'B/record', {
          note: `${Math.round(partial.traffic.down / 1024)} KB down in ${partial.traffic.requests} round trips until stopped`,
        });
        f(`${label}: link floor ÷ measured time`, floor / partial.ms, 'ratio', {
          ...(is3G ? { budget: { op: '>=', limit: 0.6 } as const } : {}),
          note: `on the part transferred: floor ${Math.round(floor / 100) / 10} s = bytes ÷ bandwidth + ${partial.traffic.requests} × ${c.profile.rttMs} ms`,
        });
        continue;
      }
      const first = r.first!;
      const floor = linkFloorMs(c.profile, first.traffic, first.traffic.requests);
      f(`${label}: time`, first.ms, 'ms', {
        ...(is3G && TIME_BUDGETS[c.size]
          ? { budget: { op: '<=', limit: TIME_BUDGETS[c.size]! } as const }
          : {}),
        note: `${first.result.pulled} records pulled, ${first.local.activities} activities stored`,
      });
      f(`${label}: longest main-thread task`, first.longestTaskMs, 'ms', {
        ...(is3G ? { budget: TASK_BUDGET } : {}),
        note: 'PerformanceObserver longtask, from the start of the sync to its end',
      });
      f(
        `${label}: (bytes ÷ bandwidth + 2 round trips) ÷ measured time`,
        idealMs(c.profile, first.traffic) / first.ms,
        'ratio',
        {
          note: `ideal ${Math.round(idealMs(c.profile, first.traffic) / 100) / 10} s`,
        },
      );
      f(`${label}: bytes down`, first.traffic.down, 'B', {
        note: `${Math.round(first.traffic.up / 1024)} KB up`,
      });
      f(`${label}: bytes per record`, first.traffic.down / Math.max(1, first.result.pulled), 'B/record');
      f(`${label}: round trips`, first.traffic.requests, 'count');
      f(`${label}: link floor ÷ measured time`, floor / first.ms, 'ratio', {
        ...(is3G ? { budget: { op: '>=', limit: 0.6 } as const } : {}),
        note: `floor ${Math.round(floor / 100) / 10} s = bytes ÷ bandwidth + ${first.traffic.requests} × ${c.profile.rttMs} ms`,
      });
      if (r.incremental) {
        const inc = r.incremental;
        const incFloor = linkFloorMs(c.profile, inc.traffic, inc.traffic.requests);
        const incLabel = `${c.profile.name}, incremental sync of 100 local changes`;
        f(`${incLabel}: time`, inc.ms, 'ms', {
          note: `${inc.result.pushed} pushed, outbox left ${inc.local.outbox}; ${inc.traffic.requests} round trips, ${Math.round(
            inc.traffic.up / 1024,
          )} KB up, ${Math.round(inc.traffic.down / 1024)} KB down`,
        });
        f(`${incLabel}: link floor ÷ measured time`, incFloor / inc.ms, 'ratio', {
          note: `floor ${Math.round(incFloor / 100) / 10} s`,
        });
      }
    }
  } finally {
    await counter?.close();
    await server.stop();
    await target.cleanup();
  }
  return figures;
};
