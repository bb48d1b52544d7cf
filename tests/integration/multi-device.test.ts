// @vitest-environment node
// Several tablets (separate IndexedDB databases) against the real server on 127.0.0.1, on SQLite
// and on PostgreSQL: they create, edit and delete in every order and must all converge.
import 'fake-indexeddb/auto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { getMeta } from '../../src/data/meta';
import { CURSOR_KEY } from '../../src/data/sync/apply';
import { BATCH_KEY } from '../../src/data/sync/engine';
import { resolveConflict } from '../../src/data/sync/conflicts';
import { discardChanges, listRefusals } from '../../src/data/sync/refusals';
import type { Beneficiary } from '../../src/domain/beneficiary';
import type { Principal } from '../../server/store';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device, observer, serverSnapshot } from './devices';

describe.each(DATABASE_KINDS)('devices syncing through the server on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let devices: Device[] = [];
  let structure: Awaited<ReturnType<typeof seedStructure>>;
  let other: Awaited<ReturnType<typeof seedStructure>>;
  let watcher: Principal;

  beforeAll(async () => {
    t = await openTestStore(kind, { tombstoneDays: 30 });
    server = await startTestServer(t.store);
    structure = await seedStructure(t.store, 'Tiers-lieu', ['lea@ex.fr', 'marc@ex.fr']);
    other = await seedStructure(t.store, 'Médiathèque', ['zoe@ex.fr']);
    watcher = await observer(t.store, structure.users['lea@ex.fr']!.userId, structure.structureId);
  });
  afterEach(async () => {
    await Promise.all(devices.map((d) => d.close()));
    devices = [];
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  const tablet = async (email: string, from = structure) => {
    const device = new Device(email.split('@')[0]!, server.baseUrl);
    await device.signIn(email, from.users[email]!.password);
    devices.push(device);
    return device;
  };

  const expectConverged = async (...group: Device[]) => {
    const truth = await serverSnapshot(t.store, watcher);
    for (const device of group) {
      expect(await device.pending()).toBe(0);
      const snapshot = await device.snapshot();
      expect(snapshot).toEqual(truth.records);
      const conflictIds = (await device.conflicts()).map((c) => c.id).sort();
      expect(conflictIds).toEqual([...truth.conflicts.keys()].sort());
    }
    return truth;
  };

  it('carries creations, edits and deletions between colleagues, in every order', async () => {
    const a = await tablet('lea@ex.fr');
    const b = await tablet('marc@ex.fr');
    const a2 = await tablet('lea@ex.fr'); // Léa's second tablet
    const x = await b.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Jeanne', nom: 'Durand' });
    const y = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Paul', nom: 'Roche' });
    await a.sync();
    await b.sync();
    await a2.sync();
    await a.sync();
    expect((await a.get<Beneficiary>('beneficiaries', x.id))?.nom).toBe('Durand');
    expect((await a2.get<Beneficiary>('beneficiaries', x.id))?.createdBy).toBe(
      structure.users['marc@ex.fr']!.userId,
    );
    // Edit on one, delete (by its author) on another, sync in reverse order.
    await a2.put('beneficiaries', y.id, {
      commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
    });
    await b.remove('beneficiaries', x.id);
    await b.sync();
    await a2.sync();
    await a.sync();
    await b.sync();
    const truth = await expectConverged(a, b, a2);
    expect(truth.records.get(`beneficiaries:${x.id}`)?.deleted).toBe(true);
    expect(truth.records.get(`beneficiaries:${y.id}`)?.commune).toMatchObject({ nom: 'Cahors' });
  });

  it('keeps both edits of different fields and shows a conflict for the same field on both sides', async () => {
    const a = await tablet('lea@ex.fr');
    const b = await tablet('marc@ex.fr');
    const r = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Anne', nom: 'Vidal' });
    await a.sync();
    await b.sync();
    // Both offline: different fields.
    await a.put('beneficiaries', r.id, { telephone: '0612345678' });
    await b.put('beneficiaries', r.id, { email: 'anne@ex.fr' });
    // And the same field.
    await a.put('beneficiaries', r.id, { nom: 'Vidal-Léger' });
    await b.put('beneficiaries', r.id, { nom: 'Vidal Leger' });
    await a.sync();
    await b.sync();
    await a.sync();
    const truth = await expectConverged(a, b);
    const record = truth.records.get(`beneficiaries:${r.id}`)!;
    expect(record).toMatchObject({ telephone: '0612345678', email: 'anne@ex.fr', nom: 'Vidal Leger' });
    const [conflict] = (await a.conflicts()).filter((c) => c.recordId === r.id);
    expect(conflict).toMatchObject({ field: 'nom', keptValue: 'Vidal Leger', lostValue: 'Vidal-Léger' });
    // Léa reviews it on her tablet and takes her value back: every device gets the value and the resolution.
    await resolveConflict(a.db, conflict!.id, 'lost');
    await a.sync();
    await b.sync();
    await expectConverged(a, b);
    expect((await b.get<Beneficiary>('beneficiaries', r.id))?.nom).toBe('Vidal-Léger');
    expect((await b.conflicts()).find((c) => c.id === conflict!.id)).toMatchObject({ resolution: 'lost' });
  });

  it('loses nothing and duplicates nothing when the network fails at every step', async () => {
    const a = await tablet('lea@ex.fr');
    const b = await tablet('marc@ex.fr');
    const r = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Luc', nom: 'Bernard' });
    // The server commits, the answer is lost: the retry must not apply it twice.
    a.network.inject('/sync/push', 'drop-after');
    expect(await a.trySync()).toBe(false);
    expect(await a.pending()).toBe(1);
    await a.put('beneficiaries', r.id, { nom: 'Bernard-Lucas' });
    a.network.inject('/sync/push', 'duplicate');
    await a.sync();
    // The connection drops before the request: nothing happened, the outbox is intact.
    await b.put('beneficiaries', undefined, { prenom: 'Sara', nom: 'Khan' });
    b.network.inject('/sync/push', 'drop-before');
    expect(await b.trySync()).toBe(false);
    expect(await b.pending()).toBe(1);
    // A captive portal answers: never taken for the server.
    b.network.inject('/health', 'portal');
    await expect(b.sync()).rejects.toMatchObject({ kind: 'portal' });
    // A pull answer lost midway: the cursor only moves with what was applied.
    b.network.inject('/sync/pull', 'drop-after');
    expect(await b.trySync()).toBe(false);
    await b.sync();
    await a.sync();
    const truth = await expectConverged(a, b);
    expect([...truth.records.values()].filter((x) => x.prenom === 'Luc')).toHaveLength(1);
    expect(truth.records.get(`beneficiaries:${r.id}`)?.nom).toBe('Bernard-Lucas');
  });

  it('halves its batches after a 413 and still sends everything, in order', async () => {
    const a = await tablet('lea@ex.fr');
    const b = await tablet('marc@ex.fr');
    const ids: string[] = [];
    for (let i = 0; i < 9; i++)
      ids.push((await a.put('beneficiaries', undefined, { prenom: `P${i}`, nom: 'Lot' })).id);
    a.network.inject('/sync/push', 'too-large');
    a.network.inject('/sync/push', 'too-large');
    await a.sync({ maxPushBatch: 8 });
    expect(await getMeta<number>(a.db, BATCH_KEY)).toBe(8);
    expect(a.network.requests).toBeGreaterThan(4);
    await b.sync();
    const truth = await expectConverged(a, b);
    expect(ids.every((id) => truth.records.has(`beneficiaries:${id}`))).toBe(true);
  });

  it('survives a server restart and a device clock hours off', async () => {
    const a = await tablet('lea@ex.fr');
    const b = await tablet('marc@ex.fr');
    a.clockOffsetMs = 30 * 24 * 3600 * 1000; // a month ahead
    b.clockOffsetMs = -6 * 3600 * 1000;
    const r = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Ali', nom: 'Haddad' });
    await a.sync();
    await b.sync();
    await b.put('beneficiaries', r.id, { nom: 'Haddad-Benali' });
    const port = Number(new URL(server.baseUrl).port);
    await server.close();
    expect(await b.trySync()).toBe(false);
    await t.reopen();
    server = await startTestServer(t.store, port);
    await b.sync();
    await a.sync();
    const truth = await expectConverged(a, b);
    // The later edit wins although its device clock is six hours behind the other's (server order).
    expect(truth.records.get(`beneficiaries:${r.id}`)?.nom).toBe('Haddad-Benali');
    // The displayed date of a clock set in the future is clamped to the server's time.
    expect(Date.parse(String(truth.records.get(`beneficiaries:${r.id}`)?.createdAt))).toBeLessThanOrEqual(
      Date.now(),
    );
    expect(Date.parse(String(truth.records.get(`beneficiaries:${r.id}`)?.updatedAt))).toBeLessThanOrEqual(
      Date.now(),
    );
  });

  it('resyncs a device offline longer than deletions are kept, without losing its outbox', async () => {
    const a = await tablet('lea@ex.fr');
    const b = await tablet('marc@ex.fr');
    const keep = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Iris', nom: 'Morel' });
    const gone = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Noé', nom: 'Faure' });
    await a.sync();
    await b.sync();
    await a.remove('beneficiaries', gone.id);
    await a.sync();
    // b stays offline and types; the server forgets old tombstones meanwhile.
    await b.put('beneficiaries', keep.id, { telephone: '0700000000' });
    const typedOffline = await b.put<Beneficiary>('beneficiaries', undefined, {
      prenom: 'Eva',
      nom: 'Petit',
    });
    const cursorBefore = (await getMeta<number>(b.db, CURSOR_KEY))!;
    await t.store.db.run("UPDATE records SET updated_at = '2000-01-01T00:00:00.000Z' WHERE deleted = 1");
    expect(await t.store.purgeTombstones()).toBeGreaterThan(0);
    const result = await b.sync();
    expect(result.resynced).toBe(true);
    expect(cursorBefore).toBeGreaterThan(0);
    expect(await b.get('beneficiaries', gone.id)).toBeUndefined();
    expect((await b.get<Beneficiary>('beneficiaries', typedOffline.id))?.nom).toBe('Petit');
    await a.sync();
    const truth = await serverSnapshot(t.store, watcher);
    expect(truth.records.get(`beneficiaries:${keep.id}`)?.telephone).toBe('0700000000');
    expect(truth.records.has(`beneficiaries:${typedOffline.id}`)).toBe(true);
  });

  it('never shows one structure’s records to another, whatever the request says', async () => {
    const a = await tablet('lea@ex.fr');
    const z = await tablet('zoe@ex.fr', other);
    const secret = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Secret', nom: 'Dossier' });
    await a.sync();
    await z.sync();
    expect(await z.get('beneficiaries', secret.id)).toBeUndefined();
    // Zoé's tablet tries to overwrite Léa's record by its id: that change is refused, nothing
    // changes on the server, and Zoé's next changes still go through.
    await z.put('beneficiaries', secret.id, { nom: 'Volé' });
    const own = await z.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Zoé', nom: 'Martin' });
    expect((await z.sync()).refused).toBe(1);
    const [refusal] = await listRefusals(z.db);
    expect(refusal).toMatchObject({
      recordId: secret.id,
      refused: { code: 'foreign_record', current: null },
    });
    expect(await z.pending()).toBe(1); // the refused change, kept for Zoé to see
    expect((await z.sync()).refused).toBe(0); // and not sent again
    // Discarding it: her tablet forgets the record the server never gave it.
    await discardChanges(z.db, 'beneficiaries', secret.id);
    expect(await z.get('beneficiaries', secret.id)).toBeUndefined();
    expect(await z.pending()).toBe(0);
    await a.sync();
    expect((await a.get<Beneficiary>('beneficiaries', secret.id))?.nom).toBe('Dossier');
    expect(await a.get('beneficiaries', own.id)).toBeUndefined();
    const zoe = await observer(t.store, other.users['zoe@ex.fr']!.userId, other.structureId);
    expect((await serverSnapshot(t.store, zoe)).records.has(`beneficiaries:${own.id}`)).toBe(true);
  });

  it('stops syncing with 401 once the device is revoked, keeping its unsynced data', async () => {
    const a = await tablet('lea@ex.fr');
    await a.sync();
    await a.put('beneficiaries', undefined, { prenom: 'Tom', nom: 'Lenoir' });
    const deviceId = (await getMeta<string>(a.db, 'deviceId'))!;
    expect(await t.store.revokeDevice(deviceId)).toBe(true);
    await expect(a.sync()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(await a.pending()).toBe(1);
    // Not retried by itself: the session is marked revoked until the person signs in again.
    await expect(a.sync()).rejects.toMatchObject({ kind: 'unauthorized' });
    await a.signIn('lea@ex.fr', structure.users['lea@ex.fr']!.password);
    await a.sync();
    expect(await a.pending()).toBe(0);
  });
});
