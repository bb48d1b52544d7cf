// The home screen rendered at build (src/app/prerender.tsx, served for « / » by server/static.ts):
// its links work before any JavaScript, React takes it over without rebuilding it (nothing moves),
// and it is never what the service worker answers.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  cspViolations,
  launchBrowser,
  layoutShift,
  runAxe,
  tabletContext,
  waitForServiceWorker,
  watchLayoutShifts,
} from './browser';

describe('prerendered home', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is the HTML of « / » only, with the home heading and its real links', async () => {
    const home = await (await fetch(`${inject('baseURL')}/`)).text();
    expect(home).toContain('data-prerendered="/"');
    expect(home).toMatch(/<h1[^>]*>Accueil<\/h1>/);
    expect(home).toContain('href="/activites/nouvelle/individuel"');
    const deep = await (await fetch(`${inject('baseURL')}/beneficiaires`)).text();
    expect(deep).not.toContain('data-prerendered');
    expect(deep).toContain('id="boot"');
  });

  it('leads where its links say before the JavaScript has come', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    // No script at all: what the tablet shows while the entry is still on its way.
    await page.route('**/*.js', (route) => route.abort());
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    await page.getByRole('link', { name: 'Accompagnement individuel' }).click();
    await page.waitForURL('**/activites/nouvelle/individuel');
    await context.close();
  });

  it('is taken over by React as it is: same nodes, no layout shift, no error', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    // A phone's width, where a heading that grows once hydrated would wrap and move what follows.
    await page.setViewportSize({ width: 412, height: 823 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await watchLayoutShifts(page);
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        (window as unknown as { __prerenderedH1?: Element | null }).__prerenderedH1 =
          document.querySelector('h1');
      });
    });
    await page.goto('/');
    // Hydrated: today's date, which only the device knows, is in the day's card.
    await page.waitForFunction(() =>
      /\d{4}/.test(document.getElementById('today')?.parentElement?.textContent ?? ''),
    );
    const sameNode = await page.evaluate(() => {
      const w = window as unknown as { __prerenderedH1?: Element | null };
      return !!w.__prerenderedH1 && w.__prerenderedH1 === document.querySelector('h1');
    });
    expect(sameNode).toBe(true);
    expect(await layoutShift(page)).toBe(0);
    // The hydrated screen answers: a tap goes through the app's router, without reloading.
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    await page.getByRole('link', { name: 'Nouveau bénéficiaire' }).click();
    await page.getByRole('heading', { level: 1, name: /bénéficiaire/i }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    expect(errors).toEqual([]);
    expect(cspViolations(context)).toEqual([]);
    await context.close();
  });

  it('is not what the service worker answers: offline, « / » renders from the plain shell', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    await waitForServiceWorker(page);
    const cached = await page.evaluate(async () => {
      const keys = await Promise.all((await caches.keys()).map(async (n) => (await caches.open(n)).keys()));
      return keys.flat().map((r) => new URL(r.url).pathname);
    });
    expect(cached.some((p) => p.startsWith('/index.html'))).toBe(true);
    expect(cached.some((p) => p.startsWith('/home.html'))).toBe(false);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    expect(await page.locator('#root').getAttribute('data-prerendered')).toBeNull();
    expect(await runAxe(page)).toEqual([]);
    await context.close();
  });
});
