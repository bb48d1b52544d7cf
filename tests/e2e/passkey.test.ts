// The tablet's own unlock in Chromium (issue 14): a passkey with WebAuthn's PRF extension, on
// Chromium's virtual authenticator (CDP: a platform authenticator that verifies its user and has PRF),
// through the real server. Registered after the code, it unlocks with the data still there; with the
// authenticator gone, the lock says so and the code opens, the failed passkey counting no wrong
// attempt; removed in the settings, only the code is left. WebAuthn's relying party is a domain, so
// the pages are opened on localhost (the same server: 127.0.0.1 is an IP address, where Sillon does
// not offer it).
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser, runAxe, tabletContext } from './browser';
import { admin, chooseLockCode, heading, LOCK_CODE, PASSWORD, signIn } from './session';

const EMAIL = 'paule@cahors.fr';
const PASSKEY = 'Déverrouiller avec l’empreinte / le code de la tablette';

const locked = (page: Page) => heading(page, 'Compte verrouillé');

const addAuthenticator = async (cdp: CDPSession): Promise<string> => {
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      hasPrf: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
};

const lockNow = async (page: Page) => {
  await page.getByRole('button', { name: 'Verrouiller', exact: true }).click();
  await locked(page).waitFor();
};

const unlocked = (page: Page) => page.getByRole('button', { name: 'Verrouiller', exact: true }).waitFor();

describe('the tablet’s own unlock (WebAuthn PRF)', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', 'Médiathèque de Cahors'))![1]!;
    admin(
      'create-user',
      '--structure',
      structureId,
      '--email',
      EMAIL,
      '--name',
      'Paule Empreinte',
      '--role',
      'conseiller',
      '--password',
      PASSWORD,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('registers after the code, unlocks with the data there; without the authenticator the code opens; removed in the settings', async () => {
    const context = await tabletContext(browser, inject('baseURL').replace('127.0.0.1', 'localhost'));
    const page = await signIn(context, EMAIL);
    const cdp = await context.newCDPSession(page);
    const authenticatorId = await addAuthenticator(cdp);
    // The detection sees PRF and a platform authenticator that verifies its user.
    expect(
      await page.evaluate(async () => {
        const capabilities = await PublicKeyCredential.getClientCapabilities();
        return [capabilities['extension:prf'], capabilities.userVerifyingPlatformAuthenticator];
      }),
    ).toEqual([true, true]);

    // Offered once the code is chosen; registered with one tap (presence and user verification are
    // simulated by the virtual authenticator).
    await chooseLockCode(page);
    await page.getByRole('button', { name: PASSKEY }).click();
    await page.getByRole('status').filter({ hasText: 'Déverrouillage de la tablette enregistré' }).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    // The stored lock holds the passkey's copy and its credential id, nothing personal.
    const stored = await page.evaluate(() =>
      Object.entries(localStorage)
        .filter(([key]) => key.startsWith('sillon.lock:'))
        .map(([, value]) => value)
        .join(''),
    );
    expect(stored).toContain('"kind":"passkey"');
    expect(stored).not.toContain('Paule');
    expect(stored).not.toContain(EMAIL);

    // Work, lock, unlock with the passkey: the data is there.
    await context.setOffline(true);
    await page.goto('/beneficiaires/nouveau');
    await heading(page, 'Nouveau bénéficiaire').waitFor();
    await page.getByRole('textbox', { name: /^Prénom/ }).fill('Gisèle');
    await page.getByRole('textbox', { name: /^Nom/ }).fill('Empreinte');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(page, 'Gisèle EMPREINTE').waitFor();
    await lockNow(page);
    expect(await runAxe(page)).toEqual([]);
    // The code is there too, below the passkey's button.
    await page.getByLabel(/^Code à 6 chiffres/).waitFor();
    await page.getByRole('button', { name: PASSKEY }).click();
    await unlocked(page);
    await page.goto('/beneficiaires');
    await page.getByRole('link', { name: /Gisèle EMPREINTE/ }).waitFor();

    // The authenticator gone (another tablet's browser profile, the tablet's own lock removed): the
    // lock says the passkey did not work, counts nothing, and the code opens.
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    await lockNow(page);
    await page.getByRole('button', { name: PASSKEY }).click();
    await page.getByRole('alert').filter({ hasText: 'utilisez le code' }).waitFor();
    await page.getByLabel(/^Code à 6 chiffres/).fill('000001');
    await page.getByRole('button', { name: 'Déverrouiller', exact: true }).click();
    // The first wrong attempt: the failed passkey was not one.
    await page.getByRole('alert').filter({ hasText: 'Encore 4 essais' }).waitFor();
    await page.getByLabel(/^Code à 6 chiffres/).fill(LOCK_CODE);
    await page.getByRole('button', { name: 'Déverrouiller', exact: true }).click();
    await unlocked(page);
    await page.goto('/beneficiaires');
    await page.getByRole('link', { name: /Gisèle EMPREINTE/ }).waitFor();

    // Removed in the settings: its copy is deleted, the lock offers only the code.
    await page.goto('/parametres');
    await page.getByRole('heading', { name: 'Déverrouillage de la tablette' }).waitFor();
    await page.getByRole('button', { name: 'Retirer le déverrouillage de la tablette' }).click();
    await page.getByRole('status').filter({ hasText: 'Déverrouillage de la tablette retiré' }).waitFor();
    expect(
      await page.evaluate(() =>
        Object.entries(localStorage).some(
          ([key, value]) => key.startsWith('sillon.lock:') && value.includes('passkey'),
        ),
      ),
    ).toBe(false);
    await lockNow(page);
    await page.getByLabel(/^Code à 6 chiffres/).waitFor();
    expect(await page.getByRole('button', { name: PASSKEY }).count()).toBe(0);
    await page.getByLabel(/^Code à 6 chiffres/).fill(LOCK_CODE);
    await page.getByRole('button', { name: 'Déverrouiller', exact: true }).click();
    await unlocked(page);
    await context.close();
  });
});
