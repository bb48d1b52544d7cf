// @vitest-environment node
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION } from '../src/domain/sync';
import { createApp } from './app';
import { createLogger } from './log';
import {
  API_CONTENT_SECURITY_POLICY,
  PERMISSIONS_POLICY,
  appContentSecurityPolicy,
} from './security-headers';
import { openTestStore, type TestStore } from './test-support';

describe('security headers', () => {
  let t: TestStore;
  const lines: string[] = [];
  let dist = '';
  const apps = {} as Record<'http' | 'https', ReturnType<typeof createApp>>;

  beforeAll(async () => {
    t = await openTestStore('sqlite');
    dist = mkdtempSync(join(tmpdir(), 'sillon-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Sillon</title>');
    writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    const logger = createLogger('info', (line) => lines.push(line));
    apps.http = createApp({ distDir: dist, store: t.store, logger });
    apps.https = createApp({ distDir: dist, store: t.store, logger, hsts: true });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const common = (res: Response) => {
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Permissions-Policy')).toBe(PERMISSIONS_POLICY);
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
  };

  it('puts the app’s strict policy on the app, its files, its service worker and deep links', async () => {
    for (const path of ['/', '/assets/index-abc.js', '/sw.js', '/prets/123', '/nope.png']) {
      const res = await apps.http.request(path);
      common(res);
      const csp = res.headers.get('Content-Security-Policy')!;
      expect(csp, path).toBe(appContentSecurityPolicy());
      expect(res.headers.get('Strict-Transport-Security'), path).toBeNull();
    }
    const csp = appContentSecurityPolicy();
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "worker-src 'self'",
      "connect-src 'self'",
      "img-src 'self' blob: data:",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ]) {
      expect(csp.split('; ')).toContain(directive);
    }
    expect(PERMISSIONS_POLICY).toMatch(/^camera=\(self\), /);
    expect(PERMISSIONS_POLICY).toContain('microphone=()');
    expect(PERMISSIONS_POLICY).toContain('geolocation=()');
    // The passkey unlock (issue 14): WebAuthn for the app's own origin only.
    expect(PERMISSIONS_POLICY).toContain('publickey-credentials-get=(self)');
    expect(PERMISSIONS_POLICY).toContain('publickey-credentials-create=(self)');
  });

  it('sandboxes every API answer, errors included', async () => {
    const answers = [
      await apps.http.request('/api/health'),
      await apps.http.request('/api/sync/pull'),
      await apps.http.request('/api/nowhere', { headers: { [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION) } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 426, 404]);
    for (const res of answers) {
      common(res);
      expect(res.headers.get('Content-Security-Policy')).toBe(API_CONTENT_SECURITY_POLICY);
    }
  });

  it('adds HSTS only when served over HTTPS with a publicly trusted certificate', async () => {
    for (const path of ['/', '/api/health']) {
      const res = await apps.https.request(path);
      common(res);
      expect(res.headers.get('Strict-Transport-Security')).toBe('max-age=31536000');
    }
  });

  it('logs a CSP violation report in a line without the query string, and ignores junk', async () => {
    const report = (body: string) =>
      apps.http.request('/api/csp-report', {
        method: 'POST',
        headers: { 'Content-Type': 'application/csp-report' },
        body,
      });
    const res = await report(
      JSON.stringify({
        'csp-report': {
          'document-uri': 'http://127.0.0.1/beneficiaires?q=Dupont',
          'effective-directive': 'script-src-elem',
          'blocked-uri': 'inline',
          'source-file': 'http://127.0.0.1/assets/index-abc.js',
          'line-number': 3,
        },
      }),
    );
    expect(res.status).toBe(204);
    const logged = lines.filter((l) => l.includes('csp_violation'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({
      level: 'warn',
      directive: 'script-src-elem',
      page: '/beneficiaires',
      source: '/assets/index-abc.js',
    });
    expect(logged[0]).not.toContain('Dupont');
    expect((await report('not json')).status).toBe(204);
    expect((await report('x'.repeat(20_000))).status).toBe(413);
    expect(lines.filter((l) => l.includes('csp_violation'))).toHaveLength(1);
  });
});
