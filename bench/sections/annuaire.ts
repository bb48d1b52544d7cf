// 6. The directory of lieux at the national scale, CPU 4× slower (issue 15): 20,000 lieux (the whole
// national file) in Chromium IndexedDB, searched with the app's own searchAnnuaire by text typed,
// service, « ouvert maintenant » / « ouvert tel jour », commune and surroundings, fees and publics
// (budget: 50 ms a query); then the real app, offline from its service worker: the start-up with an
// empty directory, a département's (500 lieux) and the national one, and the directory's page
// opened until its list shows.
import type { BrowserContext, Page } from 'playwright-core';

import { loadSeedCommunes } from '../../scripts/seed/communes';
import { tabletContext, waitForServiceWorker } from '../../tests/e2e/browser';
import type { AnnuaireLieu } from '../../src/domain/annuaire';
import { AnnuaireSeed } from '../../src/domain/seed-annuaire';
import type { BenchCriteria } from '../page/annuaire';
import { buildApp, buildBenchPage, getBrowser, log, startServer } from '../lib/env';
import { PROFILE_3G } from '../lib/profiles';
import { stats, type Figure } from '../lib/report';
import { serveStatic } from '../lib/static-server';
import { callPage } from './local-data';

const SECTION = 'annuaire';
export const ANNUAIRE_SCALE = { national: 20_000, departement: 500, chunk: 1000 };
const QUERY_BUDGET = { op: '<=', limit: 50 } as const;
/** The repeat visit's budget (section « loading »): a directory must not push the start-up past it. */
const STARTUP_BUDGET = { op: '<=', limit: 1500 } as const;
/** Wednesday 9 December 2026, 15:00 in Paris. */
const AT = '2026-12-09T14:00:00.000Z';

const national = (communes: ReturnType<typeof loadSeedCommunes>) => new AnnuaireSeed(1, communes);

/** The searches an advisor makes, in the order she would (the first ones meet cold caches). */
const casesFor = (seed: AnnuaireSeed): { label: string; criteria: BenchCriteria; typed?: boolean }[] => {
  const commune = seed.lieu(0).code_insee!;
  const service = 'Aide aux démarches administratives';
  return [
    { label: 'text typed « médiathèque de »', criteria: { texte: 'médiathèque de' }, typed: true },
    { label: 'text typed « france services »', criteria: { texte: 'france services' }, typed: true },
    { label: 'one service', criteria: { services: [service] } },
    { label: 'service + « ouvert maintenant »', criteria: { services: [service], ouvert: { at: AT } } },
    { label: '« ouvert maintenant » alone', criteria: { ouvert: { at: AT } } },
    { label: '« ouvert tel jour » (Saturday)', criteria: { ouvert: { jour: '2026-12-12' } } },
    { label: 'commune and 20 km around', criteria: { commune, alentoursKm: 20 } },
    { label: 'free of charge + a public', criteria: { gratuit: 'sous_condition', publics: ['Seniors'] } },
    {
      label: 'everything at once',
      criteria: {
        texte: 'mairie',
        services: [service],
        commune,
        alentoursKm: 20,
        gratuit: 'gratuit',
        ouvert: { at: AT },
      },
    },
  ];
};

const records = (seed: AnnuaireSeed, from: number, to: number): AnnuaireLieu[] =>
  Array.from({ length: to - from }, (_, i) => seed.record(from + i));

// Runs in the app's pages before their scripts: notes when the home screen, or the directory's
// list, is usable (rendered, and the main thread has had a frame to spare).
const USABLE_PROBE = `(() => {
  const ready = () => {
    if (location.pathname === '/annuaire')
      return / sur /.test(document.getElementById('annuaire-count')?.textContent || '');
    const h1 = document.querySelector('h1');
    return h1 && /Accueil/.test(h1.textContent || '') &&
      document.querySelector('a[href="/activites/nouvelle/individuel"]');
  };
  const mark = () => requestAnimationFrame(() => setTimeout(() => { window.__usable = performance.now(); }, 0));
  const observer = new MutationObserver(() => { if (ready()) { observer.disconnect(); mark(); } });
  observer.observe(document, { childList: true, subtree: true });
})();`;

const visit = async (page: Page, path: string): Promise<number> => {
  await page.goto(path, { waitUntil: 'commit', timeout: 120_000 });
  await page.waitForFunction(
    () => (window as unknown as { __usable?: number }).__usable !== undefined,
    null,
    {
      timeout: 120_000,
      polling: 50,
    },
  );
  return page.evaluate(() => (window as unknown as { __usable: number }).__usable);
};

