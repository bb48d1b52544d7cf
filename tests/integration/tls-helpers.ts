// Helpers for the HTTPS tests: Pebble (Let's Encrypt's test ACME server, Debian package `pebble`)
// on 127.0.0.1 with a DNS of its own that sends every name to 127.0.0.1, and an HTTPS client that
// trusts only the CA it is given and reaches any host name at 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request, type RequestOptions } from 'node:https';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate, TLSSocket } from 'node:tls';

import { freePort } from '../../server/test-support';
import { ensureServerCertificate, loadOrCreateAuthority, localCaFiles } from '../../server/tls/local-ca';

const toLoopback: LookupFunction = (_host, options, callback) => {
  if ((options as { all?: boolean }).all) {
    (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address: '127.0.0.1', family: 4 },
    ]);
  } else callback(null, '127.0.0.1', 4);
};

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  certificate: PeerCertificate;
}

/** GET over HTTPS, trusting only `ca`; the URL's host name resolves to 127.0.0.1 (like --resolve). */
export const httpsGet = (url: string, ca: string, extra: RequestOptions = {}): Promise<HttpsAnswer> =>
  new Promise((ok, fail) => {
    const req = request(url, { ca, lookup: toLoopback, agent: false, ...extra }, (res) => {
      const certificate = (res.socket as TLSSocket).getPeerCertificate();
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body, certificate }));
    });
    req.on('error', fail);
    req.end();
  });

/** GET over plain HTTP to 127.0.0.1 with the Host header a tablet would send (fetch cannot set it). */
export const httpGet = (
  port: number,
  path: string,
  host: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> =>
  new Promise((ok, fail) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { Host: host }, agent: false },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', fail);
    req.end();
  });

export interface Pebble {
  directoryUrl: string;
  /** PEM file of the CA that signed Pebble's own HTTPS listener (ACME_DIRECTORY_CA). */
  directoryCa: string;
  /** The root that Pebble's certificates chain to (fetched from its management endpoint). */
  root(): Promise<string>;
  stop(): Promise<void>;
}

const started = (child: ChildProcess, name: string, pattern: RegExp, log: () => string): Promise<void> =>
  new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start:\n${log()}`)), 15_000);
    const check = () => {
      if (pattern.test(log())) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(new Error(`${name} could not run (apt-get install pebble): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${name} exited (${code}):\n${log()}`));
    });
  });

/**
 * Pebble validating http-01 challenges for real: it asks its DNS (pebble-challtestsrv, answering
 * 127.0.0.1 for every name) and fetches the challenge from `httpPort`, where Sillon listens.
 */
export const startPebble = async (httpPort: number): Promise<Pebble> => {
  const dir = mkdtempSync(join(tmpdir(), 'sillon-pebble-'));
  // Pebble's own HTTPS listener needs a certificate: one from a throw-away local authority.
  const caDir = join(dir, 'ca');
  await loadOrCreateAuthority(caDir, []);
  await ensureServerCertificate(caDir, ['localhost', '127.0.0.1']);
  const files = localCaFiles(caDir);
  const [acmePort, managementPort, dnsPort, dnsManagementPort, tlsPort] = await Promise.all(
    [0, 1, 2, 3, 4].map(() => freePort()),
  );
  writeFileSync(
    join(dir, 'pebble.json'),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: files.cert,
        privateKey: files.key,
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  const logs = { dns: '', pebble: '' };
  const dns = spawn(
    'pebble-challtestsrv',
    [
      '-dns01',
      `127.0.0.1:${dnsPort}`,
      '-management',
      `127.0.0.1:${dnsManagementPort}`,
      '-http01',
      '',
      '-https01',
      '',
      '-tlsalpn01',
      '',
      '-defaultIPv4',
      '127.0.0.1',
      '-defaultIPv6',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  dns.stdout?.on('data', (d: Buffer) => (logs.dns += d.toString()));
  dns.stderr?.on('data', (d: Buffer) => (logs.dns += d.toString()));
  await started(dns, 'pebble-challtestsrv', /Starting challenge servers/, () => logs.dns);
  const pebble = spawn(
    'pebble',
    ['-config', join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${dnsPort}`],
    {
      // No artificial sleeps before validation, no nonce rejected on purpose: the test is about Sillon.
      env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  pebble.stdout?.on('data', (d: Buffer) => (logs.pebble += d.toString()));
  pebble.stderr?.on('data', (d: Buffer) => (logs.pebble += d.toString()));
  await started(pebble, 'pebble', /Listening on/, () => logs.pebble);
  const stopChild = (child: ChildProcess) =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
    });
  return {
    directoryUrl: `https://127.0.0.1:${acmePort}/dir`,
    directoryCa: files.caCert,
    root: async () =>
      (await httpsGet(`https://127.0.0.1:${managementPort}/roots/0`, readCa(files.caCert))).body,
    stop: async () => {
      await Promise.all([stopChild(pebble), stopChild(dns)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const readCa = (file: string): string => readFileSync(file, 'utf8');
