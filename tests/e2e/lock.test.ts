// The lock in Chromium through the real server (issue 14): a code chosen after sign-in, the lock on
// idle (Playwright's clock), wrong codes up to the password step, the password unlocking offline,
// work offline with the data still there, « Changer de compte » on a shared tablet, and 10 wrong
// attempts erasing the tablet's keys — after which an online sign-in brings back everything typed
// and not yet synchronised, which then syncs.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser, runAxe, tabletContext } from './browser';
import { admin, chooseLockCode, heading, LOCK_CODE, PASSWORD, signIn, syncNow } from './session';

const STRUCTURE = 'Espace numérique de Souillac';
const ALICE = 'alice@souillac.fr';
const BRUNO = 'bruno@souillac.fr';

const createBeneficiary = async (page: Page, prenom: string, nom: string) => {
  await page.goto('/beneficiaires/nouveau');
  await heading(page, 'Nouveau bénéficiaire').waitFor();
  await page.getByRole('textbox', { name: /^Prénom/ }).fill(prenom);
  await page.getByRole('textbox', { name: /^Nom/ }).fill(nom);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await heading(page, `${prenom} ${nom.toUpperCase()}`).waitFor();
};

const locked = (page: Page) => heading(page, 'Compte verrouillé');

const typeCode = async (page: Page, code: string) => {
  await page.getByLabel(/^Code à 6 chiffres/).fill(code);
  await page.getByRole('button', { name: 'Déverrouiller' }).click();
};

const typePassword = async (page: Page, password: string) => {
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Déverrouiller' }).click();
};

