// @vitest-environment node
// Accounts and devices that can really be closed (issue 9, item 7), through the HTTP API on both
// databases: invitations that tell a coordinateur nothing about other structures' accounts, an
// existing account joining only with the code it types, provisional passwords that must be changed,
// disabling and re-enabling, resets that revoke tokens, and devices named as people name them.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION } from '../src/domain/sync';
import { AccountStore } from './accounts';
import { createApp } from './app';
import { createPasswordHasher } from './crypto';
import { createLogger } from './log';
import { maintenanceJobs } from './maintenance';
import type { Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, type TestStore } from './test-support';

const passwords = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
const ANDROID_TABLET =
  'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

describe.each(DATABASE_KINDS)('accounts on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let mairie: Awaited<ReturnType<typeof seedStructure>>;
  let mediatheque: Awaited<ReturnType<typeof seedStructure>>;
  let chef = '';

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    app = createApp({ distDir: '/nonexistent', store, logger: createLogger('silent'), passwords });
    mairie = await seedStructure(
      store,
      'Mairie',
      ['chef@ex.fr', 'lea@ex.fr'],
      { 'chef@ex.fr': 'coordinateur' },
      passwords,
    );
    mediatheque = await seedStructure(
      store,
      'Médiathèque',
      ['zoe@ex.fr', 'max@ex.fr'],
      { 'zoe@ex.fr': 'coordinateur' },
      passwords,
    );
    chef = (await signIn('chef@ex.fr', 'mot-de-passe-de-test')).token;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const call = (
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request(`/api${path}`, {
      method,
      headers: {
        [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const signInRaw = (
    email: string,
    password: string,
    extra: Record<string, unknown> = {},
    ua = ANDROID_TABLET,
  ) =>
    call(
      'POST',
      '/auth/sign-in',
      undefined,
      { email, password, deviceId: randomUUID(), ...extra },
      { 'User-Agent': ua },
    );
  async function signIn(email: string, password: string, extra: Record<string, unknown> = {}) {
    const response = await signInRaw(email, password, extra);
    expect(response.status).toBe(200);
    return (await response.json()) as {
      token: string;
      user: { structureId: string; mustChangePassword?: boolean };
    };
  }
  const invite = async (email: string, name: string, password = 'provisoire-123') => {
    const response = await call('POST', '/structure/users', chef, {
      email,
      name,
      role: 'conseiller',
      password,
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { invitation: { id: string; code: string; expiresAt: string } };
  };
  const listing = async () =>
    (await (await call('GET', '/structure/users', chef)).json()) as {
      members: { id: string; email: string; disabled: boolean }[];
      invitations: { email: string }[];
    };
  const membershipsOf = async (email: string) =>
    (
      await store.db.all<{ structure_id: string }>(
        'SELECT m.structure_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY m.structure_id',
        [email],
      )
    ).map((r) => r.structure_id);

  it('answers an invitation alike whether the address has an account elsewhere or not, and changes nothing of that account', async () => {
    const zoeBefore = await store.db.get('SELECT * FROM users WHERE email = ?', ['zoe@ex.fr']);
    const fresh = await invite('nina@ex.fr', 'Nina Neuve');
    const existing = await invite('zoe@ex.fr', 'Zoé Autre');
    expect(Object.keys(existing).sort()).toEqual(Object.keys(fresh).sort());
    expect(Object.keys(existing.invitation).sort()).toEqual(Object.keys(fresh.invitation).sort());
    expect(existing.invitation.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const list = await listing();
    expect(list.members.map((m) => m.email).sort()).toEqual(['chef@ex.fr', 'lea@ex.fr']);
    expect(list.invitations.map((i) => i.email).sort()).toEqual(['nina@ex.fr', 'zoe@ex.fr']);
    // Zoé's account is untouched and not in the Mairie; no account exists for Nina yet.
    expect(await store.db.get('SELECT * FROM users WHERE email = ?', ['zoe@ex.fr'])).toEqual(zoeBefore);
    expect(await membershipsOf('zoe@ex.fr')).toEqual([mediatheque.structureId]);
    expect(await store.db.get('SELECT id FROM users WHERE email = ?', ['nina@ex.fr'])).toBeUndefined();
    // The provisional password does not open Zoé's account.
    expect((await signInRaw('zoe@ex.fr', 'provisoire-123')).status).toBe(401);
    // Someone already in the structure is refused (the coordinateur sees them anyway).
    expect(
      (
        await call('POST', '/structure/users', chef, {
          email: 'lea@ex.fr',
          name: 'Léa',
          role: 'conseiller',
          password: 'provisoire-123',
        })
      ).status,
    ).toBe(409);
  });

  it('lets a new person in with the provisional password, which must be changed before anything else', async () => {
    const first = await signIn('nina@ex.fr', 'provisoire-123');
    expect(first.user).toMatchObject({ structureId: mairie.structureId, mustChangePassword: true });
    const second = await signIn('nina@ex.fr', 'provisoire-123');
    const blocked = await call('GET', '/sync/pull?cursor=0', first.token);
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toMatchObject({ error: 'password_change_required' });
    expect(await (await call('GET', '/me', first.token)).json()).toMatchObject({ mustChangePassword: true });
    const wrong = await call('POST', '/me/password', first.token, {
      currentPassword: 'pas-le-bon',
      newPassword: 'mon vrai secret',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: 'bad_password',
      fields: { currentPassword: expect.any(String) },
    });
    const short = await call('POST', '/me/password', first.token, {
      currentPassword: 'provisoire-123',
      newPassword: 'court',
    });
    expect(short.status).toBe(400);
    const same = await call('POST', '/me/password', first.token, {
      currentPassword: 'provisoire-123',
      newPassword: 'provisoire-123',
    });
    expect(same.status).toBe(400);
    const changed = await call('POST', '/me/password', first.token, {
      currentPassword: 'provisoire-123',
      newPassword: 'mon vrai secret',
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ ok: true, user: { mustChangePassword: false } });
    // This device goes on; the other one is signed out; the old password no longer works.
    expect((await call('GET', '/sync/pull?cursor=0', first.token)).status).toBe(200);
    expect((await call('GET', '/sync/pull?cursor=0', second.token)).status).toBe(401);
    expect((await signInRaw('nina@ex.fr', 'provisoire-123')).status).toBe(401);
    expect((await signIn('nina@ex.fr', 'mon vrai secret')).user.mustChangePassword).toBe(false);
  });

  it('lets a new person in who types the invitation code with the provisional password', async () => {
    const { invitation } = await invite('rose@ex.fr', 'Rose Rapide', 'provisoire-rose');
    const first = await signIn('rose@ex.fr', 'provisoire-rose', { invitationCode: invitation.code });
    expect(first.user).toMatchObject({ structureId: mairie.structureId, mustChangePassword: true });
    expect(await membershipsOf('rose@ex.fr')).toEqual([mairie.structureId]);
    // The code is spent all the same.
    expect(
      (await signInRaw('rose@ex.fr', 'provisoire-rose', { invitationCode: invitation.code })).status,
    ).toBe(400);
  });

  it('lets an existing account join only with its own password and the code made for it', async () => {
    const { invitation } = await invite('zoe@ex.fr', 'Zoé Autre');
    // The code alone is not enough, nor another account's password, nor a wrong code.
    expect(
      (await signInRaw('max@ex.fr', 'mot-de-passe-de-test', { invitationCode: invitation.code })).status,
    ).toBe(400);
    expect(
      (await signInRaw('zoe@ex.fr', 'mot-de-passe-de-test', { invitationCode: 'AAAA-BBBB-CCCC' })).status,
    ).toBe(400);
    expect((await signInRaw('zoe@ex.fr', 'faux', { invitationCode: invitation.code })).status).toBe(401);
    expect(await membershipsOf('max@ex.fr')).toEqual([mediatheque.structureId]);
    expect(await membershipsOf('zoe@ex.fr')).toEqual([mediatheque.structureId]);
    const joined = await signIn('zoe@ex.fr', 'mot-de-passe-de-test', {
      invitationCode: invitation.code.toLowerCase().replace(/-/g, ' '),
    });
    expect(joined.user.structureId).toBe(mairie.structureId);
    expect((await membershipsOf('zoe@ex.fr')).sort()).toEqual(
      [mairie.structureId, mediatheque.structureId].sort(),
    );
    // Used once; she now chooses her structure at sign-in.
    expect(
      (await signInRaw('zoe@ex.fr', 'mot-de-passe-de-test', { invitationCode: invitation.code })).status,
    ).toBe(400);
    expect((await signInRaw('zoe@ex.fr', 'mot-de-passe-de-test')).status).toBe(409);
    expect((await listing()).invitations.map((i) => i.email)).toEqual([]);
  });

  it('disables a person in the structure (401 at the next request, no sign-in) and enables them again', async () => {
    const lea = await signIn('lea@ex.fr', 'mot-de-passe-de-test');
    expect((await call('GET', '/sync/pull?cursor=0', lea.token)).status).toBe(200);
    const leaId = mairie.users['lea@ex.fr']!.userId;
    // Another structure's coordinateur cannot touch her.
    const zoe = await signIn('zoe@ex.fr', 'mot-de-passe-de-test', { structureId: mediatheque.structureId });
    expect((await call('POST', `/structure/users/${leaId}/disable`, zoe.token)).status).toBe(404);
    expect((await call('POST', `/structure/users/${leaId}/disable`, chef)).status).toBe(200);
    const denied = await call('GET', '/sync/pull?cursor=0', lea.token);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ error: 'unauthorized' });
    const refused = await signInRaw('lea@ex.fr', 'mot-de-passe-de-test');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: 'account_disabled',
      message: expect.stringMatching(/désactivé/),
    });
    expect((await listing()).members.find((m) => m.id === leaId)?.disabled).toBe(true);
    // Zoé is in both structures: disabled in the Mairie, she still works in the Médiathèque.
    const zoeId = mediatheque.users['zoe@ex.fr']!.userId;
    expect((await call('POST', `/structure/users/${zoeId}/disable`, chef)).status).toBe(200);
    expect((await call('GET', '/sync/pull?cursor=0', zoe.token)).status).toBe(200);
    expect((await signIn('zoe@ex.fr', 'mot-de-passe-de-test')).user.structureId).toBe(
      mediatheque.structureId,
    );
    // A coordinateur cannot disable themself.
    expect(
      (await call('POST', `/structure/users/${mairie.users['chef@ex.fr']!.userId}/disable`, chef)).status,
    ).toBe(409);
    expect((await call('POST', `/structure/users/${leaId}/enable`, chef)).status).toBe(200);
    expect((await call('GET', '/sync/pull?cursor=0', lea.token)).status).toBe(401); // revoked stays revoked
    expect(
      (await call('GET', '/sync/pull?cursor=0', (await signIn('lea@ex.fr', 'mot-de-passe-de-test')).token))
        .status,
    ).toBe(200);
  });

  it('resets a password to a provisional one and revokes every token; not for an account used elsewhere', async () => {
    const lea = await signIn('lea@ex.fr', 'mot-de-passe-de-test');
    const leaId = mairie.users['lea@ex.fr']!.userId;
    expect(
      (await call('POST', `/structure/users/${leaId}/password`, chef, { password: 'nouveau-provisoire' }))
        .status,
    ).toBe(200);
    expect((await call('GET', '/sync/pull?cursor=0', lea.token)).status).toBe(401);
    expect((await signInRaw('lea@ex.fr', 'mot-de-passe-de-test')).status).toBe(401);
    expect((await signIn('lea@ex.fr', 'nouveau-provisoire')).user.mustChangePassword).toBe(true);
    const zoeId = mediatheque.users['zoe@ex.fr']!.userId;
    const elsewhere = await call('POST', `/structure/users/${zoeId}/password`, chef, {
      password: 'prise-de-compte',
    });
    expect(elsewhere.status).toBe(409);
    expect((await signInRaw('zoe@ex.fr', 'prise-de-compte')).status).toBe(401);
    // The administrator's reset (npm run admin -- reset-password) revokes too.
    const zoe = await signIn('zoe@ex.fr', 'mot-de-passe-de-test', { structureId: mediatheque.structureId });
    const zoeAccount = (await store.findUserByEmail('zoe@ex.fr'))!;
    await new AccountStore(store.db).setPassword(zoeAccount.id, await passwords.hash('admin-provisoire'), {
      provisional: true,
    });
    expect((await call('GET', '/sync/pull?cursor=0', zoe.token)).status).toBe(401);
  });

  it('names devices as people do, and marks the one asking', async () => {
    const response = await call('GET', '/structure/devices', chef);
    const devices = (await response.json()) as {
      id: string;
      name: string;
      current: boolean;
      userName: string;
    }[];
    expect(devices.length).toBeGreaterThan(3);
    expect(devices.every((d) => d.name === 'Chrome sur Android, tablette')).toBe(true);
    expect(devices.filter((d) => d.current)).toHaveLength(1);
    expect(devices.find((d) => d.current)?.userName).toBe('chef');
    expect(JSON.stringify(devices)).not.toContain('Mozilla');
  });

  it('forgets accepted and expired invitations in the daily purge, keeping the open ones', async () => {
    const open = await invite('oscar@ex.fr', 'Oscar Ouvert');
    await invite('paul@ex.fr', 'Paul Pris', 'provisoire-paul');
    await signIn('paul@ex.fr', 'provisoire-paul');
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    const chefId = mairie.users['chef@ex.fr']!.userId;
    await new AccountStore(store.db, () => eightDaysAgo).invite({
      structureId: mairie.structureId,
      email: 'quentin@ex.fr',
      name: 'Quentin Tard',
      role: 'conseiller',
      passwordHash: await passwords.hash('provisoire-vieux'),
      createdBy: chefId,
    });
    const purge = maintenanceJobs(
      store,
      { enabled: false, dir: '/nonexistent', keep: 1, everyMs: 1 },
      createLogger('silent'),
    ).find((j) => j.name === 'purge')!;
    await purge.work();
    const left = await store.db.all<{ id: string; email: string }>('SELECT id, email FROM invitations');
    expect(left).toEqual([{ id: open.invitation.id, email: 'oscar@ex.fr' }]);
  });

  it('keeps one active coordinateur when two disable each other at the same time', async () => {
    const cabinet = await seedStructure(
      store,
      'Cabinet',
      ['ana@ex.fr', 'bob@ex.fr'],
      { 'ana@ex.fr': 'coordinateur', 'bob@ex.fr': 'coordinateur' },
      passwords,
    );
    const ana = await signIn('ana@ex.fr', 'mot-de-passe-de-test');
    const bob = await signIn('bob@ex.fr', 'mot-de-passe-de-test');
    const anaId = cabinet.users['ana@ex.fr']!.userId;
    const bobId = cabinet.users['bob@ex.fr']!.userId;
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([
        call('POST', `/structure/users/${bobId}/disable`, ana.token),
        call('POST', `/structure/users/${anaId}/disable`, bob.token),
      ]);
      const active = await store.db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM memberships WHERE structure_id = ? AND role = 'coordinateur' AND disabled_at IS NULL`,
        [cabinet.structureId],
      );
      expect(Number(active?.n)).toBe(1);
      // The other one is refused: by the rule, or already signed out when it asks after the first.
      const [won, lost] = [...answers].sort((a, b) => a.status - b.status);
      expect(won!.status).toBe(200);
      expect([401, 409]).toContain(lost!.status);
      if (lost!.status === 409) expect(await lost!.json()).toMatchObject({ error: 'last_coordinateur' });
      // Both back for the next round (by the administrator: the disabled one's devices are revoked).
      await store.db.run('UPDATE memberships SET disabled_at = NULL WHERE structure_id = ?', [
        cabinet.structureId,
      ]);
      await store.db.run(
        'UPDATE tokens SET revoked_at = NULL WHERE device_id IN (SELECT id FROM devices WHERE structure_id = ?)',
        [cabinet.structureId],
      );
    }
  });

  it('refuses a provisional password for oneself and revoking the device one uses (409, nothing changed)', async () => {
    const chefId = mairie.users['chef@ex.fr']!.userId;
    const reset = await call('POST', `/structure/users/${chefId}/password`, chef, {
      password: 'mon-propre-provisoire',
    });
    expect(reset.status).toBe(409);
    expect(await reset.json()).toMatchObject({
      error: 'self',
      message: expect.stringMatching(/propre compte/),
    });
    expect((await signInRaw('chef@ex.fr', 'mon-propre-provisoire')).status).toBe(401);
    const devices = (await (await call('GET', '/structure/devices', chef)).json()) as {
      id: string;
      current: boolean;
    }[];
    const current = devices.find((d) => d.current)!;
    const revoke = await call('POST', `/structure/devices/${current.id}/revoke`, chef);
    expect(revoke.status).toBe(409);
    expect(await revoke.json()).toMatchObject({
      error: 'current_device',
      message: expect.stringMatching(/appareil que vous utilisez/),
    });
    expect((await call('GET', '/structure/users', chef)).status).toBe(200);
  });
});
