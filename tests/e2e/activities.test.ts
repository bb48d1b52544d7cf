import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser, runAxe, tabletContext, waitForServiceWorker } from './browser';

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** First visit online, then the network goes: everything below runs offline. */
const offlineApp = async (browser: Browser): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await tabletContext(browser, inject('baseURL'));
  const page = await context.newPage();
  await page.goto('/');
  await heading(page, 'Accueil').waitFor();
  await waitForServiceWorker(page);
  await context.setOffline(true);
  return { context, page };
};

/**
 * The size of a draft's sealed part straight from IndexedDB (-1 when there is none): drafts are
 * sealed (src/data/crypto/at-rest.ts), and a sealed part is its clear JSON plus 40 bytes.
 */
const draftSize = (page: Page, id: string): Promise<number> =>
  page.evaluate(async (draftId) => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const req = indexedDB.open('sillon');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => ko(req.error);
    });
    try {
      const draft = await new Promise<{ _sealed?: Uint8Array } | undefined>((ok, ko) => {
        const req = db.transaction('drafts').objectStore('drafts').get(draftId);
        req.onsuccess = () => ok(req.result as { _sealed?: Uint8Array } | undefined);
        req.onerror = () => ko(req.error);
      });
      return draft?._sealed?.byteLength ?? -1;
    } finally {
      db.close();
    }
  }, id);

/** Waits until the form's autosave has written `text` into the draft (it grew by at least its bytes). */
const waitForDraft = async (page: Page, id: string, before: number, text: string): Promise<void> => {
  const grown = Math.max(before, 0) + Buffer.byteLength(text, 'utf8');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await draftSize(page, id)) >= grown) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`The draft ${id} never contained « ${text} »`);
};

