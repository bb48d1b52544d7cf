// @vitest-environment node
// A backup restored while two tablets kept working after it: the restored server has lost what was
// typed since; the tablets see the new epoch, push it again, and everything is back on the server
// and on both tablets, nothing doubled, no conflict made up. Real databases: SQLite (restored under
// the running server) and PostgreSQL (pg_dump / pg_restore, servers stopped as documented).
import 'fake-indexeddb/auto';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { getMeta } from '../../src/data/meta';
import { EPOCH_KEY } from '../../src/data/sync/epoch';
import type { Beneficiary } from '../../src/domain/beneficiary';
import { backupDatabase, restoreDatabase } from '../../server/db/backup';
import { openPostgres } from '../../server/db/postgres';
import { readEpoch } from '../../server/server-state';
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

describe.each(DATABASE_KINDS)('restoring a backup on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let dir: string;
  let structure: Awaited<ReturnType<typeof seedStructure>>;
  const devices: Device[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sillon-restore-'));
    t = await openTestStore(kind);
    server = await startTestServer(t.store);
    structure = await seedStructure(t.store, 'Tiers-lieu', ['lea@ex.fr', 'marc@ex.fr']);
  });
  afterAll(async () => {
    await Promise.all(devices.map((d) => d.close()));
    await server?.close();
    await t?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Restores `file` (SQLite under the running server; PostgreSQL with the servers stopped): the new epoch. */
  const restore = async (file: string): Promise<string> => {
    if (kind === 'sqlite')
      return restoreDatabase(t.store.db.source, file, async () => {
        throw new Error('not used for SQLite');
      });
    await server.close();
    const source = t.store.db.source;
    if (source.kind !== 'postgres') throw new Error('expected postgres');
    // Other test files share this PostgreSQL database: our own server is stopped (its idle pool is
    // reopened right after), hence force.
    const epoch = await restoreDatabase(
      source,
      file,
      () => openPostgres(source.url, { schema: source.schema! }),
      {
        force: true,
      },
    );
    const store = await t.reopen();
    server = await startTestServer(store);
    for (const d of devices) d.baseUrl = server.baseUrl;
    return epoch;
  };

  const tablet = async (email: string) => {
    const device = new Device(email.split('@')[0]!, server.baseUrl);
    await device.signIn(email, structure.users[email]!.password);
    devices.push(device);
    return device;
  };

  it('brings back on the server and both tablets every record typed after the backup, once', async () => {
    const a = await tablet('lea@ex.fr');
    const b = await tablet('marc@ex.fr');
    const early = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Jeanne', nom: 'Avant' });
    const doomed = await b.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Paul', nom: 'Supprimé' });
    await a.sync();
    await b.sync();
    await a.sync();
    const epochBefore = await readEpoch(t.store.db);
    expect(await getMeta(a.db, EPOCH_KEY)).toBe(epochBefore);

    const file = join(dir, kind === 'sqlite' ? 'backup.sqlite' : 'backup.pgdump');
    const backup = await backupDatabase(t.store.db, file);
    expect(backup.bytes).toBeGreaterThan(0);

    // After the backup: created on A and synced (B pulls it), created on B and synced, an edit of an
    // old record, a deletion, and one record A typed offline and never sent.
    const x1 = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Inès', nom: 'Après-A' });
    await a.put('beneficiaries', early.id, { telephone: '0565000001' });
    await a.sync();
    await b.sync();
    const x2 = await b.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Hugo', nom: 'Après-B' });
    await b.remove('beneficiaries', doomed.id);
    await b.sync();
    await a.sync();
    const x3 = await a.put<Beneficiary>('beneficiaries', undefined, { prenom: 'Zoé', nom: 'Hors-ligne' });

    const epoch = await restore(file);
    expect(epoch).not.toBe(epochBefore);
    expect(await readEpoch(t.store.db)).toBe(epoch);
    const watcher: Principal = await observer(
      t.store,
      structure.users['lea@ex.fr']!.userId,
      structure.structureId,
    );
    const restored = await serverSnapshot(t.store, watcher);
    expect(restored.records.has(`beneficiaries:${x1.id}`)).toBe(false);
    expect(restored.records.get(`beneficiaries:${doomed.id}`)?.deleted).toBeUndefined();

    await a.sync();
    await b.sync();
    await a.sync();
    await b.sync();

    const truth = await serverSnapshot(t.store, watcher);
    const names = [...truth.records.values()]
      .filter((r) => !r.deleted)
      .map((r) => r.nom)
      .sort();
    expect(names).toEqual(['Après-A', 'Après-B', 'Avant', 'Hors-ligne']);
    expect(truth.records.get(`beneficiaries:${early.id}`)?.telephone).toBe('0565000001');
    expect(truth.records.get(`beneficiaries:${doomed.id}`)?.deleted).toBe(true);
    for (const id of [x1.id, x2.id, x3.id]) expect(truth.records.has(`beneficiaries:${id}`)).toBe(true);
    expect(truth.conflicts.size).toBe(0);
    for (const device of [a, b]) {
      expect(await device.db.outbox.toArray()).toEqual([]);
      expect(await device.snapshot()).toEqual(truth.records);
      expect(await device.conflicts()).toEqual([]);
      expect(await getMeta(device.db, EPOCH_KEY)).toBe(epoch);
    }
  });

  it('sends again a lieu before the activity held there, and a field emptied since the backup as emptied', async () => {
    const a = await tablet('lea@ex.fr');
    const b = await tablet('marc@ex.fr');
    const reached = await a.put<Beneficiary>('beneficiaries', undefined, {
      prenom: 'Rose',
      nom: 'Joignable',
      telephone: '0565000009',
      notes: 'Rappeler le mardi',
    });
    await a.sync();
    await b.sync();
    const file = join(dir, kind === 'sqlite' ? 'backup-2.sqlite' : 'backup-2.pgdump');
    await backupDatabase(t.store.db, file);

    // After the backup: a new lieu and an activity held there (activities come before lieux in the
    // table list), and the phone and notes emptied; all synced, then the backup is restored.
    const lieu = await a.put('lieux', undefined, { nom: 'Médiathèque de Figeac' });
    const activity = await a.put('activities', undefined, {
      type: 'individuel',
      date: '2026-03-02',
      duree: 60,
      typeLieu: 'lieu_activite',
      lieuId: lieu.id,
      thematiques: ['email'],
      materiel: [],
      beneficiaryIds: [reached.id],
    });
    await a.put('beneficiaries', reached.id, { telephone: undefined, notes: undefined });
    await a.sync();
    await b.sync();
    expect(await b.get<Beneficiary>('beneficiaries', reached.id)).not.toHaveProperty('telephone');
    const epochBefore = await readEpoch(t.store.db);
    const epoch = await restore(file);
    expect(epoch).not.toBe(epochBefore);

    const result = await a.sync();
    expect(result.refused).toBe(0);
    await b.sync();
    await a.sync();

    const watcher = await observer(t.store, structure.users['lea@ex.fr']!.userId, structure.structureId);
    const truth = await serverSnapshot(t.store, watcher);
    expect(truth.records.get(`lieux:${lieu.id}`)).toMatchObject({ nom: 'Médiathèque de Figeac' });
    expect(truth.records.get(`activities:${activity.id}`)).toMatchObject({ lieuId: lieu.id });
    const onServer = truth.records.get(`beneficiaries:${reached.id}`);
    expect(onServer).toMatchObject({ nom: 'Joignable' });
    expect(onServer).not.toHaveProperty('telephone');
    expect(onServer).not.toHaveProperty('notes');
    for (const device of [a, b]) {
      expect(await device.db.outbox.toArray()).toEqual([]);
      // `participations`: the device's own index of an activity's beneficiaries, never synced.
      const shown = new Map(
        [...(await device.snapshot())].map(([key, { participations: _p, ...record }]) => [key, record]),
      );
      expect(shown).toEqual(truth.records);
    }
  });
});