describe('the lock', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', STRUCTURE))![1]!;
    for (const [email, name] of [
      [ALICE, 'Alice Verrou'],
      [BRUNO, 'Bruno Partage'],
    ] as const)
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
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('locks on idle, asks for the password after 5 wrong codes, unlocks offline with the data there', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await page.clock.install();
    await signIn(context, ALICE, undefined, { page });
    // The prompt refuses a trivial code, then takes a good one.
    await page.getByLabel(/^Nouveau code à 6 chiffres/).fill('123456');
    await page.getByLabel(/^Le même code, encore une fois/).fill('123456');
    await page.getByRole('button', { name: 'Choisir ce code' }).click();
    await page.getByRole('alert').filter({ hasText: 'des chiffres qui se suivent' }).waitFor();
    await chooseLockCode(page);

    await context.setOffline(true);
    await createBeneficiary(page, 'Odette', 'Verrier');

    // Ten minutes without a touch: locked, nothing of the account on screen.
    await page.clock.fastForward('10:01');
    await locked(page).waitFor();
    expect(await page.getByText('Odette').count()).toBe(0);
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.getByText(STRUCTURE).waitFor();
    expect(await page.title()).toBe('Compte verrouillé · Sillon');
    expect(await runAxe(page)).toEqual([]);

    // A reload does not open it.
    await page.goto('/beneficiaires');
    await locked(page).waitFor();

    // Four wrong codes (one typed on the on-screen keypad), then the fifth asks for the password.
    const keypad = page.getByRole('group', { name: 'Clavier numérique' });
    for (const digit of '000001') await keypad.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: 'Déverrouiller' }).click();
    await page.getByRole('alert').filter({ hasText: 'Encore 4 essais' }).waitFor();
    for (const left of [3, 2]) {
      await typeCode(page, '000001');
      await page
        .getByRole('alert')
        .filter({ hasText: `Encore ${left} essais` })
        .waitFor();
    }
    await typeCode(page, '000001');
    await page.getByRole('alert').filter({ hasText: 'Encore 1 essai' }).waitFor();
    await typeCode(page, '000001');
    await page.getByRole('alert').filter({ hasText: 'saisissez le mot de passe' }).waitFor();
    expect(await page.getByLabel(/^Code à 6 chiffres/).count()).toBe(0);
    expect(await runAxe(page)).toEqual([]);

    // The password, offline: open again, the beneficiary typed offline is there.
    await typePassword(page, PASSWORD);
    await page.getByRole('button', { name: 'Verrouiller', exact: true }).waitFor();
    await page.goto('/beneficiaires');
    await page.getByRole('link', { name: /Odette VERRIER/ }).waitFor();
    await createBeneficiary(page, 'Marcel', 'Hors-Ligne');

    // « Verrouiller », then the code opens (the wrong attempts were forgotten).
    await page.getByRole('button', { name: 'Verrouiller', exact: true }).click();
    await locked(page).waitFor();
    await typeCode(page, LOCK_CODE);
    await page.getByRole('button', { name: 'Verrouiller', exact: true }).waitFor();
    await page.goto('/beneficiaires');
    await page.getByRole('link', { name: /Marcel HORS-LIGNE/ }).waitFor();
    await context.close();
  });

  it('10 wrong attempts erase the keys; an online sign-in brings back what was not synced, which then syncs', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await signIn(context, BRUNO, undefined, { code: '907153' });
    await context.setOffline(true);
    await createBeneficiary(page, 'Lucienne', 'Nonsynchro');
    await page.getByRole('button', { name: 'Verrouiller', exact: true }).click();
    await locked(page).waitFor();
    for (let i = 0; i < 5; i++) {
      await typeCode(page, '000001');
      await page.getByRole('alert').first().waitFor();
    }
    for (let i = 0; i < 4; i++) {
      await typePassword(page, 'pas le bon');
      await page.getByRole('alert').filter({ hasText: 'Mot de passe incorrect' }).waitFor();
    }
    await typePassword(page, 'pas le bon');
    await page.getByRole('alert').filter({ hasText: 'les clés de ce compte ont été effacées' }).waitFor();
    // Even the right password no longer opens it on the tablet.
    expect(await page.getByLabel(/^Mot de passe/).count()).toBe(0);

    await context.setOffline(false);
    await page.getByRole('link', { name: 'Se connecter en ligne' }).click();
    await signIn(context, BRUNO, undefined, { page, code: '907153' });
    await page.goto('/beneficiaires');
    await page.getByRole('link', { name: /Lucienne NONSYNCHRO/ }).waitFor();
    await syncNow(page);
    await context.close();
  });

  it('« Changer de compte » lists this tablet’s accounts and needs that account’s code', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await signIn(context, ALICE, undefined, { code: LOCK_CODE });
    // Typed offline, so not synced: only Alice's database holds it (synced, the structure shares it).
    await context.setOffline(true);
    await createBeneficiary(page, 'Rose', 'Alicienne');
    await page.getByRole('button', { name: 'Verrouiller', exact: true }).click();
    await locked(page).waitFor();
    await context.setOffline(false);
    // Bruno signs in on the same tablet (the sign-in screen opens while locked).
    await signIn(context, BRUNO, undefined, { page, code: '907153' });
    await page.goto('/beneficiaires');
    await heading(page, 'Bénéficiaires').waitFor();
    expect(await page.getByRole('link', { name: /Rose ALICIENNE/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Verrouiller', exact: true }).click();
    await locked(page).waitFor();

    await page.getByRole('button', { name: 'Changer de compte' }).click();
    await page.getByRole('heading', { name: 'Comptes de cette tablette' }).waitFor();
    expect(await runAxe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Alice Verrou' }).click();
    // Bruno's code does not open Alice's account.
    await typeCode(page, '907153');
    await page.getByRole('alert').filter({ hasText: 'Code incorrect' }).waitFor();
    await typeCode(page, LOCK_CODE);
    await page.getByRole('button', { name: 'Verrouiller', exact: true }).waitFor();
    await page.goto('/beneficiaires');
    await page.getByRole('link', { name: /Rose ALICIENNE/ }).waitFor();
    await context.close();
  });
});