describe('activities offline', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('adds a lieu, logs an individual session and a workshop offline, and finds both after a reload', async () => {
    const { context, page } = await offlineApp(browser);

    // A lieu d'activité, in the settings.
    await page.goto('/parametres');
    await heading(page, 'Paramètres').waitFor();
    await page.getByTestId('storage-persisted').waitFor();
    await page.getByRole('button', { name: 'Ajouter un lieu', exact: true }).click();
    await page.getByRole('textbox', { name: /^Nom du lieu/ }).fill('Médiathèque de Figeac');
    await page.getByRole('textbox', { name: 'Adresse' }).fill('2 boulevard Pasteur');
    await page.getByRole('combobox', { name: 'Commune' }).pressSequentially('figeac');
    await page.getByRole('option', { name: 'Figeac (46100)' }).click();
    expect(await runAxe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Enregistrer le lieu' }).click();
    await page.getByText('Le lieu « Médiathèque de Figeac » est enregistré.').waitFor();
    await page.getByText('2 boulevard Pasteur, Figeac (46100)').waitFor();
    expect(await runAxe(page)).toEqual([]);

    // A returning beneficiary: from her fiche, the session form opens with her already chosen.
    await page.goto('/beneficiaires/nouveau');
    await heading(page, 'Nouveau bénéficiaire').waitFor();
    await page.getByRole('textbox', { name: /^Prénom/ }).fill('Germaine');
    await page.getByRole('textbox', { name: /^Nom/ }).fill('Lacombe');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(page, 'Germaine LACOMBE').waitFor();
    await page.getByRole('link', { name: 'Nouvel accompagnement' }).click();

    await heading(page, 'Accompagnement individuel').waitFor();
    await page.getByText('Germaine LACOMBE').first().waitFor();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    // Nothing chosen yet: La Coop's messages next to the fields.
    await page.getByText('Veuillez renseigner au moins une thématique').waitFor();
    expect(await runAxe(page)).toEqual([]);
    await page.getByRole('radio', { name: '1h', exact: true }).check();
    await page.getByRole('radio', { name: 'Lieu d’activité' }).check();
    await page
      .getByRole('combobox', { name: /^Lieu d’activité/ })
      .selectOption({ label: 'Médiathèque de Figeac — Figeac' });
    await page.getByRole('checkbox', { name: /Aide aux démarches administratives/ }).check();
    await page.getByRole('checkbox', { name: /Transports - Mobilité/ }).check();
    await page.getByRole('textbox', { name: /Préciser le nom de la démarche/ }).fill('Carte grise');
    await page.getByRole('checkbox', { name: 'Tablette', exact: true }).check();
    await page.getByRole('radio', { name: 'Autonome avec guidage en cas de besoin' }).check();
    await page.getByRole('radio', { name: 'Non' }).check();
    await page
      .getByRole('textbox', { name: /Notes sur l’accompagnement/ })
      .fill('Doit revenir avec le certificat.');
    expect(await runAxe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('L’activité a été enregistrée.').waitFor();
    await heading(page, /^Accompagnement individuel du /).waitFor();
    await page.getByRole('link', { name: 'Germaine LACOMBE' }).waitFor();
    expect(await runAxe(page)).toEqual([]);

    // A workshop with anonymous participants; the last lieu and durée are offered again.
    await page.goto('/activites/nouvelle/collectif');
    await heading(page, 'Atelier collectif').waitFor();
    expect(await page.getByRole('radio', { name: '1h', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Lieu d’activité' }).isChecked()).toBe(true);
    await page.getByRole('textbox', { name: 'Titre de l’atelier' }).fill('Se protéger des arnaques');
    await page.getByRole('radio', { name: '2h' }).check();
    await page.getByRole('radio', { name: 'Autre lieu' }).check();
    await page.getByRole('combobox', { name: /^Commune/ }).pressSequentially('cahors');
    await page.getByRole('option', { name: 'Cahors (46000)' }).click();
    await page.getByRole('checkbox', { name: /Prévention en sécurité numérique/ }).check();
    await page.getByRole('radio', { name: 'Débutant' }).check();
    await page.getByRole('spinbutton', { name: 'Nombre de participants anonymes' }).fill('5');
    await page.getByRole('spinbutton', { name: 'Dont déjà accompagnés' }).fill('2');
    const genre = page.getByRole('group', { name: 'Genre' });
    await genre.getByRole('spinbutton', { name: 'Masculin' }).fill('2');
    await genre.getByRole('spinbutton', { name: 'Féminin' }).fill('2');
    await genre.getByText('Non communiqué : 1').waitFor();
    const ages = page.getByRole('group', { name: 'Tranche d’âge' });
    await ages.getByRole('spinbutton', { name: '70 ans et plus' }).fill('1');
    await ages.getByRole('spinbutton', { name: '60 - 69 ans' }).fill('4');
    await page.getByRole('group', { name: 'Statut' }).getByRole('spinbutton', { name: 'Retraité' }).fill('5');
    expect(await runAxe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('L’activité a été enregistrée.').waitFor();
    await page.getByText('Masculin : 2 · Féminin : 2 · Non communiqué : 1').waitFor();
    await page.getByText('5, dont 2 déjà accompagnés').waitFor();

    // After a reload, offline, both are in the list with their data.
    await page.goto('/activites');
    await heading(page, 'Activités').waitFor();
    await page.reload();
    await heading(page, 'Activités').waitFor();
    await page.getByRole('heading', { name: '2 activités' }).waitFor();
    const rows = page.getByRole('listitem');
    const individual = rows.filter({ hasText: 'Germaine LACOMBE' });
    expect(await individual.textContent()).toContain(
      'Accompagnement individuel · 1h · Médiathèque de Figeac — Figeac',
    );
    expect(await individual.textContent()).toContain(
      'Aide aux démarches administratives, Transports - Mobilité',
    );
    const workshop = rows.filter({ hasText: 'Se protéger des arnaques' });
    expect(await workshop.textContent()).toContain('5 participants');
    expect(await workshop.textContent()).toContain('Atelier collectif · 2h · Autre lieu — Cahors (46000)');
    expect(await runAxe(page)).toEqual([]);

    await page.getByRole('radio', { name: 'Ateliers collectifs' }).check();
    await page.getByRole('heading', { name: '1 activité' }).waitFor();

    // Deleting asks first and leaves a deletion for the next sync.
    await workshop.getByRole('link').click();
    await heading(page, /^Atelier collectif du /).waitFor();
    await page.getByRole('button', { name: 'Supprimer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer cette activité ?' });
    expect(await runAxe(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Supprimer' }).click();
    await page.getByText('L’activité a été supprimée.').waitFor();
    await page.getByRole('heading', { name: '1 activité' }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Se protéger des arnaques' }).count()).toBe(0);
    await context.close();
  });

  it('keeps a half-filled form through a reload and saves it from the draft', async () => {
    const { context, page } = await offlineApp(browser);
    await page.goto('/activites/nouvelle/individuel');
    await heading(page, 'Accompagnement individuel').waitFor();
    await page.getByRole('radio', { name: '45mn' }).check();
    await page.getByRole('checkbox', { name: /Bureautique/ }).check();
    // The draft as it is before the notes (once the ticks reached it).
    await expect.poll(() => draftSize(page, 'activity:new:individuel')).toBeGreaterThan(0);
    const before = await draftSize(page, 'activity:new:individuel');
    await page.getByRole('textbox', { name: /Notes sur l’accompagnement/ }).fill('Mise en page d’un CV');
    await waitForDraft(page, 'activity:new:individuel', before, 'Mise en page d’un CV');

    await page.reload();
    await heading(page, 'Accompagnement individuel').waitFor();
    await page.getByText(/Brouillon restauré/).waitFor();
    expect(await page.getByRole('radio', { name: '45mn' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /Bureautique/ }).isChecked()).toBe(true);
    expect(await page.getByRole('textbox', { name: /Notes sur l’accompagnement/ }).inputValue()).toBe(
      'Mise en page d’un CV',
    );

    // The home page offers it too.
    await page.goto('/');
    const drafts = page.getByRole('region', { name: 'Saisies à reprendre' });
    await drafts.getByText('Accompagnement individuel (nouveau)').waitFor();
    await drafts.getByRole('link', { name: 'Reprendre' }).click();
    await page.getByText(/Brouillon restauré/).waitFor();

    await page.getByRole('radio', { name: 'À distance' }).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('L’activité a été enregistrée.').waitFor();
    await page.getByText('Mise en page d’un CV').waitFor();
    await page.goto('/');
    await heading(page, 'Accueil').waitFor();
    await page.getByText('1 activité saisie').waitFor();
    expect(await page.getByRole('region', { name: 'Saisies à reprendre' }).count()).toBe(0);
    await context.close();
  });
});
