import { readFileSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser, runAxe, tabletContext, waitForServiceWorker } from './browser';

/**
 * Writes records straight into the app's IndexedDB (the database Dexie already created): today,
 * three individual sessions (one with Alice, two anonymous) and one atelier of 5 anonymous
 * participants, by two advisors → 3 + 5 = 8 accompagnements; the atelier alone: 5.
 */
const seed = (page: Page) =>
  page.evaluate(async () => {
    const registry = JSON.parse(localStorage.getItem('sillon.accounts') ?? '{}') as {
      active?: string;
      owners?: Record<string, { db?: string }>;
    };
    const name = (registry.active && registry.owners?.[registry.active]?.db) || 'sillon';
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    const stamp = now.toISOString();
    const meta = (id: string, createdBy: string) => ({
      id,
      createdBy,
      structureId: 's1',
      createdAt: stamp,
      updatedAt: stamp,
    });
    const lieu = {
      ...meta('lieu-1', 'u1'),
      nom: 'Médiathèque',
      commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
    };
    const alice = {
      ...meta('b-1', 'u1'),
      anonyme: false,
      prenom: 'Alice',
      nom: 'Martin',
      genre: 'feminin',
      trancheAge: 'soixante_dix_plus',
      sortKey: 'martin alice',
      searchTokens: ['martin', 'alice'],
    };
    const activity = (id: string, by: string, fields: object) => ({
      ...meta(id, by),
      date: today,
      duree: 60,
      typeLieu: 'lieu_activite',
      lieuId: 'lieu-1',
      thematiques: ['email'],
      materiel: ['ordinateur'],
      beneficiaryIds: [],
      ...fields,
    });
    const activities = [
      activity('a-1', 'u1', { type: 'individuel', beneficiaryIds: ['b-1'] }),
      activity('a-2', 'u1', { type: 'individuel' }),
      activity('a-3', 'u2', { type: 'individuel', duree: 30 }),
      activity('a-4', 'u2', {
        type: 'collectif',
        titreAtelier: 'Découvrir la tablette',
        participantsAnonymes: { total: 5, dejaAccompagne: 0, genre: {}, trancheAge: {}, statutSocial: {} },
      }),
    ];
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['activities', 'beneficiaries', 'lieux', 'statsDirty'], 'readwrite');
      for (const a of activities) tx.objectStore('activities').put(a);
      tx.objectStore('beneficiaries').put(alice);
      tx.objectStore('lieux').put(lieu);
      // What every write of the app does in its transaction (src/data/stats-aggregates.ts): the
      // month and the people it makes stale in the statistics' aggregates, marked.
      tx.objectStore('statsDirty').put({ key: `m:${today.slice(0, 7)}`, n: Math.random() });
      tx.objectStore('statsDirty').put({ key: 'p:b-1', n: Math.random() });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });

describe('statistics', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('computes offline, follows a filter and exports the CSV', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await page.goto('/statistiques');
    await page.getByRole('heading', { level: 1, name: 'Statistiques' }).waitFor();
    await waitForServiceWorker(page);
    await context.setOffline(true);

    await seed(page);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Statistiques' }).waitFor();
    const total = page.getByTestId('figure-accompagnements').locator('dd').first();
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toBe('8');
    expect(await page.getByTestId('figure-beneficiaires').locator('dd').textContent()).toBe('8');
    expect(await page.getByTestId('figure-ateliers').locator('dd').textContent()).toBe('1');
    // The charts follow the figures as they come near the screen, offline too: their library is a
    // chunk of its own, precached (Chart.js sizes a canvas it draws on; one it never drew keeps no
    // style). The report is read down to its end.
    for (let i = 0; i < 40; i++) {
      const atEnd = await page.evaluate(() => {
        window.scrollBy(0, 500);
        return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
      });
      await page.waitForTimeout(50);
      if (atEnd) break;
    }
    await expect
      .poll(() => page.locator('.stats-chart canvas[style*="box-sizing"]').count(), { timeout: 15_000 })
      .toBeGreaterThan(5);
    await page.evaluate(() => window.scrollTo(0, 0));

    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Atelier collectif' });
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toBe('5');
    expect(await page.getByTestId('figure-individuels').locator('dd').textContent()).toBe('0');

    // Every chart can be read as a table.
    const details = page.locator('details', { hasText: 'Durées des accompagnements' }).first();
    await details.locator('summary').click();
    await expect
      .poll(() => details.locator('tr', { hasText: '1 h à 2 h' }).locator('td').first().textContent())
      .toBe('5');

    const row = page.locator('li', { hasText: 'Liste des accompagnements' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^sillon-accompagnements-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]!.startsWith('Date;Enregistré le;Dernière modification le;')).toBe(true);
    // The filter holds: the atelier's 5 accompagnements, numbered 1/5 … 5/5.
    expect(lines.slice(1).filter((l) => l.includes('a-4'))).toHaveLength(5);
    expect(lines.slice(1).filter(Boolean)).toHaveLength(5);

    expect(await runAxe(page)).toEqual([]);
    await context.close();
  });
});
