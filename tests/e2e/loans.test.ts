// Lending a refurbished tablet in a village hall with no network: the whole scenario runs offline
// from its first step (after the one online visit that installs the app).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser, runAxe, tabletContext, waitForServiceWorker } from './browser';
import { chooseNewBeneficiary, lendNewItem } from './loan-steps';
import { readPdf } from './read-pdf';

/** A calendar day in the tablet's time zone (Europe/Paris), as 'YYYY-MM-DD' and as printed. */
const day = (offsetDays: number) => {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(date);
  const printed = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(date);
  return { iso, printed };
};

/** A signature drawn with the pointer (mouse events become pointer events in Chromium). */
const drawSignature = async (page: Page, canvas: Locator) => {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 30, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) {
    await page.mouse.move(box.x + 30 + i * 20, y + (i % 2 ? -25 : 25), { steps: 3 });
  }
  await page.mouse.up();
};

const expectAccessible = async (page: Page, route: string) => {
  const violations = await runAxe(page);
  expect(violations, `axe on ${route}`).toEqual([]);
};

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

describe('equipment loans, offline', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates an item, lends it to a new beneficiary, signs, makes the PDF, reloads, returns it and shows its history', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    await heading(page, 'Accueil');
    await waitForServiceWorker(page);
    await context.setOffline(true);

    // Inventory: a refurbished tablet.
    await page.goto('/materiel');
    await heading(page, 'Matériel');
    await expectAccessible(page, '/materiel');
    await page.getByRole('link', { name: 'Ajouter un matériel' }).click();
    await heading(page, 'Nouveau matériel');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Veuillez choisir le type de matériel').isVisible()).resolves.toBe(true);
    await page.getByRole('radio', { name: 'Tablette' }).check();
    await page.getByLabel('Numéro d’inventaire').fill('TAB-042');
    await page.getByLabel('Marque').fill('Samsung');
    await page.getByLabel('Modèle', { exact: true }).fill('Galaxy Tab A8');
    await page.getByLabel('Numéro de série ou IMEI').fill('R58T1234');
    await page.getByRole('radio', { name: 'Reconditionné' }).check();
    await page.getByLabel('Fournisseur ou filière de reconditionnement').fill('Ateliers du Bocage');
    await page.getByRole('checkbox', { name: 'Chargeur' }).check();
    await page.getByRole('radio', { name: 'Bon état', exact: true }).check();
    await expectAccessible(page, '/materiel/nouveau');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(page, 'Tablette · Samsung Galaxy Tab A8 · n° TAB-042');
    const itemUrl = new URL(page.url()).pathname;
    await expectAccessible(page, itemUrl);

    // Its label, and the scanner's typed fallback that always works.
    await page.getByRole('link', { name: 'Étiquette QR' }).click();
    await heading(page, 'Étiquette du matériel n° TAB-042');
    await page.getByRole('img', { name: 'QR code du numéro d’inventaire TAB-042' }).waitFor();
    await expectAccessible(page, `${itemUrl}/etiquette`);
    await page.goto('/materiel/scanner');
    await heading(page, 'Scanner une étiquette');
    await expectAccessible(page, '/materiel/scanner');
    await page.getByRole('textbox', { name: 'Numéro d’inventaire' }).fill('tab-042');
    await page.getByRole('button', { name: 'Ouvrir la fiche' }).click();
    await heading(page, 'Tablette · Samsung Galaxy Tab A8 · n° TAB-042');

    // Lend it to a beneficiary created on the spot.
    await page.getByRole('link', { name: 'Prêter ce matériel' }).click();
    await heading(page, 'Nouveau prêt');
    await chooseNewBeneficiary(page, 'Élodie Fabre', '06 12 34 56 78');
    const start = day(0);
    const due = day(21);
    await page.getByLabel('Date de retour prévue').fill(due.iso);
    await page.getByLabel('Objet du prêt').fill('Démarches en ligne et recherche d’emploi');
    await page.getByRole('checkbox', { name: 'Une caution est demandée' }).check();
    await page.getByLabel('Montant de la caution (€)').fill('50');
    await page.getByRole('radio', { name: 'Chèque' }).check();
    await page.getByLabel('Nom du conseiller').fill('Camille Roux');
    await expectAccessible(page, '/prets/nouveau');
    await page.getByRole('button', { name: 'Enregistrer le prêt et faire signer' }).click();

    // Sign on the screen, both of them.
    await heading(page, 'Signature de la convention');
    const loanPath = new URL(page.url()).pathname.replace(/\/convention$/, '');
    await expect(page.getByTestId('agreement-text').textContent()).resolves.toContain('Élodie FABRE');
    await expectAccessible(page, `${loanPath}/convention`);
    await page.getByRole('button', { name: 'Valider les signatures et produire le PDF' }).click();
    await expect(page.getByText('Veuillez signer dans le cadre').first().isVisible()).resolves.toBe(true);
    await drawSignature(page, page.getByRole('img', { name: /Signature du bénéficiaire : signez/ }));
    await drawSignature(page, page.getByRole('img', { name: /Signature du conseiller : signez/ }));
    await page.getByRole('button', { name: 'Valider les signatures et produire le PDF' }).click();
    await heading(page, 'Prêt à Élodie FABRE');
    await page.getByText(/^Signée le/).waitFor();
    await expectAccessible(page, loanPath);

    // The PDF made on the tablet: borrower, item and dates in its text.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger le PDF' }).click(),
    ]);
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const { text, images } = await readPdf(bytes);
    expect(images).toBe(2); // both signatures
    expect(text).toContain('Convention de prêt de matériel');
    expect(text).toContain('Élodie FABRE');
    expect(text).toContain('Samsung Galaxy Tab A8');
    expect(text).toContain('TAB-042');
    expect(text).toContain(`le prêt commence le ${start.printed}`);
    expect(text).toContain(`au plus tard le ${due.printed}`);
    expect(text).toContain('50,00 €, versée en chèque');
    expect(text).toContain("l'emprunteur"); // typographic apostrophes become plain ones for the PDF font
    // The stored PDF is small enough for a weak network (two signatures included).
    expect(bytes.length).toBeLessThan(200 * 1024);

    // Still there after a reload, offline.
    await page.reload();
    await heading(page, 'Prêt à Élodie FABRE');
    await page.getByText(/^Signée le/).waitFor();
    await page.goto('/prets');
    await heading(page, 'Prêts');
    await page.getByRole('link', { name: 'Élodie FABRE' }).waitFor();
    await expectAccessible(page, '/prets');

    // Lending it again on this tablet is refused while it is out.
    await page.goto('/prets/nouveau');
    await heading(page, 'Nouveau prêt');
    await page.getByText('Aucun autre matériel disponible.').waitFor();

    // The return: back in good condition, deposit returned.
    await page.goto(`${loanPath}/retour`);
    await heading(page, 'Retour du matériel');
    await expectAccessible(page, `${loanPath}/retour`);
    await page.getByLabel('Observations (dégâts, éléments manquants…)').fill('Écran propre, chargeur rendu');
    await page.getByRole('button', { name: 'Enregistrer le retour' }).click();
    await heading(page, 'Prêt à Élodie FABRE');
    await page.getByRole('heading', { name: 'Retours' }).waitFor();
    await expect(page.getByText(/rendue le/).isVisible()).resolves.toBe(true);

    // The item is available again, with its whole history.
    await page.goto(itemUrl);
    await heading(page, 'Tablette · Samsung Galaxy Tab A8 · n° TAB-042');
    const history = page.getByTestId('item-history');
    await expect(history.locator('li').count()).resolves.toBe(3);
    const lines = await history.locator('li').allTextContents();
    expect(lines[0]).toContain('Rendu');
    expect(lines[0]).toContain('Prêté → Disponible');
    expect(lines[1]).toContain('Prêté');
    expect(lines[2]).toContain('Enregistré dans l’inventaire');
    await expect(page.getByText('Disponible', { exact: true }).first().isVisible()).resolves.toBe(true);

    // Remaining routes: edit form and agreement template.
    await page.goto(`${itemUrl}/modifier`);
    await heading(page, 'Modifier le matériel n° TAB-042');
    await expectAccessible(page, `${itemUrl}/modifier`);
    await page.goto('/prets/modele');
    await heading(page, 'Modèle de convention de prêt');
    await expectAccessible(page, '/prets/modele');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows an overdue loan on the home screen and on the loan, with what to say', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await page.goto('/');
    await heading(page, 'Accueil');
    await waitForServiceWorker(page);
    await context.setOffline(true);

    await lendNewItem(page, { kind: 'Clé 4G / routeur', inventory: '4G-003' }, 'Marcel Pons', '0565001122');
    await page.getByLabel('Date de début').fill(day(-30).iso);
    await page.getByLabel('Date de retour prévue').fill(day(-9).iso);
    // A photo straight from the camera (here a 2000 px image) is stored as a JPEG of at most 1280 px.
    const big = await QRCode.toBuffer('photo', { width: 2000, margin: 4 });
    await page.getByLabel('Photo du matériel remis (facultatif)').setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: big,
    });
    await page.getByRole('img', { name: 'Photo du matériel au moment du prêt' }).waitFor();
    await page.getByRole('button', { name: 'Enregistrer le prêt et faire signer' }).click();
    await heading(page, 'Signature de la convention');

    await page.goto('/');
    await page.getByRole('heading', { name: 'Prêts en retard' }).waitFor();
    await expect(page.getByText('En retard de 9 jours').isVisible()).resolves.toBe(true);
    await expectAccessible(page, '/ (prêts en retard)');
    await page.getByRole('link', { name: 'Marcel PONS' }).click();
    await heading(page, 'Prêt à Marcel PONS');
    await page.getByRole('heading', { name: /Ce qu’il faut dire au bénéficiaire/ }).waitFor();
    await expect(
      page.getByRole('link', { name: 'Appeler le 05 65 00 11 22' }).getAttribute('href'),
    ).resolves.toBe('tel:+33565001122');
    await expect(
      page.getByText(/Vous avez emprunté Clé 4G \/ routeur · n° 4G-003 depuis le/).isVisible(),
    ).resolves.toBe(true);
    const photo = page.getByRole('img', { name: 'Photo du matériel au moment du prêt' });
    await photo.waitFor();
    const stored = await photo.evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      // The stored blob itself, from IndexedDB (the CSP's connect-src does not let a page fetch blob: URLs).
      const registry = JSON.parse(localStorage.getItem('sillon.accounts') ?? '{}') as {
        active?: string;
        owners?: Record<string, { db?: string }>;
      };
      const name = (registry.active && registry.owners?.[registry.active]?.db) || 'sillon';
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const blobs = await new Promise<{ type: string; size: number }[]>((resolve, reject) => {
        const request = db.transaction('blobs').objectStore('blobs').getAll();
        request.onsuccess = () => resolve(request.result as { type: string; size: number }[]);
        request.onerror = () => reject(request.error);
      });
      db.close();
      const blob = blobs.find((b) => b.type.startsWith('image/'))!;
      return { width: img.naturalWidth, height: img.naturalHeight, type: blob.type, size: blob.size };
    });
    expect(stored).toMatchObject({ width: 1280, height: 1280, type: 'image/jpeg' });
    expect(stored.size).toBeLessThan(400 * 1024);
    await expectAccessible(page, '/prets/:id (en retard)');
    await page.goto('/prets?filtre=en_retard');
    await page.getByRole('link', { name: 'Marcel PONS' }).waitFor();
    await context.close();
  });
  it('warns on both loans, the item and the home screen when a sync brings a second loan of the same item', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await page.goto('/');
    await heading(page, 'Accueil');
    await waitForServiceWorker(page);
    await context.setOffline(true);

    const itemId = await lendNewItem(page, { kind: 'Smartphone', inventory: 'TEL-011' }, 'Rose Vidal');
    await page.getByRole('button', { name: 'Enregistrer le prêt et faire signer' }).click();
    await heading(page, 'Signature de la convention');
    const ourLoan = new URL(page.url()).pathname.replace(/\/convention$/, '');

    // What a sync leaves when another tablet lent the same phone while offline: its loan record.
    const otherLoan = await page.evaluate(async (item) => {
      const registry = JSON.parse(localStorage.getItem('sillon.accounts') ?? '{}') as {
        active?: string;
        owners?: Record<string, { db?: string }>;
      };
      const name = (registry.active && registry.owners?.[registry.active]?.db) || 'sillon';
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const stamp = new Date(Date.now() - 3_600_000).toISOString();
      const today = stamp.slice(0, 10);
      const borrower = {
        id: '0190f000-0000-7000-8000-0000000000b1',
        createdAt: stamp,
        updatedAt: stamp,
        serverVersion: 3,
        anonyme: false,
        prenom: 'Hugo',
        nom: 'Bastide',
        trancheAge: 'non_communique',
        sortKey: 'bastide hugo',
        searchTokens: ['hugo', 'bastide'],
      };
      const loan = {
        id: '0190f000-0000-7000-8000-0000000000c1',
        createdAt: stamp,
        updatedAt: stamp,
        serverVersion: 4,
        itemIds: [item],
        beneficiaryId: borrower.id,
        startDate: today,
        plannedReturnDate: today,
        extensions: [],
        handover: [],
        returns: [],
        status: 'en_cours',
      };
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['loans', 'beneficiaries'], 'readwrite');
        tx.objectStore('beneficiaries').put(borrower);
        tx.objectStore('loans').put(loan);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return loan.id;
    }, itemId);

    const warning = 'Ce matériel est prêté deux fois';
    await page.goto('/');
    await page.getByRole('heading', { name: warning }).waitFor();
    await expectAccessible(page, '/ (prêt en double)');
    await page.goto(`/materiel/${itemId}`);
    await page.getByRole('heading', { name: warning }).waitFor();
    await page.getByRole('link', { name: /Prêt à Hugo BASTIDE/ }).waitFor();
    await page.getByRole('link', { name: /Prêt à Rose VIDAL/ }).waitFor();
    for (const path of [ourLoan, `/prets/${otherLoan}`]) {
      await page.goto(path);
      await page.getByRole('heading', { name: warning }).waitFor();
      await expect(page.getByText('Aucun prêt n’a été effacé', { exact: false }).isVisible()).resolves.toBe(
        true,
      );
    }
    await expectAccessible(page, '/prets/:id (prêt en double)');

    // Closing the loan that did not happen clears the warning everywhere.
    await page.goto(`/prets/${otherLoan}/retour`);
    await page.getByLabel('Observations (dégâts, éléments manquants…)').fill('prêt en double');
    await page.getByRole('button', { name: 'Enregistrer le retour' }).click();
    await heading(page, 'Prêt à Hugo BASTIDE');
    await page.goto(`/materiel/${itemId}`);
    await heading(page, 'Smartphone · n° TEL-011');
    await expect(page.getByRole('heading', { name: warning }).count()).resolves.toBe(0);
    await expect(page.getByText('Prêté', { exact: true }).first().isVisible()).resolves.toBe(true);
    await context.close();
  });
  it('opens an item by scanning its label with the camera', async () => {
    // A fake camera that films the label's QR code (a Y4M video Chromium plays as the webcam).
    const qr = QRCode.create('CAM-001', { errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    const [w, h, cell] = [640, 480, 10];
    const x0 = (w - size * cell) / 2;
    const y0 = (h - size * cell) / 2;
    const luma = Buffer.alloc(w * h, 235);
    for (let y = 0; y < size * cell; y += 1)
      for (let x = 0; x < size * cell; x += 1)
        if (qr.modules.get(Math.floor(y / cell), Math.floor(x / cell))) luma[(y0 + y) * w + x0 + x] = 16;
    const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
    const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
    const video = join(mkdtempSync(join(tmpdir(), 'sillon-cam-')), 'label.y4m');
    writeFileSync(
      video,
      Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame]),
    );
    const camBrowser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const context = await tabletContext(camBrowser, inject('baseURL'));
      await context.grantPermissions(['camera']);
      const page = await context.newPage();
      await page.goto('/materiel/nouveau');
      await page.getByRole('radio', { name: 'Ordinateur portable' }).check();
      await page.getByLabel('Numéro d’inventaire').fill('CAM-001');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await heading(page, 'Ordinateur portable · n° CAM-001');
      await page.goto('/materiel/scanner');
      await page.getByRole('button', { name: 'Scanner avec la caméra' }).click();
      await heading(page, 'Ordinateur portable · n° CAM-001');
      await context.close();
    } finally {
      await camBrowser.close();
    }
  });
  it('keeps a loan being typed across a reload (autosaved draft)', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    const page = await context.newPage();
    await page.goto('/');
    await heading(page, 'Accueil');
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.goto('/prets/nouveau');
    await heading(page, 'Nouveau prêt');
    await page.getByLabel('Objet du prêt').fill('Recherche d’emploi');
    await page.getByLabel('Nom du conseiller').fill('Camille Roux');
    // The draft reaches IndexedDB (polled, not timed), sealed: the advisor's typing is not in clear.
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            new Promise<boolean>((resolve) => {
              const request = indexedDB.open('sillon');
              request.onsuccess = () => {
                const get = request.result.transaction('drafts').objectStore('drafts').get('loan:new');
                get.onsuccess = () => {
                  const row = get.result as Record<string, unknown> | undefined;
                  resolve(row?._sealed instanceof Uint8Array && !JSON.stringify(row).includes('Camille'));
                };
                get.onerror = () => resolve(false);
              };
              request.onerror = () => resolve(false);
            }),
        ),
      )
      .toBe(true);
    await page.reload();
    await heading(page, 'Nouveau prêt');
    await expect(page.getByLabel('Objet du prêt').inputValue()).resolves.toBe('Recherche d’emploi');
    await page.goto('/');
    await page.getByRole('heading', { name: 'Saisies à reprendre' }).waitFor();
    await page.getByText('Prêt de matériel').waitFor();
    await context.close();
  });
});
