// Accessibility beyond axe (issue 17): reflow at 320 CSS px (WCAG 1.4.10, RGAA 10.11) on every route,
// the main flows with the keyboard only (focus visible and where expected), and the live region that
// says what happened (saved, deleted, synchronised) without taking the focus.
import { readFileSync } from 'node:fs';

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser, runAxe, tabletContext, waitForServiceWorker } from './browser';
import { readPdf } from './read-pdf';
import { admin, heading, signIn } from './session';
import { conformityLevel, conformityRate, nonConformities } from '../../src/domain/accessibility-audit';

const ROUTES = [
  '/',
  '/beneficiaires',
  '/beneficiaires/nouveau',
  '/activites',
  '/activites/nouvelle/individuel',
  '/activites/nouvelle/collectif',
  '/materiel',
  '/materiel/nouveau',
  '/materiel/scanner',
  '/prets',
  '/prets/nouveau',
  '/prets/modele',
  '/ateliers',
  '/ateliers/nouveau',
  '/ateliers/planning',
  '/ateliers/pass',
  '/annuaire',
  '/statistiques',
  '/synchronisation',
  '/synchronisation/conflits',
  '/connexion',
  '/parametres',
  '/accessibilite',
  '/plan-du-site',
];

/** WCAG 1.4.12's spacings, as a user stylesheet would impose them (RGAA 10.12). */
const TEXT_SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }`;

/** Imposes TEXT_SPACING through a constructed stylesheet (the app's CSP refuses inline styles). */
const applyTextSpacing = (page: Page) =>
  page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, TEXT_SPACING);

/** Buttons and links whose text no longer fits (cut off) once the spacings are imposed. */
const clipped = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a, label, .badge, .status-pill')]
      .filter(
        (el) =>
          el.offsetWidth > 0 &&
          el.scrollWidth > el.offsetWidth + 1 &&
          getComputedStyle(el).overflow !== 'visible',
      )
      .map((el) => el.textContent?.trim().slice(0, 40) ?? ''),
  );

/**
 * What sticks out sideways: the page's own horizontal scroll, and every visible element whose right
 * edge passes the viewport, except inside a region that scrolls on its own (a data table's).
 */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('.table-scroll')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 0.5) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(box.right)}px)`);
      }
    }
    return {
      scroll: root.scrollWidth > width,
      width,
      elements: out.filter((e) => !/^(header|nav|ul|li|a)\./.test(e)).slice(0, 8),
    };
  });

/** Is the focused element `target`, and is its focus drawn (an outline or a ring)? */
const focusState = (target: Locator) =>
  target.evaluate((el) => {
    const active = document.activeElement as HTMLElement | null;
    const focused = active ?? document.body;
    const style = getComputedStyle(focused);
    const drawn =
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return {
      here: el === active || el.contains(active),
      // A date field's last stop is Chromium's calendar button inside it, which draws its own ring
      // (the field itself then matches no :focus: no style of ours can reach it).
      visible: focused === document.body || drawn || focused.matches('input[type="date"]:not(:focus)'),
      what: `${focused.tagName.toLowerCase()}#${focused.id}.${focused.className} ${focused.getAttribute('type') ?? ''} « ${(focused.getAttribute('aria-label') ?? focused.textContent ?? '').slice(0, 40)} » outline ${style.outlineStyle} ${style.outlineWidth} focus=${focused.matches(':focus')} fv=${focused.matches(':focus-visible')}`,
    };
  });

/**
 * Tab (Shift+Tab backwards) until the focus is on or inside `target`; every element met on the way
 * must show its focus. Fails when `target` is not reachable within `max` presses.
 */
const tabTo = async (page: Page, target: Locator, { back = false, max = 120 } = {}): Promise<void> => {
  const met: string[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const state = await focusState(target);
    met.push(state.what);
    expect(state.visible, `focus not visible on ${state.what} after ${met.slice(-6).join(' | ')}`).toBe(true);
    if (state.here) return;
  }
  throw new Error(`Not reachable by keyboard: ${target.toString()}; met ${met.slice(-8).join(' | ')}`);
};

