// Export → import of unsynced changes, in Chromium through the real server: a tablet offline keeps a
// new fiche and an edit, exports them, is revoked; the advisor's other tablet imports the file (twice),
// sees what it holds before confirming, and the changes reach the server once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { admin, heading, PASSWORD, signIn, syncNow } from './session';
import { launchBrowser, runAxe, tabletContext } from './browser';

const STRUCTURE = 'Médiathèque de Figeac';

const importFile = async (page: Page, file: string): Promise<void> => {
  await page.goto('/synchronisation');
  await page.getByLabel('Choisir le fichier exporté (.json)').setInputFiles(file);
  await page.getByTestId('import-preview').waitFor();
};

const listed = async (page: Page, name: RegExp): Promise<number> => {
  await page.goto('/beneficiaires');
  await heading(page, /Bénéficiaires/).waitFor();
  await page
    .getByRole('link', { name: /Paulette VIGUIÉ|Jean BOUDOU/ })
    .first()
    .waitFor();
  return page.getByRole('link', { name }).count();
};

describe('unsynced changes carried by a file', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const structureId = /([0-9a-f-]{36})/.exec(admin('create-structure', STRUCTURE))![1]!;
    admin(
      'create-user',
      '--structure',
      structureId,
      '--email',
      'paule@figeac.fr',
      '--name',
      'Paule Delmas',
      '--role',
      'conseiller',
      '--password',
      PASSWORD,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('imports the file of a revoked tablet on another one, and its changes reach the server once', async () => {
    const contextA = await tabletContext(browser, inject('baseURL'));
    const contextB = await tabletContext(browser, inject('baseURL'));
    const a = await signIn(contextA, 'paule@figeac.fr', `Conseiller·ère · ${STRUCTURE}`);
    const b = await signIn(contextB, 'paule@figeac.fr', `Conseiller·ère · ${STRUCTURE}`);

    // Tablet A, synced once, then offline: a new fiche and an edit of a synced one wait there.
    await a.goto('/beneficiaires/nouveau');
    await heading(a, 'Nouveau bénéficiaire').waitFor();
    await a.getByRole('textbox', { name: /^Prénom/ }).fill('Jean');
    await a.getByRole('textbox', { name: /^Nom/ }).fill('Boudou');
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(a, 'Jean BOUDOU').waitFor();
    const jean = /beneficiaires\/([0-9a-f-]{36})/.exec(a.url())![1]!;
    await syncNow(a);
    await contextA.setOffline(true);
    await a.goto(`/beneficiaires/${jean}/modifier`);
    await heading(a, /^Modifier/).waitFor();
    await a.getByRole('textbox', { name: /^Téléphone/ }).fill('05 65 34 12 00');
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(a, 'Jean BOUDOU').waitFor();
    await a.goto('/beneficiaires/nouveau');
    await heading(a, 'Nouveau bénéficiaire').waitFor();
    await a.getByRole('textbox', { name: /^Prénom/ }).fill('Paulette');
    await a.getByRole('textbox', { name: /^Nom/ }).fill('Viguié');
    await a.getByRole('button', { name: 'Enregistrer' }).click();
    await heading(a, 'Paulette VIGUIÉ').waitFor();

    // A exports what waits.
    await a.goto('/synchronisation');
    await expect.poll(() => a.getByTestId('pending-count').textContent()).toBe('2');
    const dir = mkdtempSync(join(tmpdir(), 'sillon-export-'));
    const file = join(dir, 'export.json');
    const [download] = await Promise.all([
      a.waitForEvent('download'),
      a.getByRole('button', { name: 'Exporter les modifications non synchronisées' }).click(),
    ]);
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { deviceId: string; outbox: unknown[] };
    expect(exported.outbox).toHaveLength(2);

    // The structure revokes tablet A; when it comes back, it says so and sends nothing.
    expect(admin('revoke-device', exported.deviceId)).toContain('Appareil révoqué');
    await contextA.setOffline(false);
    // Coming back online starts a sync by itself, which may find the revocation before the button is
    // clicked (the button then goes): click it only while it is still there.
    await a.goto('/synchronisation');
    const revoked = a.getByText(/Cet appareil a été déconnecté par votre structure/);
    const syncButton = a.getByRole('button', { name: 'Synchroniser' });
    await syncButton.or(revoked).first().waitFor();
    if (!(await revoked.isVisible())) await syncButton.click({ timeout: 5_000 }).catch(() => undefined);
    await revoked.waitFor({ timeout: 20_000 });
    expect(await syncButton.count()).toBe(0);

    // Tablet B imports the file: it says what the file holds, and imports once confirmed.
    await syncNow(b);
    await importFile(b, file);
    const preview = b.getByTestId('import-preview');
    await expect.poll(() => preview.textContent()).toContain('2 fiches modifiées (2 bénéficiaires)');
    expect(await preview.textContent()).toContain('2 modifications');
    expect(await preview.textContent()).toContain('par Paule Delmas');
    expect(await runAxe(b)).toEqual([]);
    await b.getByRole('button', { name: 'Importer ces 2 modifications' }).click();
    await b.getByText('2 modifications importées').waitFor();
    // Before any sync, the records show them (marked as not yet sent).
    await b.goto(`/beneficiaires/${jean}/modifier`);
    await heading(b, /^Modifier/).waitFor();
    expect((await b.getByRole('textbox', { name: /^Téléphone/ }).inputValue()).replace(/\D/g, '')).toBe(
      '0565341200',
    );
    await syncNow(b);

    // The same file again: nothing is doubled, on the tablet or on the server.
    await importFile(b, file);
    await b.getByRole('button', { name: 'Importer ces 2 modifications' }).click();
    await b.getByText('2 modifications importées').waitFor();
    await syncNow(b);
    await syncNow(b);
    expect(await listed(b, /Paulette VIGUIÉ/)).toBe(1);
    expect(await listed(b, /Jean BOUDOU/)).toBe(1);

    // A third tablet, fresh from the server, holds each once, with the phone typed on A.
    const contextC = await tabletContext(browser, inject('baseURL'));
    const c = await signIn(contextC, 'paule@figeac.fr', `Conseiller·ère · ${STRUCTURE}`);
    await syncNow(c);
    expect(await listed(c, /Paulette VIGUIÉ/)).toBe(1);
    expect(await listed(c, /Jean BOUDOU/)).toBe(1);
    await c.goto(`/beneficiaires/${jean}/modifier`);
    await heading(c, /^Modifier/).waitFor();
    expect((await c.getByRole('textbox', { name: /^Téléphone/ }).inputValue()).replace(/\D/g, '')).toBe(
      '0565341200',
    );

    // Not a Sillon export: a clear French message, nothing imported.
    const junk = join(dir, 'autre.json');
    execFileSync('sh', ['-c', `printf '{"hello":1}' > '${junk}'`]);
    await c.goto('/synchronisation');
    await c.getByLabel('Choisir le fichier exporté (.json)').setInputFiles(junk);
    await c
      .getByRole('alert')
      .filter({ hasText: 'n’est pas un export de modifications non synchronisées' })
      .waitFor();
    await contextA.close();
    await contextB.close();
    await contextC.close();
  });
});
