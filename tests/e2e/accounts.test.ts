// The account screens in Chromium through the real server (issue 9, item 7): a coordinateur invites a
// person, who joins with the provisional password and the invitation code and must choose her own
// password before anything syncs; the coordinateur then disables the account: the person's tablet is
// told at its next request (401), keeps what it had not sent and can export it, and she can no longer
// sign in.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { admin, heading, PASSWORD, signIn, syncNow } from './session';
import { launchBrowser, runAxe, tabletContext, waitForServiceWorker } from './browser';

const STRUCTURE = 'Espace numérique de Gramat';
const PROVISIONAL = 'provisoire-1234';
const OWN_PASSWORD = 'le causse en automne';

/** The structure page, once its lists are loaded. */
const structurePage = async (page: Page): Promise<void> => {
  await page.goto('/synchronisation/structure');
  await heading(page, 'Comptes et appareils').waitFor();
  await page.getByRole('heading', { name: 'Appareils', exact: true }).waitFor();
  await expect.poll(() => page.getByText('Chargement…').count()).toBe(0);
};

describe('accounts of a structure', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', STRUCTURE))![1]!;
    admin(
      'create-user',
      '--structure',
      structureId,
      '--email',
      'chef@gramat.fr',
      '--name',
      'Hélène Bouscary',
      '--role',
      'coordinateur',
      '--password',
      PASSWORD,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('invites a person, who must change her provisional password; disabled, her tablet is told and keeps its work', async () => {
    const contextC = await tabletContext(browser, inject('baseURL'));
    const coordinateur = await signIn(contextC, 'chef@gramat.fr', `Coordinateur·rice · ${STRUCTURE}`);

    // The coordinateur invites Nadia, with a provisional password: the screen gives the code once.
    await coordinateur.getByRole('link', { name: 'Comptes et appareils de la structure' }).click();
    await structurePage(coordinateur);
    await coordinateur.getByRole('textbox', { name: /^Nom/ }).fill('Nadia Cayrol');
    await coordinateur.getByRole('textbox', { name: /^Adresse e-mail/ }).fill('nadia@gramat.fr');
    await coordinateur.getByRole('combobox', { name: /^Rôle/ }).selectOption('conseiller');
    await coordinateur.getByRole('textbox', { name: /^Mot de passe provisoire/ }).fill(PROVISIONAL);
    await coordinateur.getByRole('button', { name: 'Inviter' }).click();
    const notice = coordinateur.getByRole('status').filter({ hasText: 'Invitation de Nadia Cayrol créée' });
    await notice.waitFor();
    const code = /code d’invitation : (\S+) \(valable/.exec((await notice.textContent()) ?? '')?.[1];
    expect(code).toMatch(/^[A-Z0-9-]{6,}$/);
    await coordinateur
      .getByText(/Nadia Cayrol · nadia@gramat\.fr · Conseiller·ère · invitation valable/)
      .waitFor();
    expect(await runAxe(coordinateur)).toEqual([]);

    // Nadia signs in on her tablet with the provisional password and the code: she is taken to the
    // password screen first, and nothing syncs until she has chosen her own.
    const contextN = await tabletContext(browser, inject('baseURL'));
    const nadia = await contextN.newPage();
    await nadia.goto('/connexion');
    await heading(nadia, 'Connexion').waitFor();
    await nadia.getByLabel(/^Adresse e-mail/).fill('nadia@gramat.fr');
    await nadia.getByLabel(/^Mot de passe/).fill(PROVISIONAL);
    await nadia.getByLabel(/^Code d’invitation/).fill(code!);
    await nadia.getByRole('button', { name: 'Se connecter' }).click();
    await heading(nadia, 'Changer mon mot de passe').waitFor();
    await waitForServiceWorker(nadia);
    await nadia.getByRole('alert').filter({ hasText: 'Votre mot de passe est provisoire' }).waitFor();
    expect(await runAxe(nadia)).toEqual([]);
    await nadia.goto('/synchronisation');
    await nadia
      .getByRole('alert')
      .filter({ hasText: 'Votre mot de passe est provisoire : choisissez le vôtre' })
      .waitFor();
    const syncButton = nadia.getByRole('button', { name: 'Synchroniser' });
    await expect.poll(() => syncButton.isEnabled(), { timeout: 20_000 }).toBe(true);
    const held = nadia.waitForResponse((r) => r.url().includes('/api/sync/'), { timeout: 20_000 });
    await syncButton.click();
    expect((await held).status()).toBe(403);
    await nadia.getByRole('link', { name: 'Changer mon mot de passe' }).click();
    await heading(nadia, 'Changer mon mot de passe').waitFor();
    // The two entries must match: a clear message, nothing sent.
    await nadia.getByLabel(/^Mot de passe actuel/).fill(PROVISIONAL);
    await nadia.getByLabel(/^Nouveau mot de passe(?!,)/).fill(OWN_PASSWORD);
    await nadia.getByLabel(/^Nouveau mot de passe, encore une fois/).fill(`${OWN_PASSWORD}!`);
    await nadia.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
    await nadia.getByText('Les deux saisies ne sont pas identiques').waitFor();
    await nadia.getByLabel(/^Nouveau mot de passe, encore une fois/).fill(OWN_PASSWORD);
    await nadia.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
    await nadia.getByRole('status').filter({ hasText: 'Mot de passe changé' }).waitFor();
    await nadia.getByRole('link', { name: 'Retour à la synchronisation' }).click();
    await heading(nadia, 'Synchronisation').waitFor();
    await nadia.getByText(`Nadia Cayrol · Conseiller·ère · ${STRUCTURE}`).waitFor();
    await syncNow(nadia);
    expect(await nadia.getByText('Votre mot de passe est provisoire').count()).toBe(0);

    // The coordinateur sees her as a member now, her password no longer provisional.
    await structurePage(coordinateur);
    const member = coordinateur.getByRole('listitem').filter({ hasText: 'nadia@gramat.fr' });
    await expect.poll(() => member.textContent()).toMatch(/Nadia Cayrol · nadia@gramat\.fr · Conseiller·ère/);
    expect(await member.textContent()).not.toContain('· mot de passe provisoire');

    // Offline, Nadia registers a beneficiary: it waits on her tablet.
    await contextN.setOffline(true);
    await nadia.goto('/beneficiaires/nouveau');
    await heading(nadia, 'Nouveau bénéficiaire').waitFor();
    await nadia.getByRole('textbox', { name: /^Prénom/ }).fill('Simone');
    await nadia.getByRole('textbox', { name: /^Nom/ }).fill('Lagarrigue');
    await nadia.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(nadia, 'Simone LAGARRIGUE').waitFor();

    // Meanwhile the coordinateur disables her account, after confirming.
    await member.getByRole('button', { name: 'Désactiver' }).click();
    const dialog = coordinateur.getByRole('dialog', { name: 'Désactiver ce compte ?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Désactiver' }).click();
    await expect.poll(() => member.textContent()).toContain('Désactivé');
    await member.getByRole('button', { name: 'Réactiver' }).waitFor();

    // Back online, Nadia's next request is answered 401: the tablet says so, stops syncing, and
    // keeps the beneficiary, which she can export.
    await nadia.goto('/synchronisation');
    await expect.poll(() => nadia.getByTestId('pending-count').textContent()).toBe('1');
    const answered = nadia.waitForResponse((r) => r.url().includes('/api/sync/'), { timeout: 20_000 });
    await contextN.setOffline(false);
    // Coming back online starts a sync by itself; « Synchroniser » if it has not started yet.
    const clicked = nadia
      .getByRole('button', { name: 'Synchroniser' })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    expect((await answered).status()).toBe(401);
    await clicked;
    await nadia
      .getByRole('alert')
      .filter({ hasText: 'Cet appareil a été déconnecté par votre structure' })
      .waitFor({ timeout: 20_000 });
    expect(await nadia.getByRole('button', { name: 'Synchroniser' }).count()).toBe(0);
    await expect.poll(() => nadia.getByTestId('pending-count').textContent()).toBe('1');
    const dir = mkdtempSync(join(tmpdir(), 'sillon-disabled-'));
    const file = join(dir, 'export.json');
    const [download] = await Promise.all([
      nadia.waitForEvent('download'),
      nadia.getByRole('alert').getByRole('button', { name: 'Exporter' }).click(),
    ]);
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as {
      outbox: { table: string; patch: Record<string, unknown> }[];
    };
    expect(exported.outbox).toEqual([
      expect.objectContaining({
        table: 'beneficiaries',
        patch: expect.objectContaining({ prenom: 'Simone', nom: 'Lagarrigue' }),
      }),
    ]);
    await nadia.goto('/beneficiaires');
    await nadia.getByRole('link', { name: /Simone LAGARRIGUE/ }).waitFor();
    expect(await runAxe(nadia)).toEqual([]);

    // She cannot sign in again, on this tablet or another, with her own password.
    const contextOther = await tabletContext(browser, inject('baseURL'));
    const other = await contextOther.newPage();
    await other.goto('/connexion');
    await heading(other, 'Connexion').waitFor();
    await other.getByLabel(/^Adresse e-mail/).fill('nadia@gramat.fr');
    await other.getByLabel(/^Mot de passe/).fill(OWN_PASSWORD);
    await other.getByRole('button', { name: 'Se connecter' }).click();
    await other.getByRole('alert').filter({ hasText: 'Ce compte a été désactivé' }).waitFor();

    await contextC.close();
    await contextN.close();
    await contextOther.close();
  });
});
