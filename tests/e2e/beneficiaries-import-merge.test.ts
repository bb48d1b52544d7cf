// Import from a La Coop-shaped file, then a merge of two fiches, in Chromium through the real server:
// La Coop's import template with a person already on the tablet and a row in error is previewed in
// French, nothing written before the advisor confirms; she imports the duplicate anyway, merges the
// two fiches field by field, and the merge — her session moved with it, and a colleague's tablet's
// edit of the merged-away fiche made meanwhile — ends on the kept fiche on the server and on a
// second tablet.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { lacoopTemplateFile } from '../fixtures/lacoop-import-files';
import { launchBrowser, runAxe, tabletContext } from './browser';
import { admin, heading, PASSWORD, signIn, syncNow } from './session';

const STRUCTURE = 'Espace numérique de Cahors';
const ID = /beneficiaires\/([0-9a-f-]{36})/;

/** La Coop's import template: Alice again (with more about her), a row in error, and a new person. */
const writeTemplate = async (): Promise<string> => {
  const blob = await lacoopTemplateFile([
    ['Martin', 'Alice', 1950, 'Cahors', '46042', '46000', '0612345678', 'alice@orange.fr', 'Féminin', null],
    [null, 'Albert', 'nuage', null, null, null, null, null, null, null],
    ['Roux', 'Chloé', 1988, 'Cahors', '46042', '46000', '0262202020', null, 'F', 'Vient le mardi'],
  ]);
  const file = join(
    mkdtempSync(join(tmpdir(), 'sillon-import-')),
    'coop-numerique_import-beneficiaires.xlsx',
  );
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  return file;
};

/** The ids of the list's fiches with this name, as the list links them. */
const listedIds = async (page: Page, name: string): Promise<string[]> => {
  await page.goto('/beneficiaires');
  await heading(page, /Bénéficiaires/).waitFor();
  await page.getByRole('link', { name: /^Chloé ROUX/ }).waitFor();
  const links = await page.getByRole('link', { name: new RegExp(`^${name}`) }).all();
  return Promise.all(links.map(async (l) => ID.exec((await l.getAttribute('href')) ?? '')![1]!));
};

const fiche = async (page: Page, id: string): Promise<string> => {
  await page.goto(`/beneficiaires/${id}`);
  await heading(page, 'Alice MARTIN').waitFor();
  await page.getByRole('heading', { name: /Historique des accompagnements/ }).waitFor();
  return (await page.locator('main').textContent()) ?? '';
};

