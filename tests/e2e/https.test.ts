// A tablet on the structure's network, as issue 11 found it broken: the app opened by a host name
// that is not localhost. Over plain HTTP that is not a secure context (no service worker, no
// offline); with SILLON_HTTPS=local the server serves HTTPS with its own authority, which the tablet
// installs from the server's HTTP install page. Here Chromium trusts that authority the way Linux
// does (an NSS database in its HOME, filled with certutil from libnss3-tools), reaches « sillon.lan »
// through --host-resolver-rules, installs the service worker, goes offline and reloads.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort, spawnServer, type ServerProcess } from '../../server/test-support';
import { launchBrowser, tabletContext, waitForServiceWorker } from './browser';

const HOST = 'sillon.lan';

describe('HTTPS on the local network (SILLON_HTTPS=local)', () => {
  let server: ServerProcess;
  let browser: Browser;
  let httpsPort: number;
  let httpPort: number;
  const dirs: string[] = [];
  const temp = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), `sillon-e2e-https-${prefix}-`));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    [httpsPort, httpPort] = await Promise.all([freePort(), freePort()]);
    server = spawnServer({
      SILLON_HTTPS: 'local',
      SILLON_LOCAL_NAMES: HOST,
      HTTPS_PORT: String(httpsPort),
      HTTP_PORT: String(httpPort),
      HOST: '127.0.0.1',
      SILLON_DATA_DIR: temp('data'),
    });
    await server.waitFor(/Sillon est prêt : ouvrez https:/);

    // What a tablet does once: fetch the authority from the install page and trust it.
    const ca = await (await fetch(`http://127.0.0.1:${httpPort}/sillon-ca.crt`)).text();
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const home = temp('home');
    const nssdb = join(home, '.pki', 'nssdb');
    mkdirSync(nssdb, { recursive: true });
    writeFileSync(join(home, 'sillon-ca.crt'), ca);
    execFileSync('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password']);
    execFileSync('certutil', [
      '-d',
      `sql:${nssdb}`,
      '-A',
      '-t',
      'C,,',
      '-n',
      'Sillon',
      '-i',
      join(home, 'sillon-ca.crt'),
    ]);
    browser = await launchBrowser({
      args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
      env: { HOME: home },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is a secure context with a service worker, and reloads offline', async () => {
    const context = await tabletContext(browser, `https://${HOST}:${httpsPort}`);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    expect(await page.evaluate(() => [location.protocol, location.hostname, isSecureContext])).toEqual([
      'https:',
      HOST,
      true,
    ]);
    await waitForServiceWorker(page);
    const sw = `https://${HOST}:${httpsPort}/sw.js`;
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toBe(sw);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    // The offline page came from the service worker.
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(sw);
    await page.goto('/beneficiaires');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByTestId('online-indicator').textContent()).toContain('Hors ligne');
    await context.close();
  });

  it('sends the plain-HTTP address to the install page, everything else to HTTPS', async () => {
    const context = await tabletContext(browser, `http://${HOST}:${httpPort}`);
    const page = await context.newPage();
    await page.goto('/');
    await page
      .getByRole('heading', { level: 1, name: 'Installer le certificat de Sillon sur une tablette' })
      .waitFor();
    expect(await page.evaluate(() => isSecureContext)).toBe(false);
    await page.getByRole('link', { name: '2. Ouvrir Sillon en HTTPS' }).click();
    await page.waitForURL(`https://${HOST}:${httpsPort}/`);
    await page.goto(`http://${HOST}:${httpPort}/parametres`);
    await page.waitForURL(`https://${HOST}:${httpsPort}/parametres`);
    await context.close();
  });

  it('is refused by a browser that has not installed the authority', async () => {
    const untrusting = await launchBrowser({
      args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
      env: { HOME: temp('empty-home') },
    });
    try {
      const page = await (await tabletContext(untrusting, `https://${HOST}:${httpsPort}`)).newPage();
      await expect(page.goto('/')).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await untrusting.close();
    }
  });
});
