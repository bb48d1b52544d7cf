// @vitest-environment node
// The HTTPS modes without an ACME server: configuration, the local authority (certificates a tablet
// accepts, its install page), TLS_CERT/TLS_KEY replaced on disk and taken without a restart.
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { httpGet, httpsGet } from '../../tests/integration/tls-helpers';
import { createApp } from '../app';
import { createLogger } from '../log';
import { needsRenewal } from './certificates';
import { ConfigError, readListenConfig } from './config';
import { FileCertificates } from './files';
import { ensureServerCertificate, isLocalName, loadOrCreateAuthority, localCaFiles } from './local-ca';
import { startListeners } from './serve';

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `sillon-tls-${prefix}-`));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const silent = createLogger('silent');

describe('listen configuration', () => {
  it('serves plain HTTP on 8080 when nothing is set', () => {
    const config = readListenConfig({}, '/data');
    expect(config).toMatchObject({ mode: { kind: 'plain' }, port: 8080, host: '0.0.0.0', hsts: false });
  });

  it('uses ACME with Let’s Encrypt for SILLON_DOMAIN, with HSTS and the standard ports', () => {
    const config = readListenConfig({ SILLON_DOMAIN: 'Sillon.Exemple.fr, autre.exemple.fr' }, '/data');
    expect(config.mode).toEqual({
      kind: 'acme',
      domains: ['sillon.exemple.fr', 'autre.exemple.fr'],
      directoryUrl: 'https://acme-v02.api.letsencrypt.org/directory',
    });
    expect(config).toMatchObject({ httpsPort: 443, httpPort: 80, hsts: true, tlsDir: join('/data', 'tls') });
  });

  it('refuses what cannot work, in words for the administrator', () => {
    expect(() => readListenConfig({ SILLON_DOMAIN: '*.exemple.fr' }, '/d')).toThrow(/joker/);
    expect(() => readListenConfig({ SILLON_DOMAIN: '192.168.1.2' }, '/d')).toThrow(ConfigError);
    expect(() => readListenConfig({ TLS_CERT: 'a.pem' }, '/d')).toThrow(/TLS_KEY/);
    expect(() => readListenConfig({ SILLON_DOMAIN: 'a.fr', SILLON_HTTPS: 'local' }, '/d')).toThrow(/un seul/);
    expect(() => readListenConfig({ SILLON_HTTPS: 'oui' }, '/d')).toThrow(/local/);
    expect(() => readListenConfig({ HTTPS_PORT: '99999' }, '/d')).toThrow(/HTTPS_PORT/);
  });

  it('keeps HSTS off for the local authority (its install page is plain HTTP)', () => {
    expect(readListenConfig({ SILLON_HTTPS: 'local' }, '/d')).toMatchObject({
      mode: { kind: 'local' },
      hsts: false,
    });
  });
});

