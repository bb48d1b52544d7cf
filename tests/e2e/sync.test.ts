// Two tablets (two Chromium contexts) of one structure, through the real server: an offline entry
// reaches the colleague, different-field edits both survive, a same-field edit shows a conflict.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { admin, heading, PASSWORD, signIn, syncNow } from './session';
import { launchBrowser, runAxe, tabletContext } from './browser';

const editField = async (page: Page, id: string, label: RegExp, value: string) => {
  await page.goto(`/beneficiaires/${id}/modifier`);
  await heading(page, /^Modifier/).waitFor();
  await page.getByRole('textbox', { name: label }).fill(value);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await heading(page, /LACOMBE/).waitFor();
};

const fieldValue = async (page: Page, id: string, label: RegExp): Promise<string> => {
  await page.goto(`/beneficiaires/${id}/modifier`);
  await heading(page, /^Modifier/).waitFor();
  return page.getByRole('textbox', { name: label }).inputValue();
};

describe('two tablets of one structure', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', 'Tiers-lieu du Causse'))![1]!;
    for (const [email, name] of [
      ['lea@causse.fr', 'Léa Martin'],
      ['marc@causse.fr', 'Marc Roche'],
    ] as const) {
      admin(
        'create-user',
        '--structure',
        structureId,
        '--email',
        email,
        '--name',
        name,
        '--role',
        'conseiller',
        '--password',
        PASSWORD,
      );
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('carries an offline entry to a colleague, merges different fields, shows a same-field conflict', async () => {
    const contextA = await tabletContext(browser, inject('baseURL'));
    const contextB = await tabletContext(browser, inject('baseURL'));
    const a = await signIn(contextA, 'lea@causse.fr', /Conseiller·ère · Tiers-lieu du Causse/);
    const b = await signIn(contextB, 'marc@causse.fr', /Conseiller·ère · Tiers-lieu du Causse/);

    // Tablet A, offline, registers a beneficiary: it waits in the outbox, marked as not sent.
    await contextA.setOffline(true);
    await a.goto('/beneficiaires/nouveau');
    await heading(a, 'Nouveau bénéficiaire').waitFor();
    await a.getByRole('textbox', { name: /^Prénom/ }).fill('Germaine');
    await a.getByRole('textbox', { name: /^Nom/ }).fill('Lacombe');
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(a, 'Germaine LACOMBE').waitFor();
    await a.goto('/synchronisation');
    await expect.poll(() => a.getByTestId('pending-count').textContent()).toBe('1');
    // Offline, the scheduler does not even try: the chip says what waits, not « Synchronisation… ».
    await expect.poll(() => a.getByTestId('sync-status').textContent()).toContain('1 en attente');
    expect(await runAxe(a)).toEqual([]);

    // Back online: it reaches the server, then tablet B.
    await contextA.setOffline(false);
    await syncNow(a);
    await syncNow(b);
    await b.goto('/beneficiaires');
    await b.getByRole('link', { name: /Germaine LACOMBE/ }).click();
    await heading(b, 'Germaine LACOMBE').waitFor();
    const id = /beneficiaires\/([0-9a-f-]{36})/.exec(b.url())![1]!;

    // Different fields on both tablets, offline: both edits survive.
    await contextA.setOffline(true);
    await contextB.setOffline(true);
    await editField(a, id, /^Téléphone/, '05 65 11 22 33');
    await editField(b, id, /^Prénom/, 'Germaine-Marie');
    await contextA.setOffline(false);
    await contextB.setOffline(false);
    await syncNow(a);
    await syncNow(b);
    await syncNow(a);
    for (const page of [a, b]) {
      expect(await fieldValue(page, id, /^Prénom/)).toBe('Germaine-Marie');
      expect((await fieldValue(page, id, /^Téléphone/)).replace(/\D/g, '')).toBe('0565112233');
    }

    // The same field on both: the later push wins, the other value waits for review on both tablets.
    await contextA.setOffline(true);
    await contextB.setOffline(true);
    await editField(a, id, /^Nom/, 'Lacombe-Roux');
    await editField(b, id, /^Nom/, 'Lacombe-Vidal');
    // One tablet back online at a time: the automatic sync on reconnection must not reorder the pushes.
    await contextA.setOffline(false);
    await syncNow(a);
    await contextB.setOffline(false);
    await syncNow(b);
    await syncNow(a);
    for (const page of [a, b]) {
      await page.goto('/synchronisation/conflits');
      await heading(page, 'Conflits à examiner').waitFor();
      await expect.poll(() => page.getByTestId('conflict').count()).toBe(1);
      expect((await page.getByTestId('kept-value').textContent())?.toUpperCase()).toContain('LACOMBE-VIDAL');
      expect((await page.getByTestId('lost-value').textContent())?.toUpperCase()).toContain('LACOMBE-ROUX');
    }
    expect(await runAxe(a)).toEqual([]);

    // Léa takes her value back; after syncing, both tablets agree and the conflict is closed.
    await a.getByRole('button', { name: 'Reprendre la valeur écartée' }).click();
    await a.getByText('Aucun conflit').waitFor();
    await syncNow(a);
    await syncNow(b);
    expect((await fieldValue(b, id, /^Nom/)).toUpperCase()).toBe('LACOMBE-ROUX');
    await b.goto('/synchronisation/conflits');
    await b.getByText('Aucun conflit').waitFor();
    await contextA.close();
    await contextB.close();
  });
});
