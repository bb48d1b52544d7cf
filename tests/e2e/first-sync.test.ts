// A new tablet joins a structure that already holds 2,500 records: its first sync, in Chromium's
// real IndexedDB, brings them all. Pages of up to 2,000 records are applied in slices (each
// slice's writes awaited inside the page's transaction) while the next page travels: a page of
// 200 records once made Chromium commit its transaction early, and the first sync of any
// structure over a page failed in the browser while the tests on fake-indexeddb passed.
import { randomUUID } from 'node:crypto';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { loadSeedCommunes } from '../../scripts/seed/communes';
import { SeedGenerator } from '../../src/domain/seed';
import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION } from '../../src/domain/sync';
import { fillStructure } from '../../bench/lib/server-fixtures';
import { launchBrowser, tabletContext } from './browser';
import { admin, PASSWORD, signIn, syncNow } from './session';

const EMAIL = 'ines@plateau.fr';
const TOTAL = 2500;

/** Counts of a few tables in the signed-in account's database, read straight from IndexedDB. */
const localCounts = (): Promise<Record<string, number>> =>
  new Promise((resolve, reject) => {
    {
      // The account registry names the signed-in person's database (src/data/sync/accounts.ts).
      const registry = JSON.parse(localStorage.getItem('sillon.accounts') ?? '{}') as {
        active?: string;
        owners?: Record<string, { db?: string }>;
      };
      const open = indexedDB.open((registry.active && registry.owners?.[registry.active]?.db) || 'sillon');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tables = ['beneficiaries', 'activities', 'items', 'lieux'].filter((t) =>
          db.objectStoreNames.contains(t),
        );
        const tx = db.transaction(tables);
        const counts: Record<string, number> = {};
        for (const t of tables) {
          const request = tx.objectStore(t).count();
          request.onsuccess = () => (counts[t] = request.result);
        }
        tx.oncomplete = () => {
          db.close();
          resolve(counts);
        };
      };
    }
  });

describe('first sync of a structure larger than a page', () => {
  let browser: Browser;
  let filled: Awaited<ReturnType<typeof fillStructure>>;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', 'Espace numérique du Plateau'))![1]!;
    admin(
      'create-user',
      '--structure',
      structureId,
      '--email',
      EMAIL,
      '--name',
      'Inès Valat',
      '--role',
      'coordinateur',
      '--password',
      PASSWORD,
    );
    // Another tablet of the same person filled the structure through the real push.
    const deviceId = randomUUID();
    const res = await fetch(`${inject('baseURL')}/api/auth/sign-in`, {
      method: 'POST',
      headers: { [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION), 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD, deviceId }),
    });
    expect(res.status).toBe(200);
    const { token, user } = (await res.json()) as { token: string; user: { id: string } };
    const g = new SeedGenerator({ seed: 13, communes: loadSeedCommunes(), beneficiaries: TOTAL / 10 });
    filled = await fillStructure(
      inject('baseURL'),
      { deviceId, token, userId: user.id, structureId },
      g,
      TOTAL,
    );
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('brings every record to the new tablet', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await signIn(context, EMAIL);
    await syncNow(page);
    await expect
      .poll(() => page.evaluate(localCounts), { timeout: 60_000 })
      .toEqual({
        beneficiaries: filled.beneficiaries,
        activities: filled.activities,
        items: filled.items,
        lieux: filled.lieux,
      });
    expect(filled.beneficiaries + filled.activities + filled.items + filled.lieux).toBe(TOTAL);
    await page.goto('/synchronisation');
    expect(await page.getByTestId('sync-error').count()).toBe(0);
  }, 180_000);
});
