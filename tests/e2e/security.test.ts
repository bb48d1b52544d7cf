// The app under its own Content-Security-Policy, online and offline: nothing it needs is blocked,
// and what it must never do (run a hostile file as a page of the app) cannot happen.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  CSP_SELF_TEST_PATH,
  cspViolations,
  launchBrowser,
  tabletContext,
  waitForServiceWorker,
} from './browser';
import { lendNewItem } from './loan-steps';
import { admin } from './session';

const PASSWORD = 'un mot de passe de test';
const heading = (page: Page, name?: string | RegExp) =>
  page.getByRole('heading', { level: 1, ...(name ? { name } : {}) }).waitFor();

/** A signature drawn with the pointer (mouse events become pointer events in Chromium). */
const drawSignature = async (page: Page, canvas: Locator) => {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 30, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1)
    await page.mouse.move(box.x + 30 + i * 20, y + (i % 2 ? -25 : 25), { steps: 3 });
  await page.mouse.up();
};

/**
 * A page that, if it ever ran as the app, would leave marks the test reads: in the app's storage,
 * its title, its window, and a request to a path nobody else asks for.
 */
const HOSTILE_PAGE =
  '<!doctype html><html><body><h1>Convention</h1>' +
  '<script>try{localStorage.setItem("pwned","1")}catch(e){}' +
  'try{top.document.title="PWNED";top.__pwned=true}catch(e){}' +
  'fetch("/api/pwned?"+encodeURIComponent(document.cookie))</script>' +
  '<img src="x" onerror="top.__pwned=true"></body></html>';

/** Replaces, in the tablet's database, the bytes of the blob `hash` (what a hostile server or device could leave there). */
const plantBlob = (page: Page, hash: string, text: string, type: string) =>
  page.evaluate(
    async ({ hash, text, type }) => {
      const names = (await indexedDB.databases()).map((d) => d.name!).filter(Boolean);
      let planted = 0;
      for (const name of names) {
        const db = await new Promise<IDBDatabase>((ok, fail) => {
          const open = indexedDB.open(name);
          open.onsuccess = () => ok(open.result);
          open.onerror = () => fail(open.error);
        });
        if (db.objectStoreNames.contains('blobs')) {
          await new Promise<void>((ok, fail) => {
            const tx = db.transaction('blobs', 'readwrite');
            const data = new Blob([text], { type });
            tx.objectStore('blobs').put({ hash, type, size: data.size, data, uploaded: true });
            tx.oncomplete = () => ok();
            tx.onerror = () => fail(tx.error);
          });
          planted++;
        }
        db.close();
      }
      return planted;
    },
    { hash, text, type },
  );

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
  '/statistiques',
  '/synchronisation',
  '/synchronisation/conflits',
  '/synchronisation/structure',
  '/connexion',
  '/parametres',
];

