// Two tablets (two Chromium contexts) of one structure, through the real server: a form open on
// tablet A while tablet B changes the record and A pulls in the background, a draft resumed after
// a colleague's change, and an activity. What A did not touch never travels: both changes end on
// the server and on both tablets, and A sees what B changed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { admin, heading, PASSWORD, signIn, syncNow } from './session';
import { launchBrowser, runAxe, tabletContext } from './browser';

/** The tablet comes back online with a form open: its scheduler syncs in the background. */
const pullInBackground = async (context: BrowserContext) => {
  await context.setOffline(true);
  await context.setOffline(false);
};

const draftCopies = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sillon:draft:')));

const openBeneficiaryForm = async (page: Page, id: string) => {
  await page.goto(`/beneficiaires/${id}/modifier`);
  await heading(page, /^Modifier/).waitFor();
};

const beneficiaryValues = async (page: Page, id: string) => {
  await openBeneficiaryForm(page, id);
  const value = (label: RegExp) => page.getByRole('textbox', { name: label }).inputValue();
  return { telephone: (await value(/^Téléphone/)).replace(/\D/g, ''), notes: await value(/^Notes/) };
};

describe('forms that know their base, on two tablets', () => {
  let browser: Browser;
  let contextA: BrowserContext;
  let contextB: BrowserContext;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', 'Espace numérique du Ségala'))![1]!;
    // Yann coordinates: he may correct Inès's activities (a conseiller edits only her own).
    for (const [email, name, role] of [
      ['ines@segala.fr', 'Inès Bousquet', 'conseiller'],
      ['yann@segala.fr', 'Yann Pradel', 'coordinateur'],
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
        role,
        '--password',
        PASSWORD,
      );
    }
    contextA = await tabletContext(browser, inject('baseURL'));
    contextB = await tabletContext(browser, inject('baseURL'));
    a = await signIn(contextA, 'ines@segala.fr');
    b = await signIn(contextB, 'yann@segala.fr');
  });
  afterAll(async () => {
    await contextA?.close();
    await contextB?.close();
    await browser?.close();
  });

  /** A beneficiary registered on A, synced to B; its id. */
  const sharedBeneficiary = async (prenom: string, nom: string): Promise<string> => {
    await a.goto('/beneficiaires/nouveau');
    await heading(a, 'Nouveau bénéficiaire').waitFor();
    await a.getByRole('textbox', { name: /^Prénom/ }).fill(prenom);
    await a.getByRole('textbox', { name: /^Nom/ }).fill(nom);
    await a.getByRole('textbox', { name: /^Téléphone/ }).fill('06 12 34 56 78');
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(a, `${prenom} ${nom.toUpperCase()}`).waitFor();
    const id = /beneficiaires\/([0-9a-f-]{36})/.exec(a.url())![1]!;
    await syncNow(a);
    await syncNow(b);
    return id;
  };

  const changePhoneOnB = async (id: string, name: string, phone: string) => {
    await openBeneficiaryForm(b, id);
    await b.getByRole('textbox', { name: /^Téléphone/ }).fill(phone);
    await b.getByRole('button', { name: 'Enregistrer' }).click();
    // Saved: the fiche opens (its heading is the name alone, not « Modifier … »).
    await b.getByRole('heading', { level: 1, name, exact: true }).waitFor();
    await syncNow(b);
  };

  it('an open form: B changes the phone, A pulls in the background and saves only the notes; both changes everywhere', async () => {
    const id = await sharedBeneficiary('Germaine', 'Lacombe');
    await openBeneficiaryForm(a, id);
    expect(await a.getByRole('textbox', { name: /^Téléphone/ }).inputValue()).toBe('06 12 34 56 78');

    await changePhoneOnB(id, 'Germaine LACOMBE', '07 55 44 33 22');
    await pullInBackground(contextA);
    // The pull reaches the open form: the colleague's phone is taken in, and A is told.
    await a.getByTestId('changed-meanwhile').waitFor({ timeout: 30_000 });
    expect(await a.getByTestId('theirs-telephone').textContent()).toBe('07 55 44 33 22');
    expect(await a.getByTestId('mine-telephone').textContent()).toBe('06 12 34 56 78');
    await expect
      .poll(() => a.getByRole('textbox', { name: /^Téléphone/ }).inputValue())
      .toBe('07 55 44 33 22');
    expect(await runAxe(a)).toEqual([]);

    await a.getByRole('textbox', { name: /^Notes/ }).fill('Rappeler lundi');
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(a, 'Germaine LACOMBE').waitFor();
    await syncNow(a);
    await syncNow(b);
    for (const page of [a, b]) {
      expect(await beneficiaryValues(page, id)).toEqual({ telephone: '0755443322', notes: 'Rappeler lundi' });
    }
    for (const page of [a, b]) {
      await page.goto('/synchronisation/conflits');
      await page.getByText('Aucun conflit').waitFor();
    }
    expect(await draftCopies(a)).toEqual([]);
  });

  it('a resumed draft: A sees what B changed meanwhile, and saving keeps both', async () => {
    const id = await sharedBeneficiary('Marcel', 'Couderc');
    await openBeneficiaryForm(a, id);
    await a.getByRole('textbox', { name: /^Notes/ }).fill('Veut envoyer des photos');
    // A leaves the form without saving (another screen, a reload): the draft stays.
    await a.waitForTimeout(800);
    await a.goto('/');

    await changePhoneOnB(id, 'Marcel COUDERC', '05 65 11 22 33');
    await syncNow(a);
    expect(await draftCopies(a)).toEqual([]);

    await openBeneficiaryForm(a, id);
    await a.getByRole('heading', { name: 'Brouillon restauré' }).waitFor();
    const review = a.getByTestId('changed-meanwhile');
    await review.waitFor();
    expect(await a.getByTestId('theirs-telephone').textContent()).toBe('05 65 11 22 33');
    expect(await a.getByTestId('mine-telephone').textContent()).toBe('06 12 34 56 78');
    expect(await a.getByRole('textbox', { name: /^Notes/ }).inputValue()).toBe('Veut envoyer des photos');
    expect(await a.getByRole('textbox', { name: /^Téléphone/ }).inputValue()).toBe('05 65 11 22 33');
    expect(await runAxe(a)).toEqual([]);

    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(a, 'Marcel COUDERC').waitFor();
    expect(await draftCopies(a)).toEqual([]);
    await syncNow(a);
    await syncNow(b);
    for (const page of [a, b]) {
      expect(await beneficiaryValues(page, id)).toEqual({
        telephone: '0565112233',
        notes: 'Veut envoyer des photos',
      });
    }
  });

  it('an activity: the coordinateur on B corrects the durée, A pulls in the background and saves only the notes; both changes everywhere', async () => {
    await a.goto('/activites/nouvelle/individuel');
    await heading(a, 'Accompagnement individuel').waitFor();
    await a.getByRole('radio', { name: '1h', exact: true }).check();
    await a.getByRole('radio', { name: 'À distance' }).check();
    await a.getByRole('checkbox', { name: /Prévention en sécurité numérique/ }).check();
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await a.getByText('L’activité a été enregistrée.').waitFor();
    const id = /activites\/([0-9a-f-]{36})/.exec(a.url())![1]!;
    await syncNow(a);
    await syncNow(b);

    await a.goto(`/activites/${id}/modifier`);
    await heading(a, 'Modifier l’accompagnement individuel').waitFor();
    await b.goto(`/activites/${id}/modifier`);
    await heading(b, 'Modifier l’accompagnement individuel').waitFor();
    await b.getByRole('radio', { name: '2h', exact: true }).check();
    await b.getByRole('button', { name: 'Enregistrer' }).click();
    await b.getByText('L’activité a été enregistrée.').waitFor();
    await syncNow(b);

    await pullInBackground(contextA);
    await a.getByTestId('changed-meanwhile').waitFor({ timeout: 30_000 });
    expect(await a.getByTestId('theirs-duree').textContent()).toBe('2 h');
    expect(await a.getByTestId('mine-duree').textContent()).toBe('1 h');
    await expect.poll(() => a.getByRole('radio', { name: '2h', exact: true }).isChecked()).toBe(true);
    await a.getByRole('textbox', { name: /Notes sur l’accompagnement/ }).fill('Revient avec sa carte grise');
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await a.getByText('L’activité a été enregistrée.').waitFor();
    await syncNow(a);
    await syncNow(b);
    for (const page of [a, b]) {
      await page.goto(`/activites/${id}/modifier`);
      await heading(page, 'Modifier l’accompagnement individuel').waitFor();
      expect(await page.getByRole('radio', { name: '2h', exact: true }).isChecked()).toBe(true);
      expect(await page.getByRole('textbox', { name: /Notes sur l’accompagnement/ }).inputValue()).toBe(
        'Revient avec sa carte grise',
      );
    }
    expect(await draftCopies(a)).toEqual([]);
  });
});
