// 7. Lighthouse 12 with its default (mobile) preset on the four routes issue 13 names: performance
// score, cumulative layout shift and total blocking time, each the median of a few runs. Lighthouse
// loads each route cold (storage cleared: a first visit), with its simulated mobile throttling
// (CPU 4×, a slow 4G link), in Debian's Chromium launched as everywhere else in the bench.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import lighthouse from 'lighthouse';

import { launchBrowser } from '../../tests/e2e/browser';
import { buildApp, freePort, log, ROOT, startServer } from '../lib/env';
import { stats, type Figure } from '../lib/report';
import { traceCpu, type TraceCpu } from '../lib/trace-cpu';

const SECTION = 'lighthouse';
const RUNS = Number(process.env.SILLON_BENCH_LIGHTHOUSE_RUNS ?? 3);
export const LIGHTHOUSE_ROUTES = [
  { path: '/', name: 'home' },
  { path: '/beneficiaires', name: 'beneficiaries' },
  { path: '/activites/nouvelle/individuel', name: 'new session' },
  { path: '/statistiques', name: 'statistics' },
] as const;
/** SILLON_BENCH_LIGHTHOUSE_ROUTES: a comma-separated subset of the routes' names (e.g. `statistics,home`). */
const chosenRoutes = () => {
  const wanted = process.env.SILLON_BENCH_LIGHTHOUSE_ROUTES?.split(',').map((s) => s.trim());
  if (!wanted) return LIGHTHOUSE_ROUTES;
  const unknown = wanted.filter((w) => !LIGHTHOUSE_ROUTES.some((r) => r.name === w));
  if (unknown.length) throw new Error(`Unknown Lighthouse route(s): ${unknown.join(', ')}`);
  return LIGHTHOUSE_ROUTES.filter((r) => wanted.includes(r.name));
};
/** SILLON_BENCH_LIGHTHOUSE_DIST: an already built app to audit instead of building this checkout
 * (to alternate a before and an after in the same minutes). */
const appDist = () => process.env.SILLON_BENCH_LIGHTHOUSE_DIST ?? buildApp();
/** Where each run's diagnostics go: the long tasks and the scripts' boot-up time, by route. */
const DIAGNOSTICS = join(ROOT, 'bench', 'results', 'lighthouse');
/** Issue 13's budgets. */
const SCORE = { op: '>=', limit: 0.95 } as const;
const CLS = { op: '<=', limit: 0.02 } as const;
const TBT = { op: '<=', limit: 150 } as const;

interface Run {
  score: number;
  cls: number;
  tbt: number;
  lcp: number;
  /** The page's main-thread tasks by CPU time (load-independent, see trace-cpu.ts). */
  cpu: TraceCpu | undefined;
  /** Observed (unthrottled) main-thread tasks of 50 ms or more, and each script's CPU time. */
  diagnostics: unknown;
}

const audit = async (url: string, port: number, attempt = 1): Promise<Run> => {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  // The first trace of a fresh browser sometimes misses its navigation start: that run is taken again.
  if (lhr.runtimeError?.code === 'NO_NAVSTART' && attempt < 3) return audit(url, port, attempt + 1);
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  const numeric = (id: string): number => {
    const value = lhr.audits[id]?.numericValue;
    if (typeof value !== 'number') throw new Error(`Lighthouse on ${url}: no ${id}`);
    return value;
  };
  return {
    score: lhr.categories.performance?.score ?? NaN,
    cls: numeric('cumulative-layout-shift'),
    tbt: numeric('total-blocking-time'),
    lcp: numeric('largest-contentful-paint'),
    cpu: traceCpu(result.artifacts.Trace.traceEvents as Parameters<typeof traceCpu>[0]),
    diagnostics: {
      longTasks: lhr.audits['long-tasks']?.details,
      bootupTime: lhr.audits['bootup-time']?.details,
      mainThread: lhr.audits['mainthread-work-breakdown']?.details,
      layoutShifts: lhr.audits['layout-shifts']?.details,
    },
  };
};

export const runLighthouse = async (): Promise<Figure[]> => {
  const dist = appDist();
  mkdirSync(DIAGNOSTICS, { recursive: true });
  const server = await startServer(dist);
  const port = await freePort();
  const browser = await launchBrowser({ args: [`--remote-debugging-port=${port}`] });
  const figures: Figure[] = [];
  try {
    for (const route of chosenRoutes()) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        log(`lighthouse: ${route.path}, run ${i + 1}/${RUNS}`);
        const run = await audit(`${server.baseURL}${route.path}`, port);
        runs.push(run);
        const file = join(DIAGNOSTICS, `${route.name.replace(/ /g, '-')}-${i + 1}.json`);
        writeFileSync(file, JSON.stringify({ ...run, path: route.path }, null, 1));
      }
      const of = (pick: (r: Run) => number) => stats(runs.map(pick));
      const score = of((r) => r.score);
      const cls = of((r) => r.cls);
      const tbt = of((r) => r.tbt);
      const lcp = of((r) => r.lcp);
      const measured = runs.flatMap((r) => (r.cpu ? [r.cpu] : []));
      const cpuOf = (pick: (c: TraceCpu) => number) => stats(measured.map(pick));
      const note = `median of ${RUNS} (${route.path}), mobile preset, simulated throttling`;
      figures.push(
        {
          section: SECTION,
          name: `Lighthouse performance, ${route.name}`,
          value: Math.round(score.median * 100) / 100,
          unit: 'ratio',
          budget: SCORE,
          note: `${note}; worst ${score.min.toFixed(2)}; largest contentful paint ${Math.round(lcp.median)} ms`,
        },
        {
          section: SECTION,
          name: `Cumulative layout shift, ${route.name}`,
          value: Math.round(cls.median * 1000) / 1000,
          unit: 'ratio',
          budget: CLS,
          note: `${note}; worst ${cls.max.toFixed(3)}`,
        },
        {
          section: SECTION,
          name: `Total blocking time, ${route.name}`,
          value: Math.round(tbt.median),
          unit: 'ms',
          budget: TBT,
          note: `${note}; worst ${Math.round(tbt.max)} ms`,
        },
      );
      if (measured.length) {
        const blocking = cpuOf((c) => c.blockingEstimate);
        const longest = cpuOf((c) => c.longest);
        const total = cpuOf((c) => c.total);
        figures.push({
          section: SECTION,
          name: `Blocking time from CPU time (load-independent), ${route.name}`,
          value: Math.round(blocking.median),
          unit: 'ms',
          budget: TBT,
          note:
            `median of ${measured.length}, Σ max(0, 4 × task CPU − 50 ms) after the first contentful paint ` +
            `in Lighthouse's trace; longest task ${Math.round(longest.median)} ms of CPU, ` +
            `main thread ${Math.round(total.median)} ms of CPU, ` +
            `${Math.round(cpuOf((c) => c.longTasks).median)} tasks over 12.5 ms`,
        });
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return figures;
};
