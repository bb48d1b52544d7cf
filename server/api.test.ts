// @vitest-environment node
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import { SCHEMA_HEADER, SERVER_SIGNATURE, SYNC_SCHEMA_VERSION } from '../src/domain/sync';
import { createApp } from './app';
import { createLogger } from './log';
import { SetupCodes } from './server-state';
import { openTestStore, seedStructure, type TestStore } from './test-support';
import { THROTTLE_RULES } from './throttle';

describe('HTTP API', () => {
  let t: TestStore;
  let app: ReturnType<typeof createApp>;
  const lines: string[] = [];
  let setupCode = '';

  beforeAll(async () => {
    t = await openTestStore('sqlite');
    app = createApp({
      distDir: '/nonexistent',
      store: t.store,
      logger: createLogger('info', (line) => lines.push(line)),
    });
    // The code lives in the database, hashed: the process that issues it is the one that prints it.
    setupCode = (await new SetupCodes(t.store.db).issue())!;
    expect(await new SetupCodes(t.store.db).issue()).toBeUndefined();
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(`/api${path}`, {
      method,
      headers: {
        [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });

  let coordToken = '';
  let structureId = '';

  it('sets up an empty server once, with the printed code only', async () => {
    expect(await (await call('GET', '/auth/status')).json()).toEqual({ setupRequired: true });
    const input = {
      code: 'WRONG-CODE',
      structureName: 'France Services du Lot',
      name: 'Camille Coord',
      email: 'camille@ex.fr',
      password: 'un mot de passe long',
      deviceId: randomUUID(),
    };
    const wrong = await call('POST', '/auth/setup', input);
    expect(wrong.status).toBe(403);
    const ok = await call('POST', '/auth/setup', { ...input, code: setupCode.toLowerCase() });
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as { token: string; user: { role: string; structureId: string } };
    expect(body.user.role).toBe('coordinateur');
    coordToken = body.token;
    structureId = body.user.structureId;
    expect((await call('POST', '/auth/setup', { ...input, code: setupCode })).status).toBe(409);
    expect(await (await call('GET', '/auth/status')).json()).toEqual({ setupRequired: false });
  });

  it('signs the health answer so that a captive portal cannot pass for the server', async () => {
    const res = await app.request('/api/health');
    expect(res.headers.get('Sillon-Server')).toBe(SERVER_SIGNATURE);
    expect(await res.json()).toMatchObject({ status: 'ok', service: SERVER_SIGNATURE });
  });

  it('answers bad requests with JSON and the right status, changing nothing', async () => {
    const auth = { Authorization: `Bearer ${coordToken}` };
    const outdated = await app.request('/api/sync/pull', { headers: { [SCHEMA_HEADER]: '0', ...auth } });
    expect(outdated.status).toBe(426);
    expect(await outdated.json()).toMatchObject({ error: 'update_required' });
    expect((await call('GET', '/sync/pull?cursor=0')).status).toBe(401);
    expect(
      (
        await call('GET', '/sync/pull?cursor=0', undefined, {
          Authorization: 'Bearer nope-nope-nope-nope-nope',
        })
      ).status,
    ).toBe(401);
    const malformed = await call('POST', '/sync/push', '{"deviceId":', auth);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'bad_json' });
    const invalid = await call('POST', '/sync/push', { deviceId: 'x', mutations: [{ seq: -1 }] }, auth);
    expect(invalid.status).toBe(400);
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const tooLarge = await call('POST', '/sync/push', huge, auth);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: 'too_large' });
    const pull = (await (await call('GET', '/sync/pull?cursor=0', undefined, auth)).json()) as {
      records: unknown[];
    };
    expect(pull.records).toEqual([]);
  });

  it('reserves account management to coordinateurs and scopes it to their structure', async () => {
    const auth = { Authorization: `Bearer ${coordToken}` };
    const created = await call(
      'POST',
      '/structure/users',
      {
        name: 'Dominique Conseil',
        email: 'dom@ex.fr',
        role: 'conseiller',
        password: 'encore un long secret',
      },
      auth,
    );
    expect(created.status).toBe(201);
    const signIn = await call('POST', '/auth/sign-in', {
      email: 'DOM@ex.fr ',
      password: 'encore un long secret',
      deviceId: randomUUID(),
    });
    expect(signIn.status).toBe(200);
    const dom = (await signIn.json()) as { token: string; user: { role: string; structureId: string } };
    expect(dom.user).toMatchObject({ role: 'conseiller', structureId });
    expect(
      (await call('GET', '/structure/users', undefined, { Authorization: `Bearer ${dom.token}` })).status,
    ).toBe(403);
    const other = await seedStructure(t.store, 'Autre', ['eve@ex.fr'], { 'eve@ex.fr': 'coordinateur' });
    const eve = (await (
      await call('POST', '/auth/sign-in', {
        email: 'eve@ex.fr',
        password: other.users['eve@ex.fr']!.password,
        deviceId: randomUUID(),
      })
    ).json()) as { token: string };
    const devices = (await (await call('GET', '/structure/devices', undefined, auth)).json()) as {
      id: string;
    }[];
    // Eve (another structure) cannot revoke our devices.
    const revoke = await call(
      'POST',
      `/structure/devices/${devices[0]!.id}/revoke`,
      {},
      { Authorization: `Bearer ${eve.token}` },
    );
    expect(revoke.status).toBe(404);
    // Nor write our records through a push, whatever ids she sends.
    const id = newId();
    await call(
      'POST',
      '/sync/push',
      {
        deviceId: devices[0]!.id,
        mutations: [
          {
            seq: 1,
            table: 'beneficiaries',
            recordId: id,
            op: 'put',
            patch: { nom: 'A' },
            baseVersion: 0,
            at: new Date().toISOString(),
          },
        ],
      },
      auth,
    );
    const stolen = await call(
      'POST',
      '/sync/push',
      {
        deviceId: devices[0]!.id,
        mutations: [
          {
            seq: 9,
            table: 'beneficiaries',
            recordId: id,
            op: 'put',
            patch: { nom: 'B' },
            baseVersion: 0,
            at: '',
          },
        ],
      },
      { Authorization: `Bearer ${eve.token}` },
    );
    expect(stolen.status).toBe(403);
  });

  it('limits sign-in attempts per address and e-mail', async () => {
    const attempt = () =>
      call('POST', '/auth/sign-in', { email: 'camille@ex.fr', password: 'mauvais', deviceId: randomUUID() });
    const statuses: number[] = [];
    for (let i = 0; i <= THROTTLE_RULES.pair.max; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  }, 60_000);

  it('stores blobs by hash, idempotently, readable once a record names them (server/blobs.test.ts)', async () => {
    const auth = { Authorization: `Bearer ${coordToken}` };
    const data = new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...new TextEncoder().encode('signature'),
    ]);
    const hash = Buffer.from(await crypto.subtle.digest('SHA-256', data)).toString('hex');
    const put = () =>
      app.request(`/api/blobs/${hash}`, {
        method: 'PUT',
        body: data,
        headers: { [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION), 'Content-Type': 'image/png', ...auth },
      });
    expect((await put()).status).toBe(200);
    expect((await put()).status).toBe(200);
    const got = await app.request(`/api/blobs/${hash}`, {
      headers: { [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION), ...auth },
    });
    expect(got.status).toBe(404);
    const bad = await app.request(`/api/blobs/${'0'.repeat(64)}`, {
      method: 'PUT',
      body: data,
      headers: { [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION), ...auth },
    });
    expect(bad.status).toBe(400);
  });

  it('writes JSON log lines with no e-mail address or name in them', () => {
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toMatch(/@ex\.fr|Camille|Dominique/i);
    }
  });
});