/** Replaces the directory in the app's own database (raw IndexedDB: the app's code is not in this page). */
const fillAppDirectory = async (page: Page, seed: AnnuaireSeed | undefined, count: number) => {
  const write = (rows: AnnuaireLieu[], clear: boolean) =>
    page.evaluate(
      async ([rows, clear]) => {
        const names = (await indexedDB.databases()).map((d) => d.name ?? '');
        for (const name of names) {
          const db = await new Promise<IDBDatabase>((ok, fail) => {
            const request = indexedDB.open(name);
            request.onsuccess = () => ok(request.result);
            request.onerror = () => fail(request.error);
          });
          if (db.objectStoreNames.contains('annuaire')) {
            await new Promise<void>((ok, fail) => {
              const tx = db.transaction('annuaire', 'readwrite');
              const store = tx.objectStore('annuaire');
              if (clear) store.clear();
              for (const row of rows) store.put(row);
              tx.oncomplete = () => ok();
              tx.onerror = () => fail(tx.error);
            });
          }
          db.close();
        }
      },
      [rows, clear] as const,
    );
  await write([], true);
  if (!seed) return;
  for (let from = 0; from < count; from += ANNUAIRE_SCALE.chunk)
    await write(records(seed, from, Math.min(count, from + ANNUAIRE_SCALE.chunk)), false);
};

const median = (values: number[]) => stats(values).median;

/** The real app, offline: start-up and the directory's page, for an empty, a département's and the national directory. */
const runApp = async (communes: ReturnType<typeof loadSeedCommunes>): Promise<Figure[]> => {
  const figures: Figure[] = [];
  const dist = buildApp();
  const server = await startServer(dist);
  const browser = await getBrowser();
  let context: BrowserContext | undefined;
  try {
    context = await tabletContext(browser, server.baseURL);
    const page = await context.newPage();
    await page.addInitScript(USABLE_PROBE);
    await page.goto('/');
    await waitForServiceWorker(page);
    await page.reload();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE_3G.cpuSlowdown });

    const runs = 3;
    const home = async () => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await visit(page, '/'));
      return times;
    };
    const directoryPage = async () => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await visit(page, '/annuaire'));
      return times;
    };
    const departement = new AnnuaireSeed(
      2,
      communes.filter((c) => c.codeInsee.startsWith('46')),
    );

    log('annuaire: the app offline, empty directory…');
    await fillAppDirectory(page, undefined, 0);
    await visit(page, '/'); // warm-up: the first offline start is not the one measured
    const empty = await home();
    const pageEmpty = await directoryPage();
    log(`annuaire: the app offline, ${ANNUAIRE_SCALE.departement} lieux…`);
    await fillAppDirectory(page, departement, ANNUAIRE_SCALE.departement);
    const withDepartement = await home();
    const pageDepartement = await directoryPage();
    log(`annuaire: the app offline, ${ANNUAIRE_SCALE.national} lieux…`);
    await fillAppDirectory(page, national(communes), ANNUAIRE_SCALE.national);
    const withNational = await home();
    const pageNational = await directoryPage();

    const note = (times: number[]) =>
      `median of ${times.length}, worst ${Math.round(Math.max(...times))} ms; offline from the service worker, CPU ${PROFILE_3G.cpuSlowdown}×`;
    const delta = (times: number[]) =>
      `${Math.round(median(times) - median(empty))} ms more than with an empty directory`;
    figures.push(
      {
        section: SECTION,
        name: 'Start-up offline, home usable: empty directory',
        value: median(empty),
        unit: 'ms',
        budget: STARTUP_BUDGET,
        note: note(empty),
      },
      {
        section: SECTION,
        name: `Start-up offline, home usable: a département's directory (${ANNUAIRE_SCALE.departement} lieux)`,
        value: median(withDepartement),
        unit: 'ms',
        budget: STARTUP_BUDGET,
        note: `${note(withDepartement)}; ${delta(withDepartement)}`,
      },
      {
        section: SECTION,
        name: `Start-up offline, home usable: the national directory (${ANNUAIRE_SCALE.national.toLocaleString('en-US')} lieux)`,
        value: median(withNational),
        unit: 'ms',
        budget: STARTUP_BUDGET,
        note: `${note(withNational)}; ${delta(withNational)}`,
      },
      {
        section: SECTION,
        name: 'Directory page opened, empty directory: until the list shows',
        value: median(pageEmpty),
        unit: 'ms',
        note: `${note(pageEmpty)}; the page's code and the opening-hours library loaded, nothing to read`,
      },
      {
        section: SECTION,
        name: `Directory page opened, ${ANNUAIRE_SCALE.departement} lieux: until the list shows`,
        value: median(pageDepartement),
        unit: 'ms',
        note: `${note(pageDepartement)}; navigation to /annuaire until « N lieux sur N » is rendered`,
      },
      {
        section: SECTION,
        name: `Directory page opened, ${ANNUAIRE_SCALE.national.toLocaleString('en-US')} lieux: until the list shows`,
        value: median(pageNational),
        unit: 'ms',
        note: `${note(pageNational)}; reads every lieu, lists the communes of the filter`,
      },
    );
  } finally {
    await context?.close();
    await server.stop();
  }
  return figures;
};

