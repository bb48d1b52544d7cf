// Several tabs of one tablet, in Chromium: a write made in one tab while another syncs is pushed as
// soon as that sync ends (the sync lock queues, it does not skip), and a tab still on the older
// database schema saves its drafts, closes its database and asks to reload instead of blocking the
// newer version's upgrade.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser, tabletContext, waitForServiceWorker } from './browser';
import { admin, heading } from './session';

const PASSWORD = 'un mot de passe pour les onglets';
const EMAIL = 'onglets@causse.fr';

/** The app's database in this browser profile (the signed-in account's). */
const databaseName = async (page: Page): Promise<string> =>
  page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '');
    return names.find((n) => n.startsWith('sillon')) ?? 'sillon';
  });

describe('several tabs of one tablet', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', 'Espace des onglets'))![1]!;
    admin(
      'create-user',
      '--structure',
      structureId,
      '--email',
      EMAIL,
      '--name',
      'Ana Onglet',
      '--role',
      'conseiller',
      '--password',
      PASSWORD,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('pushes a write made in one tab while another syncs as soon as that sync ends', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const a = await context.newPage();
    await a.goto('/connexion');
    await a.getByLabel(/^Adresse e-mail/).fill(EMAIL);
    await a.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await a.getByRole('button', { name: 'Se connecter' }).click();
    await heading(a, 'Synchronisation').waitFor();
    await waitForServiceWorker(a);
    await expect
      .poll(() => a.getByTestId('sync-status').textContent(), { timeout: 20_000 })
      .toContain('Synchronisé');

    // Tab A starts a long sync (the test holds its lock, as a sync on a slow link would).
    const lock = `sillon-sync:${await databaseName(a)}`;
    await a.evaluate((name) => {
      void navigator.locks.request(
        name,
        () =>
          new Promise<void>((release) => ((window as unknown as { release: () => void }).release = release)),
      );
    }, lock);

    // Meanwhile tab B registers a beneficiary and stays on the app.
    const b = await context.newPage();
    await b.goto('/beneficiaires/nouveau');
    await heading(b, 'Nouveau bénéficiaire').waitFor();
    await b.getByRole('textbox', { name: /^Prénom/ }).fill('Odette');
    await b.getByRole('textbox', { name: /^Nom/ }).fill('Valette');
    await b.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(b, 'Odette VALETTE').waitFor();
    await b.getByRole('navigation').getByRole('link', { name: 'Synchronisation' }).click();
    await heading(b, 'Synchronisation').waitFor();
    // Its sync waits for tab A's (it does not give up until the next periodic attempt).
    await new Promise((r) => setTimeout(r, 6000));
    expect(await b.getByTestId('pending-count').textContent()).toBe('1');
    expect(
      await b.evaluate(async () => (await navigator.locks.query()).pending?.length ?? 0),
    ).toBeGreaterThan(0);

    // Tab A's sync ends: B's change reaches the server within seconds, and both tabs say so.
    const released = Date.now();
    await a.evaluate(() => (window as unknown as { release: () => void }).release());
    await expect.poll(() => b.getByTestId('pending-count').textContent(), { timeout: 15_000 }).toBe('0');
    expect(Date.now() - released).toBeLessThan(15_000);
    await expect
      .poll(() => a.getByTestId('sync-status').textContent(), { timeout: 10_000 })
      .toContain('Synchronisé');
    await context.close();
  });

  it('lets a newer version upgrade the database: the older tab saves its draft, closes and asks to reload', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const old = await context.newPage();
    await old.goto('/beneficiaires/nouveau');
    await heading(old, 'Nouveau bénéficiaire').waitFor();
    await old.getByRole('textbox', { name: /^Prénom/ }).fill('Rosalie');
    const name = await databaseName(old);

    // Another tab opens the database at a newer version, as the next release of the app would.
    const next = await context.newPage();
    await next.goto('/parametres');
    const upgrade = await next.evaluate(
      (db) =>
        new Promise<{ blockedForever: boolean; drafts: string }>((done) => {
          const request = indexedDB.open(db, 10_000);
          const timer = setTimeout(() => done({ blockedForever: true, drafts: '' }), 10_000);
          request.onsuccess = () => {
            clearTimeout(timer);
            const read = request.result.transaction('drafts').objectStore('drafts').getAll();
            read.onsuccess = () => done({ blockedForever: false, drafts: JSON.stringify(read.result) });
          };
        }),
      name,
    );
    expect(upgrade.blockedForever).toBe(false);
    // What was being typed in the older tab was saved before it let go (sealed: encryption at rest).
    const drafts = JSON.parse(upgrade.drafts) as { kind?: string }[];
    expect(drafts.map((d) => d.kind)).toContain('beneficiary');
    expect(upgrade.drafts).not.toContain('Rosalie');
    const dialog = old.getByRole('alertdialog', { name: 'Sillon a été mis à jour dans un autre onglet' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('button', { name: 'Recharger' }).isVisible()).toBe(true);
    await context.close();
  });
});
