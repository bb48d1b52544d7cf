// 7. Lighthouse 12 with its default (mobile) preset on the four routes issue 13 names: performance
// score, cumulative layout shift and total blocking time, each the median of a few runs. Lighthouse
// loads each route cold (storage cleared: a first visit), then again on a device holding records
// (issue 13: « with and without seeded data »), with its simulated mobile throttling (CPU 4×, a
// slow 4G link), in Debian's Chromium launched as everywhere else in the bench.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';

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
/** SILLON_BENCH_LIGHTHOUSE_SEEDED=0 skips the second pass, on a device holding records. */
const SEEDED = process.env.SILLON_BENCH_LIGHTHOUSE_SEEDED !== '0';
const SEED_PEOPLE = 300;
const SEED_ACTIVITIES = 600;
/**
 * Written straight into the app's IndexedDB (the database Dexie created at the first visit), as the
 * statistics' e2e test does: this month's sessions of 300 people, 600 of them, with the marks every
 * write of the app leaves for the statistics' aggregates. A string: the page runs it as it is.
 */
const SEED = `(async () => {
  const registry = JSON.parse(localStorage.getItem('sillon.accounts') ?? '{}');
  const name = (registry.active && registry.owners?.[registry.active]?.db) || 'sillon';
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const month = now.getFullYear() + '-' + pad(now.getMonth() + 1);
  const stamp = now.toISOString();
  const meta = (id) => ({ id, createdBy: 'u1', structureId: 's1', createdAt: stamp, updatedAt: stamp });
  const names = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];
  const first = ['Alice', 'Louis', 'Jeanne', 'Paul', 'Marie', 'Henri', 'Rose', 'Jules', 'Lucie', 'Marcel'];
  const tx = db.transaction(['activities', 'beneficiaries', 'lieux', 'statsDirty'], 'readwrite');
  tx.objectStore('lieux').put({ ...meta('lieu-1'), nom: 'Médiathèque', commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' } });
  for (let i = 0; i < ${SEED_PEOPLE}; i++) {
    const nom = names[i % 10] + i, prenom = first[(i * 7) % 10];
    tx.objectStore('beneficiaries').put({ ...meta('b-' + i), anonyme: false, prenom, nom,
      genre: i % 2 ? 'feminin' : 'masculin', trancheAge: 'soixante_dix_plus',
      sortKey: (nom + ' ' + prenom).toLowerCase(), searchTokens: [nom.toLowerCase(), prenom.toLowerCase()] });
    tx.objectStore('statsDirty').put({ key: 'p:b-' + i, n: Math.random() });
  }
  for (let i = 0; i < ${SEED_ACTIVITIES}; i++) {
    tx.objectStore('activities').put({ ...meta('a-' + i), type: 'individuel', date: month + '-' + pad(1 + (i % 28)),
      duree: [30, 60, 90][i % 3], typeLieu: 'lieu_activite', lieuId: 'lieu-1', thematiques: ['email'],
      materiel: ['ordinateur'], beneficiaryIds: ['b-' + (i % ${SEED_PEOPLE})] });
  }
  tx.objectStore('statsDirty').put({ key: 'm:' + month, n: Math.random() });
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  db.close();
  return true;
})()`;

/** A first visit in the audited browser's own profile (its service worker installed), then the seed. */
const seedDevice = async (baseURL: string, port: number): Promise<void> => {
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = cdp.contexts()[0];
  if (!context) throw new Error('no default browser context to seed');
  const page = await context.newPage();
  await page.goto(`${baseURL}/statistiques`);
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
  await page.evaluate(SEED);
  await page.close();
};

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

const audit = async (url: string, port: number, seeded: boolean, attempt = 1): Promise<Run> => {
  const result = await lighthouse(url, {
    port,
    // On the seeded device, its records (and its installed service worker) stay: a visit of a tablet in use.
    disableStorageReset: seeded,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  // The first trace of a fresh browser sometimes misses its navigation start: that run is taken again.
  if (lhr.runtimeError?.code === 'NO_NAVSTART' && attempt < 3) return audit(url, port, seeded, attempt + 1);
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
    // First every route on a first visit (storage cleared by Lighthouse), then on a seeded device.
    const passes = SEEDED ? [false, true] : [false];
    for (const seeded of passes)
      for (const route of chosenRoutes()) {
        if (seeded && route === chosenRoutes()[0]) await seedDevice(server.baseURL, port);
        const runs: Run[] = [];
        const label = seeded
          ? `${route.name}, ${SEED_ACTIVITIES} sessions of ${SEED_PEOPLE} people`
          : route.name;
        for (let i = 0; i < RUNS; i++) {
          log(`lighthouse: ${route.path}${seeded ? ' (seeded)' : ''}, run ${i + 1}/${RUNS}`);
          const run = await audit(`${server.baseURL}${route.path}`, port, seeded);
          runs.push(run);
          const file = join(
            DIAGNOSTICS,
            `${route.name.replace(/ /g, '-')}${seeded ? '-seeded' : ''}-${i + 1}.json`,
          );
          writeFileSync(file, JSON.stringify({ ...run, path: route.path }, null, 1));
        }
        const of = (pick: (r: Run) => number) => stats(runs.map(pick));
        const score = of((r) => r.score);
        const cls = of((r) => r.cls);
        const tbt = of((r) => r.tbt);
        const lcp = of((r) => r.lcp);
        const measured = runs.flatMap((r) => (r.cpu ? [r.cpu] : []));
        const cpuOf = (pick: (c: TraceCpu) => number) => stats(measured.map(pick));
        const note = `median of ${RUNS} (${route.path}${seeded ? ', repeat visit' : ', first visit'}), mobile preset, simulated throttling`;
        figures.push(
          {
            section: SECTION,
            name: `Lighthouse performance, ${label}`,
            value: Math.round(score.median * 100) / 100,
            unit: 'ratio',
            budget: SCORE,
            note: `${note}; worst ${score.min.toFixed(2)}; largest contentful paint ${Math.round(lcp.median)} ms`,
          },
          {
            section: SECTION,
            name: `Cumulative layout shift, ${label}`,
            value: Math.round(cls.median * 1000) / 1000,
            unit: 'ratio',
            budget: CLS,
            note: `${note}; worst ${cls.max.toFixed(3)}`,
          },
          {
            section: SECTION,
            name: `Total blocking time, ${label}`,
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
            name: `Blocking time from CPU time (load-independent), ${label}`,
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
