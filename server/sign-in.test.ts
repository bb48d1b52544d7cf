// @vitest-environment node
// Sign-in throttling through the HTTP API, as a reverse proxy would forward requests.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION } from '../src/domain/sync';
import { createApp } from './app';
import { parseTrustProxy } from './client-address';
import { createPasswordHasher } from './crypto';
import { createLogger } from './log';
import { DATABASE_KINDS, openTestStore, seedStructure, type TestStore } from './test-support';
import { THROTTLE_RULES } from './throttle';

const PROXY = '127.0.0.1';
const emptyDir = mkdtempSync(join(tmpdir(), 'sillon-dist-'));

describe.each(DATABASE_KINDS)('sign-in on %s', (kind) => {
  let t: TestStore;
  let clock = Date.parse('2026-03-02T09:00:00Z');
  const apps = {} as Record<'proxied' | 'direct', ReturnType<typeof createApp>>;
  let password = '';
  // A cheap hash keeps the many attempts fast; the real cost is tested in crypto.test.ts and below.
  const passwords = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

  beforeAll(async () => {
    t = await openTestStore(kind, { now: () => new Date(clock) });
    const s = await seedStructure(
      t.store,
      'Médiathèque',
      ['alice@ex.fr', 'bob@ex.fr', 'carol@ex.fr'],
      {},
      passwords,
    );
    password = s.users['alice@ex.fr']!.password;
    const common = { distDir: emptyDir, store: t.store, logger: createLogger('silent'), passwords };
    apps.proxied = createApp({ ...common, trustProxy: parseTrustProxy('1') });
    apps.direct = createApp(common);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  /** A sign-in arriving through our proxy (socket 127.0.0.1) for a client at `client`. */
  const signIn = (
    body: { email: string; password: string; deviceId?: string },
    client: string,
    app: 'proxied' | 'direct' = 'proxied',
  ) =>
    apps[app].request(
      '/api/auth/sign-in',
      {
        method: 'POST',
        headers: {
          [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION),
          'Content-Type': 'application/json',
          'X-Forwarded-For': client,
        },
        body: JSON.stringify({ deviceId: randomUUID(), ...body }),
      },
      { incoming: { socket: { remoteAddress: PROXY } } },
    );

  it('locks out the address that keeps failing, not the person signing in from elsewhere', async () => {
    const wrong = { email: 'alice@ex.fr', password: 'pas le bon' };
    for (let i = 0; i < THROTTLE_RULES.pair.max; i++)
      expect((await signIn(wrong, '203.0.113.5')).status).toBe(401);
    const locked = await signIn({ email: 'alice@ex.fr', password }, '203.0.113.5');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('Retry-After'))).toBe(30);
    expect(await locked.json()).toMatchObject({ error: 'rate_limited', retryAfter: 30 });
    // Alice, from the médiathèque's own connection, still gets in.
    expect((await signIn({ email: 'alice@ex.fr', password }, '198.51.100.20')).status).toBe(200);
    // Bob, from the attacker's address, too: the lock is for (account, address).
    const bobPassword = password;
    expect((await signIn({ email: 'bob@ex.fr', password: bobPassword }, '203.0.113.5')).status).toBe(200);
    clock += 31_000;
    expect((await signIn({ email: 'alice@ex.fr', password }, '203.0.113.5')).status).toBe(200);
  });

  it('does not believe X-Forwarded-For when no proxy is trusted', async () => {
    const wrong = { email: 'carol@ex.fr', password: 'pas le bon' };
    for (let i = 0; i < THROTTLE_RULES.pair.max; i++) {
      expect((await signIn(wrong, `192.0.2.${i + 1}`, 'direct')).status).toBe(401);
    }
    // Every attempt came from the socket's address, whatever the header said.
    expect((await signIn({ email: 'carol@ex.fr', password }, '192.0.2.200', 'direct')).status).toBe(429);
    clock += 16 * 60_000;
  });

  it('slows a guess spread over many addresses, but never the account’s own tablet', async () => {
    const deviceId = randomUUID();
    expect((await signIn({ email: 'bob@ex.fr', password, deviceId }, '198.51.100.30')).status).toBe(200);
    for (let i = 0; i < THROTTLE_RULES.account.max; i++) {
      expect(
        (await signIn({ email: 'bob@ex.fr', password: `essai ${i}` }, `203.0.113.${100 + i}`)).status,
      ).toBe(401);
    }
    // A new tablet waits a minute at most…
    const fresh = await signIn({ email: 'bob@ex.fr', password }, '198.51.100.31');
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
    // …while the tablet Bob already uses signs in again at once.
    expect((await signIn({ email: 'bob@ex.fr', password, deviceId }, '198.51.100.30')).status).toBe(200);
    clock += 61_000;
    expect((await signIn({ email: 'bob@ex.fr', password }, '198.51.100.31')).status).toBe(200);
  });

  it('treats an unknown address exactly like a wrong password, throttling included', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= THROTTLE_RULES.pair.max; i++) {
      const res = await signIn({ email: 'personne@ex.fr', password: 'quelconque' }, '203.0.113.77');
      statuses.push(res.status);
      if (res.status === 401) expect(await res.json()).toMatchObject({ error: 'bad_credentials' });
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('upgrades an old, cheaper hash at the next successful sign-in', async () => {
    const old = await createPasswordHasher({ N: 2 ** 15, r: 8, p: 1 }).hash('ancien mot de passe');
    await t.store.db.run('UPDATE users SET password_hash = ? WHERE email = ?', [old, 'carol@ex.fr']);
    const real = createApp({ distDir: emptyDir, store: t.store, logger: createLogger('silent') });
    const res = await real.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION), 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'carol@ex.fr', password: 'ancien mot de passe', deviceId: randomUUID() }),
    });
    expect(res.status).toBe(200);
    const row = await t.store.findUserByEmail('carol@ex.fr');
    expect(row!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(row!.password_hash).not.toBe(old);
  });
});
