// The RGPD screens in Chromium through the real server (issue 14): the right of access read back from
// the files the tablet produces offline, and the remote wipe of a lost tablet — it sends what it
// still held, then erases that account's data and says so.
import { readFileSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { openAccessibleVersion } from './accessible-version';
import { launchBrowser, tabletContext, waitForServiceWorker } from './browser';
import { admin, heading, PASSWORD, signIn, syncNow } from './session';

const STRUCTURE = 'Espace numérique de Figeac';

/** Creates a beneficiary through the form (the page is on the list). */
const createBeneficiary = async (page: Page, prenom: string, nom: string) => {
  await page.goto('/beneficiaires/nouveau');
  await heading(page, 'Nouveau bénéficiaire').waitFor();
  await page.getByRole('textbox', { name: /^Prénom/ }).fill(prenom);
  await page.getByRole('textbox', { name: /^Nom/ }).fill(nom);
  await page.getByRole('textbox', { name: /^Téléphone/ }).fill('05 65 34 12 12');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await heading(page, `${prenom} ${nom.toUpperCase()}`).waitFor();
};

describe('RGPD', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', STRUCTURE))![1]!;
    for (const [email, name, role] of [
      ['coord@figeac.fr', 'Claire Delmas', 'coordinateur'],
      ['lucas@figeac.fr', 'Lucas Bach', 'conseiller'],
    ])
      admin(
        'create-user',
        '--structure',
        structureId,
        '--email',
        email!,
        '--name',
        name!,
        '--role',
        role!,
        '--password',
        PASSWORD,
      );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('« Exporter ses données » gives, offline, a JSON and a PDF that hold what the tablet keeps about her', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await page.goto('/beneficiaires');
    await heading(page, 'Bénéficiaires').waitFor();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await createBeneficiary(page, 'Odette', 'Vayssié');

    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter ses données (JSON)' }).click(),
    ]);
    expect(json.suggestedFilename()).toMatch(/^donnees-beneficiaire-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
      format: string;
      beneficiary: Record<string, unknown>;
      sessions: unknown[];
    };
    expect(data).toMatchObject({
      format: 'sillon-acces-donnees',
      beneficiary: { prenom: 'Odette', nom: 'Vayssié', telephone: '+33565341212' },
      sessions: [],
    });

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter ses données (PDF)' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = readFileSync((await pdf.path())!).toString('latin1');
    expect(bytes.startsWith('%PDF-')).toBe(true);
    expect(bytes).toContain('Nom : Vayssi\xe9');
    await page.getByText('Fichier prêt').waitFor();
    // Its accessible version, offline too: the same sections, a heading each.
    await openAccessibleVersion(page, 'Vos données conservées dans Sillon', [
      'Fiche',
      'Nom : Vayssié',
      'Accompagnements (0)',
      'Conventions de prêt signées',
    ]);
    expect(await page.getByRole('dialog').count(), 'the dialog is gone once closed').toBe(0);
    await context.close();
  });

  it('« Effacer » a lost tablet: it sends what it held, then erases that account’s data and says so', async () => {
    const lostContext = await tabletContext(browser, inject('baseURL'));
    const lost = await signIn(lostContext, 'lucas@figeac.fr');
    // Typed offline on the tablet about to be lost: not sent yet.
    await lostContext.setOffline(true);
    await createBeneficiary(lost, 'Marcel', 'Lacoste');

    const coordContext = await tabletContext(browser, inject('baseURL'));
    const coord = await signIn(coordContext, 'coord@figeac.fr');
    await coord.goto('/synchronisation/structure');
    await heading(coord, 'Comptes et appareils').waitFor();
    const wipe = coord.getByRole('button', { name: /^Effacer .* de Lucas Bach$/ });
    await wipe.waitFor();
    await wipe.click();
    const dialog = coord.getByRole('dialog', { name: 'Effacer cet appareil ?' });
    await dialog.getByRole('button', { name: 'Effacer' }).click();
    await coord.getByText('Effacement demandé (à sa prochaine connexion)').waitFor();

    // Back online, the lost tablet syncs (by itself, or « Synchroniser »): it pushes, erases, and
    // lands on the sign-in screen.
    await lostContext.setOffline(false);
    await expect
      .poll(
        async () => {
          if (lost.url().includes('/connexion')) return true;
          if (!lost.url().includes('/synchronisation'))
            await lost.goto('/synchronisation').catch(() => undefined);
          await lost
            .getByRole('button', { name: 'Synchroniser' })
            .click({ timeout: 2_000 })
            .catch(() => undefined);
          return lost.url().includes('/connexion');
        },
        { timeout: 45_000, interval: 1_000 },
      )
      .toBe(true);
    await lost.getByTestId('wiped-notice').waitFor({ timeout: 20_000 });
    await heading(lost, 'Connexion').waitFor();
    // Nothing of hers is left in this browser's databases.
    const names = await lost.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
    for (const name of names) {
      const count = await lost.evaluate(
        (db) =>
          new Promise<number>((ok) => {
            const open = indexedDB.open(db);
            open.onsuccess = () => {
              const idb = open.result;
              if (!idb.objectStoreNames.contains('beneficiaries')) return ok(0);
              const req = idb.transaction('beneficiaries').objectStore('beneficiaries').count();
              req.onsuccess = () => ok(req.result);
            };
            open.onerror = () => ok(0);
          }),
        name,
      );
      expect(count).toBe(0);
    }
    // What she typed reached the structure before.
    await syncNow(coord);
    await coord.goto('/beneficiaires');
    await coord.getByRole('link', { name: /Marcel LACOSTE/ }).waitFor({ timeout: 20_000 });
    await coord.goto('/synchronisation/structure');
    await coord
      .getByRole('listitem')
      .filter({ hasText: 'Lucas Bach' })
      .filter({ hasText: /· Effacé$/ })
      .waitFor({ timeout: 20_000 });

    await lostContext.close();
    await coordContext.close();
  });
});
