// What the end-to-end tests do as a person of a structure: the admin command that creates
// structures and accounts, signing in on a tablet, and « Synchroniser » until nothing is left.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';

import { waitForServiceWorker } from './browser';

const root = resolve(import.meta.dirname, '..', '..');

/** `npm run admin -- …` against the test server's data folder (embedded database). */
export const admin = (...args: string[]): string =>
  execFileSync(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args], {
    cwd: root,
    env: { ...process.env, SILLON_DATA_DIR: inject('dataDir'), DATABASE_URL: '' },
    encoding: 'utf8',
  });

export const PASSWORD = 'un mot de passe de test';

export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** A code the lock accepts (src/domain/lock-code.ts), for the tests that choose one. */
export const LOCK_CODE = '428163';

/** After a sign-in: chooses the account's lock code in the prompt every screen shows until there is one. */
export const chooseLockCode = async (page: Page, code: string = LOCK_CODE): Promise<void> => {
  await page.getByLabel(/^Nouveau code à 6 chiffres/).fill(code);
  await page.getByLabel(/^Le même code, encore une fois/).fill(code);
  await page.getByRole('button', { name: 'Choisir ce code' }).click();
  await page.getByRole('status').filter({ hasText: 'Code enregistré' }).waitFor();
};

/**
 * Signs in on a new page of `context` (or on `options.page`) and waits for the service worker;
 * `shows`: a text the Synchronisation page must then show (the role and structure line, say).
 * `options.code`: the lock code to choose right after (without it the account has none, and the lock,
 * which only comes after 10 idle minutes in these tests, would ask for the password).
 */
export const signIn = async (
  context: BrowserContext,
  email: string,
  shows?: string | RegExp,
  options: { code?: string; page?: Page } = {},
): Promise<Page> => {
  const page = options.page ?? (await context.newPage());
  await page.goto('/connexion');
  await heading(page, 'Connexion').waitFor();
  await page.getByLabel(/^Adresse e-mail/).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await heading(page, 'Synchronisation').waitFor();
  if (shows) await page.getByText(shows).waitFor();
  await waitForServiceWorker(page);
  if (options.code) await chooseLockCode(page, options.code);
  return page;
};

/**
 * « Synchroniser », then wait for a sync that began on this page load to succeed (the one clicked,
 * or the automatic one already running when the page opened) and for nothing to be left to send.
 */
export const syncNow = async (page: Page): Promise<void> => {
  await page.goto('/synchronisation');
  const button = page.getByRole('button', { name: 'Synchroniser' });
  await button.waitFor();
  const lastSuccess = () =>
    page
      .getByTestId('last-success')
      .evaluate((dd) => dd.querySelector('time')?.getAttribute('datetime') ?? null);
  const before = await lastSuccess();
  await expect.poll(() => button.isEnabled(), { timeout: 20_000 }).toBe(true);
  await button.click();
  await expect
    .poll(async () => (await button.isEnabled()) && (await lastSuccess()) !== before, { timeout: 20_000 })
    .toBe(true);
  await expect.poll(() => page.getByTestId('pending-count').textContent(), { timeout: 20_000 }).toBe('0');
  expect(await page.getByTestId('sync-error').count()).toBe(0);
};