describe('importing La Coop’s file and merging duplicates', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', STRUCTURE))![1]!;
    admin(
      'create-user',
      '--structure',
      structureId,
      '--email',
      'ines@cahors.fr',
      '--name',
      'Inès Fabre',
      '--role',
      'conseiller',
      '--password',
      PASSWORD,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('previews and imports the file, then merges two fiches field by field on both tablets', async () => {
    const contextA = await tabletContext(browser, inject('baseURL'));
    const contextB = await tabletContext(browser, inject('baseURL'));
    const a = await signIn(contextA, 'ines@cahors.fr', `Conseiller·ère · ${STRUCTURE}`);
    const b = await signIn(contextB, 'ines@cahors.fr', `Conseiller·ère · ${STRUCTURE}`);

    // Alice is already on tablet A.
    await a.goto('/beneficiaires/nouveau');
    await heading(a, 'Nouveau bénéficiaire').waitFor();
    await a.getByRole('textbox', { name: /^Prénom/ }).fill('Alice');
    await a.getByRole('textbox', { name: /^Nom/ }).fill('Martin');
    await a.getByRole('textbox', { name: /^Année de naissance/ }).fill('1950');
    await a.getByRole('textbox', { name: /^Téléphone/ }).fill('05 65 34 12 00');
    await a.getByRole('textbox', { name: /^E-mail/ }).fill('alice@ex.fr');
    await a.getByRole('textbox', { name: /^Notes/ }).fill('Préfère le matin');
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(a, 'Alice MARTIN').waitFor();
    const kept = ID.exec(a.url())![1]!;

    // The preview, in French: the person already there, the row in error and why, the new one.
    await a.goto('/beneficiaires/importer');
    await heading(a, 'Importer des bénéficiaires').waitFor();
    await a.getByLabel('Fichier à importer').setInputFiles(await writeTemplate());
    const summary = a.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toBe(
      '1 à importer · 1 déjà sur la tablette ou en double dans le fichier · 1 ligne en erreur',
    );
    await a.getByText('coop-numerique_import-beneficiaires.xlsx : 3 personnes détectées').waitFor();
    const alice = a.locator('tr[data-line="4"]');
    expect(await alice.textContent()).toContain('Doublon');
    expect(await alice.getByRole('link', { name: 'Alice MARTIN (1950)' }).getAttribute('href')).toBe(
      `/beneficiaires/${kept}`,
    );
    const bad = a.locator('tr[data-line="5"]');
    expect(await bad.textContent()).toContain('Erreur');
    expect(await bad.textContent()).toContain('Nom : Le nom est obligatoire');
    expect(await bad.textContent()).toContain(
      'Année de naissance : Veuillez renseigner une année de naissance valide',
    );
    expect(await a.locator('tr[data-line="6"]').textContent()).toContain('À importer');
    expect(await runAxe(a)).toEqual([]);
    // She takes the duplicate too (to merge it next): two people go in, the row in error does not.
    await alice.getByRole('checkbox', { name: 'Importer quand même' }).check();
    await a.getByRole('button', { name: 'Importer 2 bénéficiaires' }).click();
    await a.getByText('2 bénéficiaires importés.').waitFor();
    const alices = await listedIds(a, 'Alice MARTIN');
    expect(alices).toHaveLength(2);
    expect(await a.getByRole('link', { name: /Albert/ }).count()).toBe(0);
    const dup = alices.find((id) => id !== kept)!;
    expect(await fiche(a, dup)).toContain('alice@orange.fr');

    // A session for the imported fiche, then both tablets in step.
    await a.getByRole('link', { name: 'Nouvel accompagnement' }).click();
    await heading(a, 'Accompagnement individuel').waitFor();
    await a.getByRole('radio', { name: '1h', exact: true }).check();
    await a.getByRole('radio', { name: 'À distance' }).check();
    await a.getByRole('checkbox', { name: /Prévention en sécurité numérique/ }).check();
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await a.getByText('L’activité a été enregistrée.').waitFor();
    await syncNow(a);
    await syncNow(b);
    expect((await listedIds(b, 'Alice MARTIN')).sort()).toEqual([kept, dup].sort());

    // Tablet A goes offline and merges; meanwhile tablet B writes an address on the imported fiche,
    // which reaches the server first.
    await contextA.setOffline(true);
    await b.goto(`/beneficiaires/${dup}/modifier`);
    await heading(b, /^Modifier/).waitFor();
    await b.getByRole('textbox', { name: /^Adresse/ }).fill('4 rue du Lot');
    await b.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(b, 'Alice MARTIN').waitFor();
    await syncNow(b);

    // The duplicate warning of the fiche links to the merge.
    await fiche(a, kept);
    await a.getByRole('link', { name: 'Fusionner avec la fiche de Alice MARTIN' }).click();
    await heading(a, 'Fusionner deux fiches').waitFor();
    await a
      .getByText('1 accompagnement et 0 prêt de la fiche supprimée passeront sur la fiche conservée.')
      .waitFor();
    // Field by field: La Coop's choice preselected (the kept value when she has one), changed where
    // the advisor says so.
    const field = (legend: string) => a.getByRole('group', { name: legend });
    expect(await field('E-mail').getByRole('radio', { name: 'Garder : alice@ex.fr' }).isChecked()).toBe(true);
    expect(await field('Genre').getByRole('radio', { name: 'Prendre : Féminin' }).isChecked()).toBe(true);
    await field('Téléphone')
      .getByRole('radio', { name: /^Prendre : 06 12 34 56 78/ })
      .check();
    expect(await runAxe(a)).toEqual([]);
    await a.getByRole('button', { name: 'Fusionner les deux fiches' }).click();
    await a.getByRole('dialog').getByRole('button', { name: 'Fusionner les deux fiches' }).click();
    await heading(a, 'Alice MARTIN').waitFor();
    expect(a.url()).toContain(`/beneficiaires/${kept}`);
    await a.getByText('1 accompagnement').first().waitFor();

    // Back online: the merge syncs as ordinary changes, and tablet B ends with the same fiche.
    await contextA.setOffline(false);
    await syncNow(a);
    await syncNow(b);
    await syncNow(a);
    for (const page of [a, b]) {
      expect(await listedIds(page, 'Alice MARTIN')).toEqual([kept]);
      const text = await fiche(page, kept);
      expect(text).toContain('06 12 34 56 78');
      expect(text).toContain('alice@ex.fr');
      expect(text).toContain('Préfère le matin');
      expect(text).toContain('Féminin');
      expect(text).toContain('Cahors');
      // Tablet B's address, typed on the fiche merged away, is on the kept one.
      expect(text).toContain('4 rue du Lot');
      expect(text).toContain('1 accompagnement');
      await page.goto(`/beneficiaires/${dup}`);
      await heading(page, 'Bénéficiaire introuvable').waitFor();
    }
  });
});
