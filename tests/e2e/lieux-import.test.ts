// The coordinateur's import of a file of lieux into the directory, in Chromium through the real
// server: a file of the wrong format, too big, or not in the schema is refused in French; the
// cartographie's CSV export is previewed (rows read, new, updated, unchanged, each bad row with its
// line and why), « ne rien importer » writes nothing, « importer les lignes valides » imports them
// after a confirmation; a JSON file the same way; offline the screen says the import needs the
// network; a conseiller's tablet offers no import and receives the lieux by sync.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser, runAxe, tabletContext } from './browser';
import { admin, heading, PASSWORD, signIn, syncNow } from './session';

const fixtures = join(resolve(import.meta.dirname, '..', '..'), 'tests/fixtures/lieux');
const fixture = (name: string) => readFileSync(join(fixtures, name));

const choose = (page: Page, name: string, buffer: Buffer, mimeType = 'text/csv') =>
  page.getByLabel('Fichier à importer (.csv ou .json)').setInputFiles({ name, mimeType, buffer });

describe('the coordinateur imports a file of lieux from the app', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', 'Déclic 47'))![1]!;
    for (const [email, name, role] of [
      ['chef@declic47.fr', 'Nadia Ferrand', 'coordinateur'],
      ['zoe@declic47.fr', 'Zoé Vidal', 'conseiller'],
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
        role,
        '--password',
        PASSWORD,
      );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('previews, refuses bad files in French, imports the valid rows or nothing, and the lieux reach a conseiller by sync', async () => {
    const contextA = await tabletContext(browser, inject('baseURL'));
    const a = await signIn(contextA, 'chef@declic47.fr');
    await a.goto('/annuaire');
    await heading(a, 'Annuaire des lieux').waitFor();
    await a.getByRole('link', { name: 'Importer un fichier de lieux' }).click();
    await heading(a, 'Importer des lieux dans l’annuaire').waitFor();
    await a.getByText('L’import passe par le serveur : il a besoin du réseau.').waitFor();
    expect(await runAxe(a)).toEqual([]);

    // Refused before sending: the format, the size.
    await choose(a, 'lieux.pdf', Buffer.from('%PDF-1.4'), 'application/pdf');
    await a
      .getByRole('alert')
      .filter({ hasText: /^Format non reconnu \(« lieux\.pdf »\)/ })
      .waitFor();
    await choose(a, 'national.csv', Buffer.alloc(41 * 1024 * 1024, 0x20));
    await a
      .getByRole('alert')
      .filter({ hasText: /^Fichier trop volumineux \(41 Mo\) : au plus 40 Mo\./ })
      .waitFor();
    // Refused by the server: a CSV that is not the schema's.
    await choose(a, 'autre.csv', Buffer.from('nom;ville\nMairie;Agen\n'));
    await a
      .getByRole('alert')
      .filter({ hasText: 'colonnes id, adresse, commune, code_postal absentes' })
      .waitFor();

    // The cartographie's export of the Lot: previewed, then nothing imported.
    await choose(a, 'cartographie-46.csv', fixture('cartographie-46.csv'));
    await a.getByRole('heading', { name: 'cartographie-46.csv : 6 lignes lues' }).waitFor();
    expect(await a.getByTestId('import-summary').textContent()).toBe(
      'Aperçu, rien n’est encore importé : 3 lieux nouveaux, 0 mis à jour, 0 inchangé, 3 lignes refusées.',
    );
    const errors = a.getByRole('table', { name: 'Lignes refusées, et pourquoi' });
    await errors.getByRole('row', { name: /^5 bad-cp — Mairie de Souillac Code postal/ }).waitFor();
    await errors
      .getByRole('row', { name: /^6 bad-service — Espace numérique de Gourdon Services/ })
      .waitFor();
    await errors
      .getByRole('row', {
        name: /^7 bad-hours — Point numérique de Lalbenque Horaires : Horaires illisibles/,
      })
      .waitFor();
    expect(await runAxe(a)).toEqual([]);
    await a.getByRole('button', { name: 'Ne rien importer' }).click();
    await a.getByRole('status').filter({ hasText: 'Rien n’a été importé.' }).waitFor();

    // Again, and this time the valid rows, confirmed.
    await choose(a, 'cartographie-46.csv', fixture('cartographie-46.csv'));
    await a.getByRole('button', { name: 'Importer les lignes valides (3)' }).click();
    const dialog = a.getByRole('dialog', { name: 'Importer dans l’annuaire ?' });
    await dialog
      .getByText(
        '3 lieux nouveaux et 0 mis à jour seront enregistrés dans l’annuaire de la structure ; les tablettes les recevront à leur prochaine synchronisation. 3 lignes refusées ne seront pas importées.',
      )
      .waitFor();
    await dialog.getByRole('button', { name: 'Importer' }).click();
    await a
      .getByRole('heading', {
        name: 'Import terminé : 3 lieux nouveaux, 0 mis à jour, 0 inchangé, 3 lignes refusées.',
      })
      .waitFor();
    await a.getByRole('link', { name: 'Voir l’annuaire' }).click();
    // This tablet synced by itself after the import.
    await a.getByRole('heading', { name: '3 lieux sur 3' }).waitFor({ timeout: 20_000 });

    // The JSON form: what is held already counts as unchanged.
    await a.goto('/annuaire/importer');
    await choose(a, 'lieux.json', fixture('lieux.json'), 'application/json');
    await a.getByRole('heading', { name: 'lieux.json : 5 lignes lues' }).waitFor();
    expect(await a.getByTestId('import-summary').textContent()).toBe(
      'Aperçu, rien n’est encore importé : 1 lieu nouveau, 0 mis à jour, 3 inchangés, 1 ligne refusée.',
    );
    await a.getByRole('button', { name: 'Importer les lignes valides (4)' }).click();
    await a.getByRole('dialog').getByRole('button', { name: 'Importer' }).click();
    await a
      .getByRole('heading', { name: /^Import terminé : 1 lieu nouveau, 0 mis à jour, 3 inchangés/ })
      .waitFor();

    // Offline: the screen says why nothing can be sent.
    await contextA.setOffline(true);
    await a.goto('/annuaire/importer');
    await a
      .getByText(
        'Pas de réseau : l’import d’un fichier a besoin du réseau, car c’est le serveur qui le vérifie et l’enregistre.',
        { exact: false },
      )
      .waitFor();
    expect(await a.getByLabel('Fichier à importer (.csv ou .json)').isDisabled()).toBe(true);
    await contextA.close();

    // A conseiller: no import, and the four lieux by sync.
    const contextB = await tabletContext(browser, inject('baseURL'));
    const b = await signIn(contextB, 'zoe@declic47.fr');
    await syncNow(b);
    await contextB.setOffline(true);
    await b.goto('/annuaire');
    await b.getByRole('heading', { name: '4 lieux sur 4' }).waitFor();
    await b.getByRole('link', { name: 'Déclic 47 — Espace numérique d’Agen' }).waitFor();
    expect(await b.getByRole('link', { name: 'Importer un fichier de lieux' }).count()).toBe(0);
    await b.goto('/annuaire/importer');
    await b.getByText('L’import de l’annuaire est réservé aux coordinateurs de la structure').waitFor();
    await contextB.close();
  });
});
