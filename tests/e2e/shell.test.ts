import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  launchBrowser,
  layoutShift,
  runAxe,
  tabletContext,
  waitForServiceWorker,
  watchLayoutShifts,
} from './browser';

describe('app shell', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads offline after the first visit, deep links included', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor()).resolves.toBeUndefined();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.goto('/parametres');
    await page.getByRole('heading', { level: 1, name: 'Paramètres' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Paramètres' }).waitFor();
    expect(await page.getByTestId('online-indicator').textContent()).toContain('Hors ligne');
    const violations = await runAxe(page);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('tells that Sillon works offline with the next screen opened, without moving the one being read', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await watchLayoutShifts(page);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    await waitForServiceWorker(page);
    const notice = page.getByText('Sillon fonctionne maintenant sans réseau.');
    // The precache is complete: the notice is known, and still not shown over the home.
    await page.waitForTimeout(1000);
    expect(await notice.count()).toBe(0);
    expect(await layoutShift(page)).toBeLessThanOrEqual(0.02);
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Paramètres' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Paramètres' }).waitFor();
    await expect(notice.waitFor()).resolves.toBeUndefined();
    await page.getByRole('status').filter({ has: notice }).getByRole('button', { name: 'Fermer' }).click();
    expect(await notice.count()).toBe(0);
    await context.close();
  });

  it('serves every route by URL offline, each with a heading and no accessibility violation', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    const routes = [
      '/',
      '/beneficiaires',
      '/beneficiaires/nouveau',
      '/activites',
      '/activites/nouvelle/individuel',
      '/activites/nouvelle/collectif',
      '/materiel',
      '/materiel/nouveau',
      '/materiel/scanner',
      '/prets',
      '/prets/nouveau',
      '/prets/modele',
      '/statistiques',
      '/synchronisation',
      '/synchronisation/conflits',
      '/connexion',
      '/parametres',
    ];
    for (const route of routes) {
      await page.goto(route);
      const heading = page.getByRole('heading', { level: 1 });
      await heading.waitFor();
      expect(await heading.textContent(), route).not.toBe('Page introuvable');
      expect(await runAxe(page), route).toEqual([]);
    }
    await context.close();
  });
});