/** In a radio group that has the focus, arrow keys until `radio` is checked. */
const arrowTo = async (page: Page, radio: Locator): Promise<void> => {
  for (let i = 0; i < 30 && !(await radio.isChecked()); i += 1) await page.keyboard.press('ArrowDown');
  expect(await radio.isChecked()).toBe(true);
};

/** Where the focus is, as a locator check: the level-1 heading of the screen. */
const focusIsOnHeading = (page: Page) =>
  page.evaluate(() => document.activeElement === document.querySelector('h1'));

/** Everything the app's live region says from now on, in order. */
const listen = (page: Page) =>
  page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { __said: string[] }).__said = said;
    const region = document.querySelector('[data-testid="announcer"]')!;
    new MutationObserver(() => said.push((region.textContent ?? '').trim())).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
const heard = (page: Page) =>
  page.evaluate(() => (window as unknown as { __said?: string[] }).__said?.filter(Boolean) ?? []);

describe('accessibility: reflow, live regions, keyboard', () => {
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
    context = await tabletContext(browser, inject('baseURL'));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('reflows at 320 × 640 CSS px on every route: no horizontal scroll outside table regions', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    await waitForServiceWorker(page);
    const failures: Record<string, unknown> = {};
    for (const route of ROUTES) {
      await page.goto(route);
      await page.getByRole('heading', { level: 1 }).waitFor();
      if (route === '/statistiques') await page.getByTestId('stats-report').waitFor();
      const result = await overflow(page);
      if (result.scroll || result.elements.length > 0) failures[route] = result;
    }
    expect(failures).toEqual({});

    // The same routes with the text spacings imposed, at the tablet's width: nothing sticks out or is cut.
    await page.setViewportSize({ width: 1280, height: 800 });
    const spaced: Record<string, unknown> = {};
    for (const route of ROUTES) {
      await page.goto(route);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await applyTextSpacing(page);
      const result = await overflow(page);
      const cut = await clipped(page);
      if (result.scroll || result.elements.length > 0 || cut.length > 0) spaced[route] = { ...result, cut };
    }
    expect(spaced).toEqual({});
    await page.close();
  });

  it('serves the déclaration d’accessibilité from every footer, offline and signed out', async () => {
    const page = await context.newPage();
    await page.goto('/');
    await heading(page, 'Accueil').waitFor();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    try {
      await page.goto('/beneficiaires');
      await heading(page, 'Bénéficiaires').waitFor();
      const footer = page.getByRole('contentinfo');
      const level = conformityLevel(conformityRate());
      await tabTo(page, footer.getByRole('link', { name: `Accessibilité : ${level}`, exact: true }));
      await page.keyboard.press('Enter');
      await heading(page, 'Déclaration d’accessibilité').waitFor();
      await expect.poll(() => focusIsOnHeading(page)).toBe(true);
      const rate = conformityRate().toLocaleString('fr-FR', { maximumFractionDigits: 1 });
      expect(await page.getByTestId('conformity-rate').textContent()).toContain(`${rate} %`);
      expect(await page.getByTestId('non-conformities').getByRole('listitem').count()).toBe(
        nonConformities().length,
      );
      expect(await page.getByTestId('conformity-state').textContent()).toContain(`Sillon est ${level} avec`);
      await page
        .getByRole('link', { name: /Défenseur des droits/ })
        .first()
        .waitFor();
      expect(await runAxe(page)).toEqual([]);
      await footer.getByRole('link', { name: 'Plan du site' }).click();
      await heading(page, 'Plan du site').waitFor();
      await page.getByRole('link', { name: 'Nouveau prêt' }).waitFor();
      expect(await runAxe(page)).toEqual([]);
    } finally {
      await context.setOffline(false);
      await page.close();
    }
  });

  it('registers a beneficiary, logs a session, runs the statistics and syncs with the keyboard alone', async () => {
    const structureId = /([0-9a-f-]{36})/.exec(
      admin('create-structure', 'Maison France services de Gramat'),
    )![1]!;
    admin(
      'create-user',
      '--structure',
      structureId,
      '--email',
      'clavier@gramat.fr',
      '--name',
      'Camille Clavier',
      '--role',
      'conseiller',
      '--password',
      'un mot de passe de test',
    );
    const page = await signIn(context, 'clavier@gramat.fr');

    // Register a beneficiary: from the list's link to the saved fiche.
    await page.goto('/beneficiaires');
    await heading(page, 'Bénéficiaires').waitFor();
    await listen(page);
    // On a page load the first Tab reaches the skip link, which takes the focus past the menu.
    await tabTo(page, page.getByRole('link', { name: 'Aller au contenu' }), { max: 1 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    await tabTo(page, page.getByRole('link', { name: 'Nouveau bénéficiaire' }).first());
    await page.keyboard.press('Enter');
    await heading(page, 'Nouveau bénéficiaire').waitFor();
    await tabTo(page, page.getByRole('textbox', { name: /^Prénom/ }));
    await page.keyboard.type('Odette');
    await tabTo(page, page.getByRole('textbox', { name: /^Nom/ }));
    await page.keyboard.type('Vialatte');
    await tabTo(page, page.getByRole('button', { name: 'Enregistrer' }));
    await page.keyboard.press('Enter');
    await heading(page, 'Odette VIALATTE').waitFor();
    // The pressed button is gone: the new screen's heading has the focus, the region says it was saved.
    await expect.poll(() => focusIsOnHeading(page)).toBe(true);
    await expect.poll(() => heard(page)).toContain('Bénéficiaire enregistré.');
    expect(await runAxe(page)).toEqual([]);

    // Log a session for her, from her fiche.
    await tabTo(page, page.getByRole('link', { name: 'Nouvel accompagnement' }));
    await page.keyboard.press('Enter');
    await heading(page, 'Accompagnement individuel').waitFor();
    await tabTo(page, page.getByRole('group', { name: 'Durée', exact: true }));
    await arrowTo(page, page.getByRole('radio', { name: '1h', exact: true }));
    await tabTo(page, page.getByRole('group', { name: /^Lieu de l’accompagnement/ }));
    await arrowTo(page, page.getByRole('radio', { name: 'À distance' }));
    await tabTo(page, page.getByRole('checkbox', { name: /Aide aux démarches administratives/ }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: 'Enregistrer' }));
    await page.keyboard.press('Enter');
    await heading(page, /^Accompagnement individuel du /).waitFor();
    await expect.poll(() => focusIsOnHeading(page)).toBe(true);
    await expect.poll(() => heard(page)).toContain('Activité enregistrée.');

    // Statistics, reached from the main menu (back up the page): the focus goes to the screen's
    // heading; the period is chosen with the arrow keys and the figures follow it.
    const menu = page.getByRole('navigation', { name: 'Navigation principale' });
    await tabTo(page, menu.getByRole('link', { name: 'Statistiques' }), { back: true });
    await page.keyboard.press('Enter');
    await heading(page, 'Statistiques').waitFor();
    await expect.poll(() => focusIsOnHeading(page)).toBe(true);
    await page.getByTestId('stats-report').waitFor();
    const individuels = page.getByTestId('figure-individuels').locator('dd').first();
    await expect.poll(() => individuels.textContent()).toBe('1');
    await tabTo(page, page.getByRole('group', { name: 'Période' }));
    await arrowTo(page, page.getByRole('radio', { name: 'Le mois dernier' }));
    await expect.poll(() => individuels.textContent()).toBe('0');
    await arrowTo(page, page.getByRole('radio', { name: 'Cette année' }));
    await expect.poll(() => individuels.textContent()).toBe('1');
    // Then a chart's table in its own focusable region.
    const details = page.locator('.stats-details summary').first();
    await tabTo(page, details);
    await page.keyboard.press('Enter');
    const region = page.locator('.stats-details').first().getByRole('region');
    await tabTo(page, region);
    expect(await region.getByRole('table').count()).toBe(1);

    // At 320 CSS px the screens with data reflow too: the tables scroll in their regions only.
    // (Charts redraw at the new width a moment after the resize.)
    await page.setViewportSize({ width: 320, height: 640 });
    await expect.poll(() => overflow(page)).toMatchObject({ scroll: false, elements: [] });
    await page.goBack();
    await heading(page, /^Accompagnement individuel du /).waitFor();
    await expect.poll(() => overflow(page)).toMatchObject({ scroll: false, elements: [] });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Sync, from the main menu too: the region says it started and ended; the focus stays on the button.
    await tabTo(page, menu.getByRole('link', { name: 'Synchronisation' }), { back: true });
    await page.keyboard.press('Enter');
    await heading(page, 'Synchronisation').waitFor();
    await expect.poll(() => focusIsOnHeading(page)).toBe(true);
    const button = page.getByRole('button', { name: 'Synchroniser' });
    await expect.poll(() => button.isEnabled(), { timeout: 20_000 }).toBe(true);
    await listen(page);
    await tabTo(page, button);
    await page.keyboard.press('Enter');
    // (An automatic sync may run too: what counts is a start followed by its end.)
    const startedThenDone = async () => {
      const said = await heard(page);
      const start = said.indexOf('Synchronisation commencée…');
      return start > -1 && said.lastIndexOf('Synchronisation terminée.') > start;
    };
    await expect.poll(startedThenDone, { timeout: 20_000 }).toBe(true);
    await page.getByRole('status').filter({ hasText: 'Synchronisation terminée.' }).waitFor();
    expect((await focusState(button)).here).toBe(true);
    await expect.poll(() => page.getByTestId('pending-count').textContent()).toBe('0');

    // A dialog: the focus goes in, Escape gives it back to the button that opened it; once the
    // fiche is deleted, the list's heading takes it and the region says so.
    await page.goto('/beneficiaires');
    await tabTo(page, page.getByRole('link', { name: /Odette VIALATTE/ }));
    await page.keyboard.press('Enter');
    await heading(page, 'Odette VIALATTE').waitFor();
    const remove = page.getByRole('button', { name: 'Supprimer' });
    await tabTo(page, remove);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Supprimer ce bénéficiaire ?' });
    await dialog.waitFor();
    expect((await focusState(dialog)).here).toBe(true);
    expect(await runAxe(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await focusState(remove)).here).toBe(true);
    await listen(page);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, dialog.getByRole('button', { name: 'Supprimer' }));
    await page.keyboard.press('Enter');
    await heading(page, 'Bénéficiaires').waitFor();
    await expect.poll(() => focusIsOnHeading(page)).toBe(true);
    await expect.poll(() => heard(page)).toContain('Bénéficiaire supprimé.');
  });

  it('lends an item and signs the agreement by typing, with the keyboard alone, and the PDF says so', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/materiel');
    await heading(page, 'Matériel').waitFor();
    await listen(page);

    // A new item.
    await tabTo(page, page.getByRole('link', { name: 'Ajouter un matériel' }).first());
    await page.keyboard.press('Enter');
    await heading(page, 'Nouveau matériel').waitFor();
    await tabTo(page, page.getByRole('radio', { name: 'Tablette' }));
    await arrowTo(page, page.getByRole('radio', { name: 'Tablette' }));
    await tabTo(page, page.getByRole('textbox', { name: /^Numéro d’inventaire/ }));
    await page.keyboard.type('CLAV-017');
    await tabTo(page, page.getByRole('button', { name: 'Enregistrer' }));
    await page.keyboard.press('Enter');
    await heading(page, 'Tablette · n° CLAV-017').waitFor();
    await expect.poll(() => focusIsOnHeading(page)).toBe(true);
    await expect.poll(() => heard(page)).toContain('Matériel enregistré.');

    // Lent to a borrower created on the spot from the loan form.
    await tabTo(page, page.getByRole('link', { name: 'Prêter ce matériel' }));
    await page.keyboard.press('Enter');
    await heading(page, 'Nouveau prêt').waitFor();
    await tabTo(page, page.getByRole('combobox', { name: /^Bénéficiaire/ }));
    await page.keyboard.type('Josette Clavel');
    const create = page.getByRole('button', { name: 'Créer « Josette Clavel »' });
    await create.waitFor();
    await tabTo(page, create);
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Créer et choisir' }));
    await page.keyboard.press('Enter');
    await page.getByText('Josette CLAVEL').first().waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Enregistrer le prêt et faire signer' }));
    await page.keyboard.press('Enter');
    await heading(page, 'Signature de la convention').waitFor();
    await expect.poll(() => focusIsOnHeading(page)).toBe(true);

    // Both sign by typing their name: the switch puts the focus in the name field.
    const sign = async (who: string, name: string, tick: boolean) => {
      await tabTo(page, page.getByRole('button', { name: `Signer en tapant mon nom — ${who}` }));
      await page.keyboard.press('Enter');
      const field = page.getByRole('textbox', { name: `Nom et prénom — ${who}` });
      await expect.poll(() => focusState(field)).toMatchObject({ here: true, visible: true });
      await page.keyboard.type(name);
      if (!tick) return;
      await tabTo(page, page.getByRole('checkbox', { name: `Lu et approuvé — ${who}` }));
      await page.keyboard.press('Space');
    };
    await sign('Signature du bénéficiaire', 'Josette Clavel', false);
    await sign('Signature du conseiller', 'Camille Clavier', true);
    const submit = page.getByRole('button', { name: 'Valider les signatures et produire le PDF' });
    await tabTo(page, submit);
    await page.keyboard.press('Enter');
    // « Lu et approuvé » was not ticked: said, and the typed name kept.
    await page.getByRole('alert').filter({ hasText: 'Cochez « Lu et approuvé ».' }).waitFor();
    expect(
      await page.getByRole('textbox', { name: 'Nom et prénom — Signature du bénéficiaire' }).inputValue(),
    ).toBe('Josette Clavel');
    expect(await runAxe(page)).toEqual([]);
    await tabTo(page, page.getByRole('checkbox', { name: 'Lu et approuvé — Signature du bénéficiaire' }), {
      back: true,
    });
    await page.keyboard.press('Space');
    await tabTo(page, submit);
    await page.keyboard.press('Enter');
    await heading(page, 'Prêt à Josette CLAVEL').waitFor();
    await expect.poll(() => focusIsOnHeading(page)).toBe(true);
    await expect.poll(() => heard(page)).toContain('Convention signée.');

    // The agreement's PDF, downloaded from the keyboard: both typed signatures, said in its text.
    const download = page.waitForEvent('download');
    await tabTo(page, page.getByRole('link', { name: 'Télécharger le PDF' }));
    await page.keyboard.press('Enter');
    const bytes = new Uint8Array(readFileSync((await (await download).path())!));
    const { text, images } = await readPdf(bytes);
    expect(images).toBe(2);
    expect(text).toContain('Josette CLAVEL');
    expect(text).toContain('CLAV-017');
    expect(text).toContain('Signature tapée (« Lu et approuvé ») : Josette Clavel');
    expect(text).toContain('Signature tapée (« Lu et approuvé ») : Camille Clavier');

    // Its accessible version (RGAA 13.3), next to the PDF: the same text, a heading per clause, who
    // signed and how — offline too.
    await tabTo(page, page.getByRole('link', { name: 'Lire la convention (version accessible)' }));
    await page.keyboard.press('Enter');
    await heading(page, 'Convention de prêt de matériel').waitFor();
    await expect.poll(() => focusIsOnHeading(page)).toBe(true);
    const readAgreement = async () => {
      const article = page.getByTestId('agreement-html');
      await article.getByRole('img', { name: 'Signature tapée de Josette CLAVEL' }).waitFor();
      expect(await article.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
        'Objet',
        'Durée',
        'Usage',
        'Caution',
        'Données personnelles',
        'Signatures',
      ]);
      expect(await article.getByRole('listitem').allTextContents()).toEqual([
        expect.stringMatching(/^Tablette · n° CLAV-017/),
      ]);
      const html = (await article.textContent()) ?? '';
      expect(html).toContain('Josette CLAVEL (téléphone');
      expect(html).toContain('Josette CLAVEL — signature tapée : « Josette Clavel », lu et approuvé');
      expect(html).toContain('Camille Clavier — signature tapée : « Camille Clavier », lu et approuvé');
      await article.getByRole('img', { name: 'Signature tapée de Camille Clavier' }).waitFor();
    };
    await readAgreement();
    expect(await runAxe(page)).toEqual([]);
    await waitForServiceWorker(page);
    await context.setOffline(true);
    try {
      await page.reload();
      await heading(page, 'Convention de prêt de matériel').waitFor();
      await readAgreement();
    } finally {
      await context.setOffline(false);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
