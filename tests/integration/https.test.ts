// @vitest-environment node
// HTTPS for real: Pebble (Let's Encrypt's test ACME server, `apt-get install pebble`) validates
// http-01 challenges by fetching them from Sillon's HTTP port, as Let's Encrypt would; the server
// (server/main.ts, as `SILLON_DOMAIN=… npm start` runs it) must obtain a certificate, serve HTTPS
// with it, redirect HTTP, keep it across a restart, and renew it without restarting.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '../../server/app';
import { createLogger } from '../../server/log';
import { freePort, spawnServer, type ServerProcess } from '../../server/test-support';
import { AcmeCertificates } from '../../server/tls/acme';
import { readListenConfig } from '../../server/tls/config';
import { startListeners } from '../../server/tls/serve';
import { httpGet, httpsGet, startPebble, type Pebble } from './tls-helpers';

const DOMAIN = 'sillon.test';

describe('HTTPS with a certificate from an ACME authority (Pebble)', () => {
  let pebble: Pebble;
  let httpPort: number;
  let httpsPort: number;
  let dataDir: string;
  let distDir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    [httpPort, httpsPort] = await Promise.all([freePort(), freePort()]);
    pebble = await startPebble(httpPort);
    dataDir = mkdtempSync(join(tmpdir(), 'sillon-https-'));
    distDir = mkdtempSync(join(tmpdir(), 'sillon-https-dist-'));
  });
  afterAll(async () => {
    await server?.stop();
    await pebble?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(distDir, { recursive: true, force: true });
  });

  const env = () => ({
    SILLON_DOMAIN: DOMAIN,
    ACME_DIRECTORY_URL: pebble.directoryUrl,
    ACME_DIRECTORY_CA: pebble.directoryCa,
    HTTPS_PORT: String(httpsPort),
    HTTP_PORT: String(httpPort),
    HOST: '127.0.0.1',
    SILLON_DATA_DIR: dataDir,
    SILLON_DIST_DIR: distDir,
  });

  let firstSerial = '';

  it('obtains a certificate at first start and serves HTTPS with it, with HSTS', async () => {
    server = spawnServer(env());
    await server.waitFor(/"msg":"certificate_obtained"/);
    await server.waitFor(/Sillon est prêt : ouvrez https:\/\/sillon\.test:/);
    const root = await pebble.root();
    const answer = await httpsGet(`https://${DOMAIN}:${httpsPort}/api/health`, root);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok', service: 'sillon-sync' });
    expect(answer.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(answer.certificate.subjectaltname).toBe(`DNS:${DOMAIN}`);
    expect(answer.certificate.issuer.CN).toMatch(/^Pebble Intermediate CA/);
    firstSerial = answer.certificate.serialNumber;

    // Plain HTTP only redirects (same path and query), to the name the certificate carries.
    const redirect = await httpGet(httpPort, '/beneficiaires?x=1', DOMAIN);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`https://${DOMAIN}:${httpsPort}/beneficiaires?x=1`);
    expect((await httpGet(httpPort, '/', 'evil.example')).headers.location).toBe(
      `https://${DOMAIN}:${httpsPort}/`,
    );
    // A wrong trust anchor is refused: the answer above really was verified against Pebble's root.
    await expect(httpsGet(`https://${DOMAIN}:${httpsPort}/api/health`, pebble.directoryCa)).rejects.toThrow();
    // Nothing personal in the logs of a certificate order.
    expect(server.output()).not.toMatch(/BEGIN (EC )?PRIVATE KEY/);
  });

  it('keeps its certificate and account across a restart (no new order)', async () => {
    await server!.stop();
    server = spawnServer(env());
    await server.waitFor(/Sillon est prêt : ouvrez https:/);
    expect(server.output()).toMatch(/"msg":"certificate_loaded","source":"acme"/);
    expect(server.output()).not.toMatch(/certificate_ordering/);
    const answer = await httpsGet(`https://${DOMAIN}:${httpsPort}/api/health`, await pebble.root());
    expect(answer.certificate.serialNumber).toBe(firstSerial);
    await server.stop();
    server = undefined;
  });

  it('renews a certificate near its expiry and serves the new one without a restart', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    let now = new Date();
    const config = readListenConfig(env(), dataDir);
    const source = new AcmeCertificates({
      dir: join(config.tlsDir, 'acme'),
      domains: [DOMAIN],
      directoryUrl: pebble.directoryUrl,
      directoryCa: pebble.directoryCa,
      logger,
      now: () => now,
    });
    const listeners = await startListeners(
      config,
      createApp({ distDir, logger, hsts: true }),
      logger,
      source,
    );
    try {
      const root = await pebble.root();
      const before = await httpsGet(`https://${DOMAIN}:${httpsPort}/api/health`, root);
      expect(before.certificate.serialNumber).toBe(firstSerial);
      expect(await source.check()).toBe(false); // not due: nothing ordered

      // Two days before expiry: the hourly check orders a new certificate, the listener takes it.
      now = new Date(Date.parse(new X509Certificate(source.pair!.cert).validTo) - 2 * 86_400_000);
      expect(await source.check()).toBe(true);
      expect(lines.some((l) => l.includes('"msg":"certificate_renewed"'))).toBe(true);
      const after = await httpsGet(`https://${DOMAIN}:${httpsPort}/api/health`, root);
      expect(after.status).toBe(200);
      expect(after.certificate.serialNumber).not.toBe(firstSerial);
    } finally {
      await listeners.close();
    }
  });
});
