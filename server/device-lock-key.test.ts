// @vitest-environment node
// The device's lock key (issue 14): released in the answer to a sign-in with the password, the same
// across sign-ins of one device, another for another device, never to a token alone, and forgotten
// when a coordinateur revokes the device (« arrêter ») or the device confirms its wipe.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION, type SignInResponse } from '../src/domain/sync';
import { createApp } from './app';
import { createPasswordHasher } from './crypto';
import { createLogger } from './log';
import { DATABASE_KINDS, openTestStore, seedStructure, type TestStore } from './test-support';

const emptyDir = mkdtempSync(join(tmpdir(), 'sillon-dist-'));

describe.each(DATABASE_KINDS)('device lock key on %s', (kind) => {
  let t: TestStore;
  let app: ReturnType<typeof createApp>;
  let password = '';
  const passwords = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

  beforeAll(async () => {
    t = await openTestStore(kind);
    const s = await seedStructure(
      t.store,
      'Médiathèque',
      ['coord@ex.fr', 'alice@ex.fr'],
      { 'coord@ex.fr': 'coordinateur' },
      passwords,
    );
    password = s.users['alice@ex.fr']!.password;
    app = createApp({ distDir: emptyDir, store: t.store, logger: createLogger('silent'), passwords });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const call = (method: string, path: string, body?: unknown, token?: string) =>
    app.request(`/api${path}`, {
      method,
      headers: {
        [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION),
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const signIn = async (email: string, deviceId: string): Promise<SignInResponse> => {
    const response = await call('POST', '/auth/sign-in', { email, password, deviceId });
    expect(response.status).toBe(200);
    return (await response.json()) as SignInResponse;
  };

  it('gives each device its own 32-byte key, the same at every sign-in of that device', async () => {
    const tablet = randomUUID();
    const first = await signIn('alice@ex.fr', tablet);
    expect(Buffer.from(first.deviceKey!, 'base64')).toHaveLength(32);
    const again = await signIn('alice@ex.fr', tablet);
    expect(again.deviceKey).toBe(first.deviceKey);
    const other = await signIn('alice@ex.fr', randomUUID());
    expect(other.deviceKey).not.toBe(first.deviceKey);
  });

  it('is released only to a sign-in with the password, never with a wrong one nor to a token', async () => {
    const tablet = randomUUID();
    const { token, deviceKey } = await signIn('alice@ex.fr', tablet);
    const wrong = await call('POST', '/auth/sign-in', {
      email: 'alice@ex.fr',
      password: 'non',
      deviceId: tablet,
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain(deviceKey!);
    const me = await call('GET', '/me', undefined, token);
    expect(me.status).toBe(200);
    expect(await me.text()).not.toContain(deviceKey!);
  });

  it('a revoked device loses its key: signed in again, it gets a new one', async () => {
    const tablet = randomUUID();
    const before = await signIn('alice@ex.fr', tablet);
    const coord = await signIn('coord@ex.fr', randomUUID());
    const revoked = await call(
      'POST',
      `/structure/devices/${tablet}/revoke`,
      { mode: 'arreter' },
      coord.token,
    );
    expect(revoked.status).toBe(200);
    const after = await signIn('alice@ex.fr', tablet);
    expect(after.deviceKey).toHaveLength(before.deviceKey!.length);
    expect(after.deviceKey).not.toBe(before.deviceKey);
  });

  it('a wiped device loses its key once it confirms the wipe', async () => {
    const tablet = randomUUID();
    const before = await signIn('alice@ex.fr', tablet);
    const coord = await signIn('coord@ex.fr', randomUUID());
    expect(
      (await call('POST', `/structure/devices/${tablet}/revoke`, { mode: 'effacer' }, coord.token)).status,
    ).toBe(200);
    expect((await call('POST', '/device/wiped', {}, before.token)).status).toBe(200);
    const after = await signIn('alice@ex.fr', tablet);
    expect(after.deviceKey).not.toBe(before.deviceKey);
  });
});
