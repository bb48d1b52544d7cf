// The app under its own Content-Security-Policy, online and offline: nothing it needs is blocked,
// and what it must never do (run a hostile file as a page of the app) cannot happen.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  CSP_SELF_TEST_PATH,
  cspViolations,
  launchBrowser,
  tabletContext,
  waitForServiceWorker,
} from './browser';

const root = resolve(import.meta.dirname, '..', '..');
const admin = (...args: string[]): string =>
  execFileSync(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args], {
    cwd: root,
    env: { ...process.env, SILLON_DATA_DIR: inject('dataDir'), DATABASE_URL: '' },
    encoding: 'utf8',
  });

const PASSWORD = 'un mot de passe de test';
const heading = (page: Page, name?: string | RegExp) =>
  page.getByRole('heading', { level: 1, ...(name ? { name } : {}) }).waitFor();

const ROUTES = [
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
  '/synchronisation/structure',
  '/connexion',
  '/parametres',
];

describe('security in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(
      admin('create-structure', 'Espace France Services de Gourdon'),
    )![1]!;
    admin(
      'create-user',
      '--structure',
      structureId,
      '--email',
      'nadia@gourdon.fr',
      '--name',
      'Nadia Coord',
      '--role',
      'coordinateur',
      '--password',
      PASSWORD,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serves the app with a strict policy and no inline script or style', async () => {
    const res = await fetch(`${inject('baseURL')}/`);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  it('runs every screen, signed in, online then offline, with nothing blocked by the policy', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/connexion');
    await heading(page, 'Connexion');
    await page.getByLabel(/^Adresse e-mail/).fill('nadia@gourdon.fr');
    await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await heading(page, 'Synchronisation');
    await waitForServiceWorker(page);
    for (const route of ROUTES) {
      await page.goto(route);
      await heading(page);
    }
    // The statistics worker and the coordinateur's accounts page did their work.
    await page.goto('/statistiques');
    await page.getByText('Accompagnements', { exact: false }).first().waitFor();
    await page.goto('/synchronisation/structure');
    await page.getByText('Nadia Coord', { exact: false }).first().waitFor();

    await context.setOffline(true);
    for (const route of ROUTES) {
      await page.goto(route);
      await heading(page);
    }
    await page.reload();
    await heading(page);
    expect(cspViolations(context)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('notices a violation when there is one (the check can fail)', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    // A path of its own, so that the run's final check (global-setup.ts) knows this one is on purpose.
    await page.goto(CSP_SELF_TEST_PATH);
    await heading(page);
    // An inline script, as an injection would add: refused, and seen.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__ran = true';
      document.body.append(script);
    });
    await expect.poll(() => cspViolations(context).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => 'ran' in window || '__ran' in window)).toBe(false);
    await context.close();
  });
});
