// 7. Lighthouse 12 with its default (mobile) preset on the four routes issue 13 names: performance
// score, cumulative layout shift and total blocking time, each the median of a few runs. Lighthouse
// loads each route cold (storage cleared: a first visit), with its simulated mobile throttling
// (CPU 4×, a slow 4G link), in Debian's Chromium launched as everywhere else in the bench.
import lighthouse from 'lighthouse';

import { launchBrowser } from '../../tests/e2e/browser';
import { buildApp, freePort, log, startServer } from '../lib/env';
import { stats, type Figure } from '../lib/report';

const SECTION = 'lighthouse';
const RUNS = Number(process.env.SILLON_BENCH_LIGHTHOUSE_RUNS ?? 3);
export const LIGHTHOUSE_ROUTES = [
  { path: '/', name: 'home' },
  { path: '/beneficiaires', name: 'beneficiaries' },
  { path: '/activites/nouvelle/individuel', name: 'new session' },
  { path: '/statistiques', name: 'statistics' },
] as const;
/** Issue 13's budgets. */
const SCORE = { op: '>=', limit: 0.95 } as const;
const CLS = { op: '<=', limit: 0.02 } as const;
const TBT = { op: '<=', limit: 150 } as const;

interface Run {
  score: number;
  cls: number;
  tbt: number;
  lcp: number;
}

const audit = async (url: string, port: number): Promise<Run> => {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
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
  };
};

export const runLighthouse = async (): Promise<Figure[]> => {
  const dist = buildApp();
  const server = await startServer(dist);
  const port = await freePort();
  const browser = await launchBrowser({ args: [`--remote-debugging-port=${port}`] });
  const figures: Figure[] = [];
  try {
    for (const route of LIGHTHOUSE_ROUTES) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        log(`lighthouse: ${route.path}, run ${i + 1}/${RUNS}`);
        runs.push(await audit(`${server.baseURL}${route.path}`, port));
      }
      const of = (pick: (r: Run) => number) => stats(runs.map(pick));
      const score = of((r) => r.score);
      const cls = of((r) => r.cls);
      const tbt = of((r) => r.tbt);
      const lcp = of((r) => r.lcp);
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
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return figures;
};
