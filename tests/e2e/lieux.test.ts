// The directory of lieux de médiation numérique on two tablets, through the real server: imported by
// the admin command from the cartographie's CSV export, received by sync, then searched offline by
// service and « ouvert maintenant » (a fixed clock), a beneficiary oriented to a lieu from a session,
// the fiche d'orientation produced offline and its PDF read back; a newer import reaches a second
// tablet as a change.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { admin, heading, PASSWORD, signIn, syncNow } from './session';
import { openAccessibleVersion } from './accessible-version';
import { launchBrowser, runAxe, tabletContext } from './browser';

const root = resolve(import.meta.dirname, '..', '..');
const fixtures = join(root, 'tests/fixtures/lieux');
const require = createRequire(import.meta.url);

const readPdfText = async (bytes: Uint8Array): Promise<string> => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const standardFontDataUrl = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/');
  const doc = await pdfjs.getDocument({ data: bytes, standardFontDataUrl, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const content = await (await doc.getPage(n)).getTextContent();
    parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return parts.join('\n').replace(/\s+/g, ' ');
};

describe('the directory of lieux, offline', () => {
  let browser: Browser;
  let structureId = '';
  beforeAll(async () => {
    browser = await launchBrowser();
    structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', 'Lot Numérique'))![1]!;
    for (const [email, name] of [
      ['lea@lot-numerique.fr', 'Léa Martin'],
      ['marc@lot-numerique.fr', 'Marc Roche'],
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
    for (const file of ['cartographie-46.csv', 'cartographie-47.csv']) {
      const out = admin('import-lieux', join(fixtures, file), '--structure', structureId);
      expect(out).toMatch(/^Import terminé : [23] lieux nouveaux/);
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('searches by service and « ouvert maintenant », orients a beneficiary and produces the fiche, offline; a newer import reaches the other tablet', async () => {
    const contextA = await tabletContext(browser, inject('baseURL'));
    const contextB = await tabletContext(browser, inject('baseURL'));
    const a = await signIn(contextA, 'lea@lot-numerique.fr');
    const b = await signIn(contextB, 'marc@lot-numerique.fr');
    await syncNow(a);
    await syncNow(b);

    // Offline, on Wednesday 9 December 2026 at 15:00 in Paris.
    await contextA.setOffline(true);
    await a.clock.setFixedTime(new Date('2026-12-09T14:00:00Z'));
    await a.goto('/annuaire');
    // Days later, Sillon is locked (its idle time is long past): the password opens it, offline (the
    // account chose no code).
    const annuaire = heading(a, 'Annuaire des lieux');
    const locked = heading(a, 'Compte verrouillé');
    await annuaire.or(locked).first().waitFor();
    if (await locked.isVisible()) {
      await a.getByLabel(/^Mot de passe/).fill(PASSWORD);
      await a.getByRole('button', { name: 'Déverrouiller' }).click();
    }
    await annuaire.waitFor();
    await a.getByRole('heading', { name: '5 lieux sur 5' }).waitFor();
    await a.getByRole('checkbox', { name: 'Aide aux démarches administratives' }).check();
    await a.getByRole('heading', { name: '3 lieux sur 5' }).waitFor();
    await a.getByRole('combobox', { name: 'Ouverture' }).selectOption({ label: 'Ouvert maintenant' });
    await a.getByRole('heading', { name: '2 lieux sur 5' }).waitFor();
    const results = a
      .getByRole('list')
      .filter({ has: a.getByRole('link', { name: 'France Services de Gramat' }) });
    await results.getByRole('link', { name: 'Déclic 47 — Espace numérique d’Agen' }).waitFor();
    expect(await a.getByRole('link', { name: /Marmande/ }).count()).toBe(0); // closed on Wednesdays
    expect(await runAxe(a)).toEqual([]);

    // The lieu's page: address, hours, contact, services, how to get in.
    await a.getByRole('link', { name: 'France Services de Gramat' }).click();
    await heading(a, 'France Services de Gramat').waitFor();
    await a.getByText('Ouvert maintenant').waitFor();
    await a.getByRole('link', { name: '05 65 38 50 00' }).waitFor();
    await a.getByRole('row', { name: /Lundi .* 09h00 – 12h00, 14h00 – 17h00/ }).waitFor();
    await a.getByText('Se présenter · Téléphoner').waitFor();
    expect(await runAxe(a)).toEqual([]);

    // A session where Germaine is oriented to the France Services.
    await a.goto('/beneficiaires/nouveau');
    await heading(a, 'Nouveau bénéficiaire').waitFor();
    await a.getByRole('textbox', { name: /^Prénom/ }).fill('Germaine');
    await a.getByRole('textbox', { name: /^Nom/ }).fill('Lacombe');
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(a, 'Germaine LACOMBE').waitFor();
    await a.getByRole('link', { name: 'Nouvel accompagnement' }).click();
    await heading(a, 'Accompagnement individuel').waitFor();
    await a.getByRole('radio', { name: '1h', exact: true }).check();
    await a.getByRole('radio', { name: 'À distance' }).check();
    await a.getByRole('checkbox', { name: /Aide aux démarches administratives/ }).check();
    await a.getByRole('radio', { name: 'Oui' }).check();
    await a
      .getByRole('combobox', { name: /^Structure de redirection/ })
      .selectOption({ label: 'Administration (mairie, préfecture…)' });
    await a.getByRole('searchbox', { name: 'Lieu de l’annuaire' }).fill('gramat');
    await a.getByRole('button', { name: 'Choisir France Services de Gramat' }).click();
    await a.getByText('Lieu de l’annuaire : France Services de Gramat').waitFor();
    expect(await runAxe(a)).toEqual([]);
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await a.getByText('L’activité a été enregistrée.').waitFor();
    await a.getByRole('link', { name: 'France Services de Gramat' }).waitFor();

    // The fiche d'orientation, offline: a message to send and a PDF.
    await a.getByRole('link', { name: 'Fiche d’orientation' }).click();
    await heading(a, 'Fiche d’orientation').waitFor();
    await a.getByRole('textbox', { name: /À apporter/ }).fill('Carte Vitale et dernier avis d’imposition');
    const message = a.getByTestId('fiche-message');
    await expect
      .poll(() => message.textContent())
      .toContain('À apporter : Carte Vitale et dernier avis d’imposition');
    expect(await message.textContent()).toContain('Vous êtes orienté·e vers : France Services de Gramat');
    expect(await message.textContent()).toContain('Mercredi : 09h00 – 12h00, 14h00 – 17h00');
    await a.getByRole('img', { name: 'QR code de l’adresse' }).waitFor();
    expect(await runAxe(a)).toEqual([]);
    const [download] = await Promise.all([
      a.waitForEvent('download'),
      a.getByRole('button', { name: 'Télécharger le PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('fiche-orientation-france-services-de-gramat.pdf');
    const text = await readPdfText(new Uint8Array(readFileSync((await download.path())!)));
    expect(text).toContain('Fiche d');
    expect(text).toContain('Germaine');
    expect(text).toContain('France Services de Gramat');
    expect(text).toContain('2 place de la R');
    expect(text).toContain('Lundi : 09h00 - 12h00, 14h00 - 17h00');
    expect(text).toContain('05 65 38 50 00');
    expect(text).toContain('Carte Vitale');
    expect(text).toContain('Léa Martin');
    await openAccessibleVersion(a, 'Fiche d’orientation pour Germaine', [
      'France Services de Gramat',
      '2 place de la République',
      'Lundi : 09h00 – 12h00, 14h00 – 17h00',
      'Téléphone : 05 65 38 50 00',
      'Carte Vitale et dernier avis d’imposition',
      'Léa Martin',
    ]);

    // A newer export changes the hours of Gramat: the other tablet receives the change.
    const newer = readFileSync(join(fixtures, 'cartographie-46.csv'), 'utf8')
      .replace('"2026-10-01"', '"2026-12-01"')
      .replace('Mo-Fr 09:00-12:00,14:00-17:00; PH off', 'Mo-Fr 09:00-12:00; PH off');
    const file = join(tmpdir(), `cartographie-46-${Date.now()}.csv`);
    writeFileSync(file, newer);
    expect(admin('import-lieux', file, '--structure', structureId)).toMatch(
      /0 lieu nouveau, 1 mis à jour, 2 inchangés/,
    );
    await syncNow(b);
    await contextB.setOffline(true);
    await b.goto('/annuaire');
    await b.getByRole('link', { name: 'France Services de Gramat' }).click();
    await heading(b, 'France Services de Gramat').waitFor();
    await b.getByRole('row', { name: /Lundi .* 09h00 – 12h00$/ }).waitFor();

    await contextA.close();
    await contextB.close();
  });
});