describe('security in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(
      admin('create-structure', 'Espace France Services de Gourdon'),
    )![1]!;
    admin(
      'create-user',
      '--structure',
      structureId,
      '--email',
      'nadia@gourdon.fr',
      '--name',
      'Nadia Coord',
      '--role',
      'coordinateur',
      '--password',
      PASSWORD,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serves the app with a strict policy and no inline script or style', async () => {
    const res = await fetch(`${inject('baseURL')}/`);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  it('runs every screen, signed in, online then offline, with nothing blocked by the policy', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/connexion');
    await heading(page, 'Connexion');
    await page.getByLabel(/^Adresse e-mail/).fill('nadia@gourdon.fr');
    await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await heading(page, 'Synchronisation');
    await waitForServiceWorker(page);
    for (const route of ROUTES) {
      await page.goto(route);
      await heading(page);
    }
    // The statistics worker and the coordinateur's accounts page did their work.
    await page.goto('/statistiques');
    await page.getByText('Accompagnements', { exact: false }).first().waitFor();
    await page.goto('/synchronisation/structure');
    await page.getByText('Nadia Coord', { exact: false }).first().waitFor();

    await context.setOffline(true);
    for (const route of ROUTES) {
      await page.goto(route);
      await heading(page);
    }
    await page.reload();
    await heading(page);
    expect(cspViolations(context)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens an agreement as a PDF whatever it says it is: a hostile HTML agreement cannot run script', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    // The type of every object URL the app makes (what the browser will treat the file as).
    await page.addInitScript(() => {
      const types: Record<string, string> = {};
      (window as unknown as { __blobTypes: Record<string, string> }).__blobTypes = types;
      const create = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (object: Blob | MediaSource) => {
        const url = create(object);
        if (object instanceof Blob) types[url] = object.type;
        return url;
      };
    });
    const errors: string[] = [];
    const marks: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    context.on('request', (r) => {
      if (r.url().includes('/api/pwned')) marks.push(r.url());
    });
    await page.goto('/');
    await heading(page, 'Accueil');
    await waitForServiceWorker(page);
    await context.setOffline(true);

    // A loan signed on this tablet, as an advisor does it.
    await lendNewItem(page, { kind: 'Clé 4G / routeur', inventory: '4G-666' }, 'Hugo Vidal', '0565001199');
    await page
      .getByLabel('Date de retour prévue')
      .fill(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Enregistrer le prêt et faire signer' }).click();
    await heading(page, 'Signature de la convention');
    const loanPath = new URL(page.url()).pathname.replace(/\/convention$/, '');
    await drawSignature(page, page.getByRole('img', { name: /Signature du bénéficiaire : signez/ }));
    await drawSignature(page, page.getByRole('img', { name: /Signature du conseiller : signez/ }));
    await page.getByRole('button', { name: 'Valider les signatures et produire le PDF' }).click();
    await heading(page, 'Prêt à Hugo VIDAL');
    const link = page.getByRole('link', { name: 'Télécharger le PDF' });
    await link.waitFor();
    const pdfHash = await page.evaluate(async (path) => {
      const id = path.split('/').pop()!;
      const names = (await indexedDB.databases()).map((d) => d.name!);
      for (const name of names) {
        const db = await new Promise<IDBDatabase>((ok) => {
          const open = indexedDB.open(name);
          open.onsuccess = () => ok(open.result);
        });
        if (!db.objectStoreNames.contains('loans')) continue;
        const loan = await new Promise<{ agreement?: { pdf: string } } | undefined>((ok) => {
          const get = db.transaction('loans').objectStore('loans').get(id);
          get.onsuccess = () => ok(get.result as never);
        });
        if (loan?.agreement) return loan.agreement.pdf;
        // The agreement is sealed at rest (src/data/crypto/at-rest.ts): its PDF is the one blob of
        // this fresh tablet stored as a PDF (a blob's hash and type stay in clear).
        const pdfs = await new Promise<{ hash: string; type: string }[]>((ok) => {
          const all = db.transaction('blobs').objectStore('blobs').getAll();
          all.onsuccess = () => ok(all.result as never);
        });
        db.close();
        const pdf = pdfs.filter((b) => b.type === 'application/pdf');
        if (loan && pdf.length === 1) return pdf[0]!.hash;
      }
      return undefined;
    }, loanPath);
    expect(pdfHash).toMatch(/^[0-9a-f]{64}$/);
    const marked = async () =>
      page.evaluate(() => ({
        storage: localStorage.getItem('pwned'),
        title: document.title,
        window: '__pwned' in window,
      }));
    const clean = { storage: null, title: expect.not.stringMatching(/PWNED/), window: false };

    // 1. The agreement's bytes are an HTML page that says it is one: the app does not open it at all.
    expect(await plantBlob(page, pdfHash!, HOSTILE_PAGE, 'text/html')).toBeGreaterThan(0);
    await page.reload();
    await heading(page, 'Prêt à Hugo VIDAL');
    await page.getByRole('alert').filter({ hasText: 'Ce fichier n’est pas un PDF' }).waitFor();
    expect(await page.getByRole('link', { name: 'Télécharger le PDF' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Imprimer' }).count()).toBe(0);

    // 2. A PDF header followed by a page of script, stored as text/html: it opens, but only as a
    // PDF (the link's file is application/pdf, printing loads it as one), and nothing in it runs.
    // Online, so that a request the page might make would really leave.
    await context.setOffline(false);
    expect(await plantBlob(page, pdfHash!, `%PDF-1.4\n${HOSTILE_PAGE}`, 'text/html')).toBeGreaterThan(0);
    await page.reload();
    await heading(page, 'Prêt à Hugo VIDAL');
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^blob:/);
    expect(
      await page.evaluate(
        (url) => (window as unknown as { __blobTypes: Record<string, string> }).__blobTypes[url],
        href,
      ),
    ).toBe('application/pdf');
    await page.getByRole('button', { name: 'Imprimer' }).click();
    await page.waitForTimeout(1500);
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      expect(await frame.evaluate(() => '__pwned' in window).catch(() => false)).toBe(false);
    }
    expect(await marked()).toEqual(clean);
    expect(marks).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('notices a violation when there is one (the check can fail)', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    // A path of its own, so that the run's final check (global-setup.ts) knows this one is on purpose.
    await page.goto(CSP_SELF_TEST_PATH);
    await heading(page);
    // An inline script, as an injection would add: refused, and seen.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__ran = true';
      document.body.append(script);
    });
    await expect.poll(() => cspViolations(context).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => 'ran' in window || '__ran' in window)).toBe(false);
    await context.close();
  });
});