describe('local certificate authority', () => {
  it('issues a certificate that verifies for the LAN names, and only re-issues when needed', async () => {
    const dir = temp('ca');
    const authority = await loadOrCreateAuthority(dir, ['sillon.lan']);
    const files = localCaFiles(dir);
    const ca = new X509Certificate(readFileSync(files.caCert));
    expect(ca.ca).toBe(true);
    expect(authority.fingerprint).toBe(ca.fingerprint256);

    const first = await ensureServerCertificate(dir, ['sillon.lan', '192.168.1.20', 'localhost']);
    expect(first.issued).toBe(true);
    const cert = new X509Certificate(first.pair.cert);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost('sillon.lan')).toBe('sillon.lan');
    expect(cert.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBeLessThanOrEqual(398 * 86_400_000);
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth, which iOS requires

    // Same names, not due: kept. A new DHCP address, or renewal time: a new certificate.
    expect((await ensureServerCertificate(dir, ['sillon.lan', '192.168.1.20', 'localhost'])).issued).toBe(
      false,
    );
    const moved = await ensureServerCertificate(dir, ['sillon.lan', '192.168.1.31', 'localhost']);
    expect(moved.issued).toBe(true);
    expect(new X509Certificate(moved.pair.cert).checkIP('192.168.1.31')).toBe('192.168.1.31');
    const later = new Date(Date.now() + 300 * 86_400_000);
    expect(needsRenewal(new X509Certificate(moved.pair.cert), later)).toBe(true);
    expect(
      (await ensureServerCertificate(dir, ['sillon.lan', '192.168.1.31', 'localhost'], later)).issued,
    ).toBe(true);

    // The authority is the same one throughout: tablets install it once.
    expect((await loadOrCreateAuthority(dir, ['sillon.lan'])).fingerprint).toBe(authority.fingerprint);
  });

  it('is constrained to private addresses and local names', () => {
    expect(isLocalName('192.168.4.2')).toBe(true);
    expect(isLocalName('10.1.2.3')).toBe(true);
    expect(isLocalName('fd12::1')).toBe(true);
    expect(isLocalName('bureau.local')).toBe(true);
    expect(isLocalName('8.8.8.8')).toBe(false);
    expect(isLocalName('www.impots.gouv.fr')).toBe(false);
    expect(isLocalName('sillon.mairie.fr', ['sillon.mairie.fr'])).toBe(true);
  });

  it('serves HTTPS and, over HTTP, the install page and the authority’s file', async () => {
    const dataDir = temp('local');
    const config = readListenConfig(
      {
        SILLON_HTTPS: 'local',
        SILLON_LOCAL_NAMES: 'sillon.lan',
        HTTPS_PORT: '0',
        HTTP_PORT: '0',
        HOST: '127.0.0.1',
      },
      dataDir,
    );
    const listeners = await startListeners(config, createApp({ distDir: dataDir, logger: silent }), silent);
    try {
      const { http, https } = listeners.ports;
      const page = await httpGet(http!, '/', 'sillon.lan');
      const html = page.body;
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(html).toContain('Installer le certificat de Sillon');
      expect(html).toContain('Réglages des certificats');
      expect(html).toContain(`https://sillon.lan:${https}/`);
      expect(html).toContain('<svg'); // the QR code, inline
      const caFile = await fetch(`http://127.0.0.1:${http}/sillon-ca.crt`);
      expect(caFile.headers.get('content-type')).toBe('application/x-x509-ca-cert');
      const caPem = await caFile.text();
      expect(html).toContain(new X509Certificate(caPem).fingerprint256);

      const answer = await httpsGet(`https://sillon.lan:${https}/api/health`, caPem);
      expect(answer.status).toBe(200);
      expect(answer.headers['strict-transport-security']).toBeUndefined();
      // Every other HTTP path goes to HTTPS.
      const redirect = await httpGet(http!, '/api/health', 'sillon.lan');
      expect(redirect.status).toBe(301);
      expect(redirect.headers.location).toBe(`https://sillon.lan:${https}/api/health`);
    } finally {
      await listeners.close();
    }
  });
});

describe('TLS_CERT / TLS_KEY', () => {
  it('serves the files and takes replaced ones without a restart', async () => {
    const caDir = temp('files-ca');
    await loadOrCreateAuthority(caDir, ['sillon.lan']);
    const caPem = readFileSync(localCaFiles(caDir).caCert, 'utf8');
    const issue = async () => {
      rmSync(localCaFiles(caDir).cert, { force: true });
      const { pair } = await ensureServerCertificate(caDir, ['sillon.lan']);
      return new X509Certificate(pair.cert).serialNumber;
    };
    const dir = temp('files');
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    const install = () => {
      copyFileSync(localCaFiles(caDir).cert, certFile);
      copyFileSync(localCaFiles(caDir).key, keyFile);
    };
    const firstSerial = await issue();
    install();

    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const config = readListenConfig(
      { TLS_CERT: certFile, TLS_KEY: keyFile, HTTPS_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1' },
      dir,
    );
    const source = new FileCertificates(certFile, keyFile, logger, undefined, 50);
    const listeners = await startListeners(
      config,
      createApp({ distDir: dir, logger, hsts: true }),
      logger,
      source,
    );
    try {
      const url = `https://sillon.lan:${listeners.ports.https}/api/health`;
      const before = await httpsGet(url, caPem);
      expect(before.certificate.serialNumber).toBe(firstSerial);
      expect(before.headers['strict-transport-security']).toBe('max-age=31536000');

      // Only the certificate replaced first (the key lags): the old pair stays in use meanwhile.
      const secondSerial = await issue();
      copyFileSync(localCaFiles(caDir).cert, certFile);
      await new Promise((r) => setTimeout(r, 300));
      expect((await httpsGet(url, caPem)).certificate.serialNumber).toBe(firstSerial);
      install();
      const deadline = Date.now() + 5_000;
      while (!lines.some((l) => l.includes('certificate_reloaded')) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await httpsGet(url, caPem)).certificate.serialNumber).toBe(secondSerial);
    } finally {
      await listeners.close();
    }
  });

  it('refuses at start a key that does not match the certificate', async () => {
    const a = temp('mismatch-a');
    const b = temp('mismatch-b');
    for (const dir of [a, b]) {
      await loadOrCreateAuthority(dir, []);
      await ensureServerCertificate(dir, ['localhost']);
    }
    const source = new FileCertificates(localCaFiles(a).cert, localCaFiles(b).key, silent);
    await expect(source.start(() => undefined)).rejects.toThrow(/ne correspond pas/);
  });
});