/** The search itself, on the national directory, in the bench page (the app's data and domain modules). */
const runSearch = async (communes: ReturnType<typeof loadSeedCommunes>): Promise<Figure[]> => {
  const figures: Figure[] = [];
  const dist = buildBenchPage();
  const server = await serveStatic(dist);
  const browser = await getBrowser();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  const f = (name: string, value: number | null, unit: Figure['unit'], extra: Partial<Figure> = {}) =>
    figures.push({ section: SECTION, name, value, unit, ...extra });
  try {
    const page = await context.newPage();
    await page.goto(`${server.baseURL}/index.html`);
    await page.waitForFunction(() => 'sillonBench' in window);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE_3G.cpuSlowdown });

    const seed = national(communes);
    log(`annuaire: writing ${ANNUAIRE_SCALE.national} lieux in IndexedDB…`);
    await callPage(page, 'annuaireReset');
    let writeMs = 0;
    let longest = 0;
    for (let from = 0; from < ANNUAIRE_SCALE.national; from += ANNUAIRE_SCALE.chunk) {
      const chunk = records(seed, from, Math.min(ANNUAIRE_SCALE.national, from + ANNUAIRE_SCALE.chunk));
      const written = await callPage(page, 'annuaireWrite', chunk);
      writeMs += written.ms;
      longest = Math.max(longest, written.ms);
    }
    f(
      `Directory written: ${ANNUAIRE_SCALE.national.toLocaleString('en-US')} lieux (bulkPut, chunks of 1,000)`,
      writeMs,
      'ms',
      {
        note: `longest chunk ${Math.round(longest)} ms; as a first sync writes the directory`,
      },
    );
    const opened = await callPage(page, 'annuaireOpen');
    f(
      `Directory read into memory: ${opened.lieux.toLocaleString('en-US')} lieux (listAnnuaire)`,
      opened.readMs,
      'ms',
      {
        note: `database opened again, every lieu read; then the filter's ${opened.communes.toLocaleString('en-US')} communes in ${Math.round(opened.communesMs)} ms and the first list (put in order, texts prepared) in ${Math.round(opened.firstListMs)} ms`,
      },
    );

    log('annuaire: searching…');
    const cases = casesFor(seed);
    const cold = await callPage(page, 'annuaireSearch', cases);
    const warm = await callPage(page, 'annuaireSearch', cases);
    const worstOf = (runs: typeof cold) => runs.reduce((a, b) => (b.ms > a.ms ? b : a));
    const all = [...cold, ...warm];
    f(
      `Directory search, ${ANNUAIRE_SCALE.national.toLocaleString('en-US')} lieux: per query, median`,
      median(all.map((r) => r.ms)),
      'ms',
      {
        budget: QUERY_BUDGET,
        note: `${all.length} queries (${cases.length} kinds, typed text one per keystroke, each run twice)`,
      },
    );
    const worstCold = worstOf(cold);
    f(
      `Directory search, ${ANNUAIRE_SCALE.national.toLocaleString('en-US')} lieux: per query, worst`,
      worstCold.ms,
      'ms',
      {
        budget: QUERY_BUDGET,
        note: `slowest: ${worstCold.label}${worstCold.query ? ` « ${worstCold.query} »` : ''} (${worstCold.found} found), the first time (opening hours parsed, text index built)`,
      },
    );
    const worstWarm = worstOf(warm);
    f(`… the same, worst once each kind of query has run once`, worstWarm.ms, 'ms', {
      budget: QUERY_BUDGET,
      note: `slowest: ${worstWarm.label}${worstWarm.query ? ` « ${worstWarm.query} »` : ''} (${worstWarm.found} found)`,
    });
    for (const c of cases) {
      const first = cold.filter((r) => r.label === c.label);
      const again = warm.filter((r) => r.label === c.label);
      f(`Directory search: ${c.label}`, Math.max(...first.map((r) => r.ms)), 'ms', {
        budget: QUERY_BUDGET,
        note: `worst the first time; then worst ${Math.round(Math.max(...again.map((r) => r.ms)))} ms; ${first.at(-1)!.found} found`,
      });
    }
  } finally {
    await context.close();
    await server.close();
  }
  return figures;
};

export const runAnnuaire = async (): Promise<Figure[]> => {
  const communes = loadSeedCommunes('all');
  return [...(await runSearch(communes)), ...(await runApp(communes))];
};
