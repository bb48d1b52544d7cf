import { readFileSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser, runAxe, tabletContext, waitForServiceWorker } from './browser';

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

describe('beneficiaries offline', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates a beneficiary offline with a commune picked offline, finds it after a reload', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    // Every title and address the page ever had (replaced history entries included): the browser
    // keeps them on disk, so none may name the person.
    const traces: string[] = [];
    await context.exposeBinding('__sillonTrace', (_source, value: string) => void traces.push(value));
    await context.addInitScript(() => {
      const w = window as unknown as { __sillonTrace: (v: string) => void };
      const note = () => {
        w.__sillonTrace(document.title);
        w.__sillonTrace(location.href);
      };
      for (const name of ['pushState', 'replaceState'] as const) {
        const original = history[name].bind(history);
        history[name] = (...args: Parameters<History['pushState']>) => {
          original(...args);
          note();
        };
      }
      new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const page = await context.newPage();
    await page.goto('/beneficiaires');
    await heading(page, 'Bénéficiaires').waitFor();
    await waitForServiceWorker(page);
    await page.getByText('Aucun bénéficiaire enregistré pour le moment.').waitFor();
    expect(await runAxe(page)).toEqual([]);

    await context.setOffline(true);
    await page.getByRole('link', { name: 'Nouveau bénéficiaire' }).first().click();
    await heading(page, 'Nouveau bénéficiaire').waitFor();

    // A reload in the middle of the form loses nothing: the draft comes back.
    await page.getByRole('textbox', { name: /^Prénom/ }).fill('Germaine');
    await page.getByRole('textbox', { name: /^Nom/ }).fill('Lacombe');
    await page.reload();
    await page.getByRole('heading', { name: 'Brouillon restauré' }).waitFor();
    expect(await page.getByRole('textbox', { name: /^Prénom/ }).inputValue()).toBe('Germaine');
    expect(await page.getByRole('textbox', { name: /^Nom/ }).inputValue()).toBe('Lacombe');

    await page.getByRole('textbox', { name: /^Téléphone/ }).fill('05 65 12 34 56');
    await page.getByRole('textbox', { name: /^Année de naissance/ }).fill('1948');
    await page.getByTestId('tranche-age').getByText('70 ans et plus').waitFor();
    const commune = page.getByRole('combobox', { name: /Commune de résidence/ });
    await commune.pressSequentially('cahors');
    const cahors = page.getByRole('option', { name: 'Cahors (46000)' });
    await cahors.waitFor();
    expect(await runAxe(page)).toEqual([]);
    await cahors.click();
    expect(await commune.inputValue()).toBe('Cahors (46000)');
    await page.getByRole('radio', { name: 'Féminin' }).check();
    await page.getByRole('radio', { name: 'Retraité' }).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();

    await heading(page, 'Germaine LACOMBE').waitFor();
    await page.reload();
    await heading(page, 'Germaine LACOMBE').waitFor();
    expect(await page.getByText('Cahors (46000) · code INSEE 46042').count()).toBe(1);

    await page.goto('/beneficiaires');
    await heading(page, 'Bénéficiaires').waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher un bénéficiaire' }).fill('germ cahors');
    await page.getByTestId('list-status').getByText('1 résultat').waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher un bénéficiaire' }).fill('06');
    await page.getByText('Aucun bénéficiaire ne correspond à « 06 ».').waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher un bénéficiaire' }).fill('05 65 12');
    await page.getByRole('link', { name: /Germaine LACOMBE/ }).click();
    await heading(page, 'Germaine LACOMBE').waitFor();
    await page.getByText('Aucun accompagnement enregistré pour ce bénéficiaire.').waitFor();
    expect(await page.getByRole('link', { name: 'Nouvel accompagnement' }).getAttribute('href')).toMatch(
      /^\/activites\/nouvelle\/individuel\?beneficiaire=[0-9a-f-]{36}$/,
    );
    expect(await runAxe(page)).toEqual([]);

    // Back to the list: the search comes back from memory, not from the address.
    await page.goBack();
    await heading(page, 'Bénéficiaires').waitFor();
    expect(await page.getByRole('searchbox', { name: 'Rechercher un bénéficiaire' }).inputValue()).toBe(
      '05 65 12',
    );
    await page.getByRole('link', { name: /Germaine LACOMBE/ }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    // The list's export of its search, offline: the statistics client comes at the first export.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(readFileSync((await download.path())!, 'utf8')).toMatch(/lacombe/i);
    await page.getByRole('link', { name: /Germaine LACOMBE/ }).click();
    await heading(page, 'Germaine LACOMBE').waitFor();

    // What Chromium's own history holds for this tab, and every title and address seen.
    const cdp = await context.newCDPSession(page);
    const { entries } = (await cdp.send('Page.getNavigationHistory')) as {
      entries: { url: string; title: string }[];
    };
    expect(entries.length).toBeGreaterThan(3);
    traces.push(...entries.flatMap((e) => [e.url, e.title]));
    expect(traces.length).toBeGreaterThan(10);
    const witness = /germ|lacombe|05 ?65|0565/i;
    expect(traces.filter((t) => witness.test(t) || witness.test(decodeURIComponent(t)))).toEqual([]);

    // Deletion asks first, then the fiche leaves the list.
    await page.getByRole('button', { name: 'Supprimer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer ce bénéficiaire ?' });
    await dialog.getByText(/Vos statistiques ne seront pas impactées/).waitFor();
    expect(await runAxe(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Supprimer' }).click();
    await heading(page, 'Bénéficiaires').waitFor();
    await page.getByText('Le bénéficiaire a été supprimé.').waitFor();
    await page.getByText('Aucun bénéficiaire enregistré pour le moment.').waitFor();
    await context.close();
  });
});
