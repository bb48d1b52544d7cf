// @vitest-environment node
// Remote wipe through the real server on SQLite and PostgreSQL: a coordinateur revoking a device
// chooses « arreter » (it stops syncing, its data stays) or « effacer » (at its next contact it pushes
// what it still holds, says so, erases this account's database, and is revoked).
import 'fake-indexeddb/auto';

import Dexie from 'dexie';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { saveBeneficiary } from '../../src/data/beneficiaries';
import { getDeviceId } from '../../src/data/meta';
import { getSession } from '../../src/data/sync/session';
import { SyncError } from '../../src/data/sync/transport';
import { beneficiaryInputSchema } from '../../src/domain/beneficiary';
import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION } from '../../src/domain/sync';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device } from './devices';

describe.each(DATABASE_KINDS)('remote wipe, on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let devices: Device[] = [];

  beforeAll(async () => {
    t = await openTestStore(kind);
    server = await startTestServer(t.store);
  });
  afterEach(async () => {
    await Promise.all(devices.map((d) => d.close().catch(() => undefined)));
    devices = [];
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  const team = async () => {
    const [coord, lea, marc] = ['coord', 'lea', 'marc'].map(
      (n) => `${crypto.randomUUID().slice(0, 6)}-${n}@ex.fr`,
    );
    const s = await seedStructure(t.store, `S-${crypto.randomUUID()}`, [coord!, lea!, marc!], {
      [coord!]: 'coordinateur',
    });
    const made = [coord!, lea!, marc!].map(
      (email, i) => [email, new Device(`w${i}`, server.baseUrl)] as const,
    );
    for (const [email, device] of made) await device.attach(t.store, s.users[email]!.userId, s.structureId);
    devices.push(...made.map(([, d]) => d));
    return made.map(([, d]) => d) as [Device, Device, Device];
  };

  const api = async (device: Device, method: string, path: string, body?: unknown) => {
    const token = (await getSession(device.db))!.token!;
    return fetch(`${server.baseUrl}/api${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  };

  const failure = async (promise: Promise<unknown>): Promise<SyncError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof SyncError) return error;
      throw error;
    }
    throw new Error('the sync succeeded');
  };

  it('« effacer »: the tablet pushes what it holds, then erases the account’s data, and is revoked', async () => {
    const [coord, lea] = await team();
    await lea.sync();
    // Typed offline, not sent yet.
    const jeanne = await saveBeneficiary(
      lea.db,
      undefined,
      beneficiaryInputSchema().parse({ anonyme: false, prenom: 'Jeanne', nom: 'Durand' }),
    );
    const leaDevice = await getDeviceId(lea.db);
    const token = (await getSession(lea.db))!.token!;

    expect(
      (await api(coord, 'POST', `/structure/devices/${leaDevice}/revoke`, { mode: 'n_importe' })).status,
    ).toBe(400);
    const asked = await api(coord, 'POST', `/structure/devices/${leaDevice}/revoke`, { mode: 'effacer' });
    expect(asked.status).toBe(200);
    const listed = (await (await api(coord, 'GET', '/structure/devices')).json()) as {
      id: string;
      wipeRequestedAt: string | null;
      revokedAt: string | null;
    }[];
    expect(listed.find((d) => d.id === leaDevice)).toMatchObject({ revokedAt: null });
    expect(listed.find((d) => d.id === leaDevice)?.wipeRequestedAt).toBeTruthy();

    const error = await failure(lea.sync());
    expect(error.kind).toBe('wiped');
    expect(error.message).toMatch(/effacées de la tablette/);
    // What she typed reached the server before the tablet forgot it.
    const stored = await t.store.db.get<{ data: string }>(
      'SELECT data FROM records WHERE tbl = ? AND id = ?',
      ['beneficiaries', jeanne.id],
    );
    expect(JSON.parse(stored!.data)).toMatchObject({ nom: 'Durand' });
    // The account's database is gone, token included; the server revoked the device.
    expect(await Dexie.exists(lea.db.name)).toBe(false);
    const after = await fetch(`${server.baseUrl}/api/sync/pull?cursor=0`, {
      headers: { Authorization: `Bearer ${token}`, [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION) },
    });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: string }).error).toBe('unauthorized');
    const devicesAfter = (await (await api(coord, 'GET', '/structure/devices')).json()) as {
      id: string;
      revokedAt: string | null;
    }[];
    expect(devicesAfter.find((d) => d.id === leaDevice)?.revokedAt).toBeTruthy();
  });

  it('a wiped device may still push, nothing else: every other request tells it to erase itself', async () => {
    const [coord, lea] = await team();
    const leaDevice = await getDeviceId(lea.db);
    await api(coord, 'POST', `/structure/devices/${leaDevice}/revoke`, { mode: 'effacer' });
    const pull = await api(lea, 'GET', '/sync/pull?cursor=0');
    expect(pull.status).toBe(401);
    expect(((await pull.json()) as { error: string }).error).toBe('device_wiped');
    const push = await api(lea, 'POST', '/sync/push', { deviceId: leaDevice, mutations: [] });
    expect(push.status).toBe(200);
    // Saying it erased itself is for a device asked to.
    expect((await api(coord, 'POST', '/device/wiped')).status).toBe(409);
  });

  it('« arreter » (the default): it stops syncing and keeps its data', async () => {
    const [coord, , marc] = await team();
    await saveBeneficiary(
      marc.db,
      undefined,
      beneficiaryInputSchema().parse({ anonyme: false, prenom: 'Paul', nom: 'Roche' }),
    );
    const marcDevice = await getDeviceId(marc.db);
    expect((await api(coord, 'POST', `/structure/devices/${marcDevice}/revoke`, {})).status).toBe(200);
    const error = await failure(marc.sync());
    expect(error.kind).toBe('unauthorized');
    expect(await Dexie.exists(marc.db.name)).toBe(true);
    expect(await marc.db.beneficiaries.count()).toBe(1);
    expect(await marc.pending()).toBe(1);
  });
});
