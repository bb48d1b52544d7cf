// A cycle of workshops touring two communes, run offline from its first step (after the one online
// visit that installs the app): the cycle and two sessions, three people registered, the call at the
// first session (two present who sign with the pointer, one absent, an anonymous walk-in), the
// advisor's signature closing it, the feuille d'émargement read back from its PDF, the atelier
// collectif it created in the activities, the statistics that count it, and the funder's report.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';
import readExcelFile from 'read-excel-file/universal';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { openAccessibleVersion } from './accessible-version';
import { launchBrowser, runAxe, tabletContext, waitForServiceWorker } from './browser';

const require = createRequire(import.meta.url);

const day = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

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

const drawSignature = async (page: Page, canvas: Locator) => {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 30, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i += 1)
    await page.mouse.move(box.x + 30 + i * 20, y + (i % 2 ? -20 : 20), { steps: 3 });
  await page.mouse.up();
};

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();
const accessible = async (page: Page, where: string) =>
  expect(await runAxe(page), `axe on ${where}`).toEqual([]);

describe('workshops, offline', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('plans a cycle in two communes, registers three people, runs a signed session and closes it into its activity', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    // Other engineers' suites share the two cores: an action may wait longer than the default 30 s.
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    await heading(page, 'Accueil');
    await waitForServiceWorker(page);
    // The service worker does not claim the page it was installed from: until a reload, offline
    // fetches of unhashed files (the communes' JSON) are answered by the HTTP cache only while its
    // heuristic freshness lasts — a few seconds after a fresh build — so the commune picker found
    // nothing under load. Reloaded, the page is the service worker's.
    await page.reload();
    await heading(page, 'Accueil');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);

    // The cycle, from the navigation.
    await page.getByRole('link', { name: 'Ateliers' }).click();
    await heading(page, 'Cycles d’ateliers');
    await page.getByRole('link', { name: 'Nouveau cycle' }).click();
    await heading(page, 'Nouveau cycle d’ateliers');
    await page.getByRole('button', { name: 'Enregistrer le cycle' }).click();
    await page.getByText('Veuillez renseigner le titre du cycle').waitFor();
    await page.getByRole('textbox', { name: /^Titre/ }).fill('Premiers pas sur la tablette');
    await page.getByRole('checkbox', { name: 'Prendre en main du matériel' }).check();
    await page.getByRole('radio', { name: 'Débutant' }).check();
    await page.getByRole('textbox', { name: /^Financeurs/ }).fill('Conférence des financeurs du Lot');
    await accessible(page, '/ateliers/nouveau');
    await page.getByRole('button', { name: 'Enregistrer le cycle' }).click();
    await heading(page, 'Premiers pas sur la tablette');
    const cyclePath = new URL(page.url()).pathname;

    // Two sessions, in two communes.
    const first = day(0);
    const second = day(7);
    const addSession = async (date: string, debut: string, fin: string, commune: string, option: string) => {
      await page.getByRole('link', { name: 'Ajouter une session' }).click();
      await heading(page, /^Nouvelle session/);
      await page.getByLabel(/^Date/).fill(date);
      await page.getByLabel(/^Début/).fill(debut);
      await page.getByLabel(/^Fin/).fill(fin);
      await page.getByRole('combobox', { name: /^Commune/ }).pressSequentially(commune);
      await page.getByRole('option', { name: option }).click();
      await page.getByRole('spinbutton', { name: /^Nombre de places/ }).fill('8');
      await page.getByRole('button', { name: 'Enregistrer la session' }).click();
      await heading(page, 'Premiers pas sur la tablette');
      await page.getByTestId(`session-${date}`).waitFor();
    };
    await addSession(first, '14:00', '16:30', 'gramat', 'Gramat (46500)');
    await addSession(second, '10:00', '12:00', 'figeac', 'Figeac (46100)');
    expect(await page.getByTestId(`session-${first}`).textContent()).toContain('Gramat');
    expect(await page.getByTestId(`session-${second}`).textContent()).toContain('Figeac');

    // Three people registered for the whole cycle, each created on the spot.
    for (const person of ['Jeanne Durand', 'Paul Roche', 'Rose Vidal']) {
      await page.getByRole('combobox', { name: 'Inscrire une personne' }).fill(person);
      await page.getByRole('button', { name: 'Nouvelle personne' }).click();
      await page.getByRole('button', { name: 'Créer et inscrire' }).click();
      const [prenom, nom] = person.split(' ');
      await page
        .getByRole('list', { name: 'Inscrit·e' })
        .getByText(`${prenom} ${nom!.toUpperCase()}`)
        .waitFor();
    }
    expect(await page.getByTestId(`session-${first}`).textContent()).toContain('5 places restantes');
    await accessible(page, cyclePath);

    // The call at the first session.
    await page.getByTestId(`session-${first}`).getByRole('link', { name: 'Faire l’appel' }).click();
    await heading(page, /^Appel et émargement/);
    for (const name of ['Jeanne DURAND', 'Paul ROCHE']) {
      const row = page.getByTestId(`call-${name}`);
      await row.getByRole('button', { name: `Signer — ${name}` }).click();
      await drawSignature(page, row.getByTestId(`signature-Signature de ${name}`));
      await row.getByRole('button', { name: 'Enregistrer la signature' }).click();
      await row.getByText('Signé').waitFor();
      expect(await row.getByRole('button', { name: 'Présent' }).getAttribute('aria-pressed')).toBe('true');
    }
    const rose = page.getByTestId('call-Rose VIDAL');
    await rose.getByRole('button', { name: 'Absent' }).click();
    await expect
      .poll(() => rose.getByRole('button', { name: 'Absent' }).getAttribute('aria-pressed'))
      .toBe('true');
    // One anonymous walk-in, a woman of 70 or more.
    await page.getByRole('spinbutton', { name: 'Nombre de participants anonymes' }).fill('1');
    await page.getByRole('group', { name: 'Genre' }).getByRole('spinbutton', { name: 'Féminin' }).fill('1');
    await page
      .getByRole('group', { name: 'Tranche d’âge' })
      .getByRole('spinbutton', { name: '70 ans et plus' })
      .fill('1');
    await page.getByRole('button', { name: 'Enregistrer les anonymes' }).click();
    await page.getByText('Participants anonymes enregistrés.').waitFor();
    await accessible(page, 'session');

    // The advisor signs: the sheet is produced and the session closed.
    await drawSignature(page, page.getByTestId('signature-Signature du conseiller'));
    await page.getByRole('button', { name: 'Clôturer la session' }).click();
    await page.getByRole('heading', { name: 'Session clôturée' }).waitFor({ timeout: 30_000 });
    const shownHash = (await page.getByText(/^Empreinte SHA-256 : /).textContent())!
      .replace('Empreinte SHA-256 : ', '')
      .trim();
    expect(shownHash).toMatch(/^[0-9a-f]{64}$/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger la feuille d’émargement' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`emargement-${first}.pdf`);
    const text = await readPdfText(new Uint8Array(readFileSync((await download.path())!)));
    expect(text).toContain("Feuille d'émargement");
    expect(text).toContain('Premiers pas sur la tablette');
    expect(text).toContain(`(${first})`);
    expect(text).toContain('De 14:00 à 16:30');
    expect(text).toContain('Gramat');
    expect(text).toContain('Jeanne DURAND');
    expect(text).toContain('Paul ROCHE');
    expect(text).not.toContain('Rose VIDAL');
    expect(text).toContain('Participants anonymes : 1');
    expect(text).toContain(`SHA-256 : ${shownHash}`);
    await accessible(page, 'session closed');
    // Its accessible version: the same sheet as a table, its hash unchanged (no warning).
    await openAccessibleVersion(page, 'Feuille d’émargement', [
      'Premiers pas sur la tablette',
      'De 14:00 à 16:30',
      'Jeanne DURAND',
      'Paul ROCHE',
      'Participants anonymes : 1',
      `SHA-256 : ${shownHash}`,
    ]);
    expect(await page.getByText(/la session a changé/).count()).toBe(0);

    // Its atelier collectif: the two present and the anonymous one, 2h30 in Gramat, no retyping.
    await page.getByRole('link', { name: 'Voir l’activité créée' }).click();
    await heading(page, /^Atelier collectif du /);
    await page.getByRole('link', { name: 'Jeanne DURAND' }).waitFor();
    const detail = (await page.locator('main').textContent()) ?? '';
    expect(detail).toContain('Premiers pas sur la tablette');
    expect(detail).toContain('Jeanne DURAND');
    expect(detail).toContain('Paul ROCHE');
    expect(detail).not.toContain('Rose VIDAL');
    expect(detail).toContain('2h30');
    expect(detail).toContain('Autre lieu — Gramat (46500)');
    expect(detail).toContain('Prendre en main du matériel');
    expect(detail).toContain('Accompagnements3');

    // The statistics that follow: one atelier, its three participants (the anonymous one included),
    // its thématique weighted by them, and who they are.
    await page.getByRole('link', { name: 'Statistiques' }).first().click();
    await heading(page, 'Statistiques');
    const figure = (id: string) => page.getByTestId(`figure-${id}`).locator('dd').first();
    await expect.poll(() => figure('ateliers').textContent(), { timeout: 30_000 }).toBe('1');
    expect(await figure('participants').textContent()).toBe('3');
    expect(await figure('accompagnements').textContent()).toBe('3');
    expect(await figure('beneficiaires').textContent()).toBe('3');
    const cell = async (card: string, row: string) => {
      const section = page.getByRole('region', { name: card, exact: true });
      await section.locator('summary').click();
      return section
        .getByRole('row', { name: new RegExp(`^${row}`) })
        .locator('td')
        .first()
        .textContent();
    };
    expect(
      await cell('Thématiques des accompagnements de médiation numérique', 'Prendre en main du matériel'),
    ).toBe('3');
    expect(await cell('Tranches d’âge', '70 ans et plus')).toBe('1');

    // The funder's report of the cycle: one session held, 2 h 30, three people, one of them over 60,
    // two of the three registered present; and its XLSX.
    await page.goto(cyclePath);
    await heading(page, 'Premiers pas sur la tablette');
    await page.getByRole('link', { name: 'Rapport financeur' }).click();
    await heading(page, 'Rapport pour un financeur');
    await page
      .getByRole('heading', { name: 'Rapport d’activité pour Conférence des financeurs du Lot' })
      .waitFor();
    const reportFigure = (label: string) =>
      page
        .getByRole('region', { name: 'Chiffres clés' })
        .locator('div', { has: page.getByText(label, { exact: true }) })
        .locator('dd');
    await expect.poll(() => reportFigure('Sessions tenues').textContent()).toBe('1');
    expect(await reportFigure('Heures délivrées').textContent()).toBe('2 h 30');
    expect(await reportFigure('Participants').textContent()).toBe('3');
    expect(await reportFigure('Dont 60 ans et plus').textContent()).toBe('1');
    expect(await reportFigure('Taux de présence des inscrits').textContent()).toBe('66,7 %');
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter (XLSX)' }).click(),
    ]);
    const sheet = (await readExcelFile(new Blob([readFileSync((await xlsx.path())!)])))[0]!.data.map((r) =>
      r.filter((c) => c !== null),
    );
    expect(sheet).toContainEqual(['Financeur', 'Conférence des financeurs du Lot']);
    expect(sheet).toContainEqual(['Sessions tenues', 1]);
    expect(sheet).toContainEqual(['Participants', 3]);
    await accessible(page, '/ateliers/rapport');

    // The cycle's page: each person's attendance across sessions.
    await page.goto(cyclePath);
    await heading(page, 'Premiers pas sur la tablette');
    const grid = page.getByRole('table');
    await expect
      .poll(async () => (await grid.getByRole('row', { name: /Rose VIDAL/ }).textContent()) ?? '')
      .toContain('Absent·e');
    expect(await grid.getByRole('row', { name: /Jeanne DURAND/ }).textContent()).toContain('Présent·e');
    expect(await page.getByTestId(`session-${first}`).textContent()).toContain('Clôturée');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
