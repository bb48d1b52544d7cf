// @vitest-environment node
// The unsynced-changes file of a revoked tablet, imported on another tablet (and again, and on a
// third one): every change reaches the server once, nothing is doubled, a colleague's later edit is
// not overwritten by a second import, and only the author or a coordinateur may bring the changes
// (a file refused so does not stop the tablet's own changes).
import 'fake-indexeddb/auto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { beneficiaryFields, saveBeneficiary } from '../../src/data/beneficiaries';
import { editBaseOf } from '../../src/data/edits';
import { exportUnsynced } from '../../src/data/sync/export';
import { importUnsynced, previewImport } from '../../src/data/sync/import';
import { discardChanges, listRefusals } from '../../src/data/sync/refusals';
import { SESSION_KEY, type StoredSession } from '../../src/data/sync/session';
import { setMeta } from '../../src/data/meta';
import { beneficiaryInputSchema, type Beneficiary } from '../../src/domain/beneficiary';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device, observer, serverSnapshot } from './devices';

const person = (prenom: string, nom: string, telephone?: string) =>
  beneficiaryInputSchema().parse({ prenom, nom, ...(telephone ? { telephone } : {}) });

describe.each(DATABASE_KINDS)('unsynced-changes file on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;

  beforeAll(async () => {
    t = await openTestStore(kind);
    server = await startTestServer(t.store);
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  it('reaches the server once, however many times and wherever it is imported', async () => {
    const s = await seedStructure(t.store, 'Import', ['a@ex.fr', 'b@ex.fr', 'c@ex.fr'], {
      'c@ex.fr': 'coordinateur',
    });
    const userA = s.users['a@ex.fr']!.userId;
    const userB = s.users['b@ex.fr']!.userId;
    const userC = s.users['c@ex.fr']!.userId;
    const old = new Device('old', server.baseUrl);
    const fresh = new Device('fresh', server.baseUrl);
    const colleague = new Device('colleague', server.baseUrl);
    const coordinator = new Device('coordinator', server.baseUrl);
    await old.attach(t.store, userA, s.structureId);
    await fresh.attach(t.store, userA, s.structureId);
    await colleague.attach(t.store, userB, s.structureId);
    await coordinator.attach(t.store, userC, s.structureId);
    const session = (await coordinator.db.meta.get(SESSION_KEY))!.value as StoredSession;
    await setMeta(coordinator.db, SESSION_KEY, {
      ...session,
      user: { ...session.user, role: 'coordinateur' },
    });
    const devices = [old, fresh, colleague, coordinator];
    try {
      // The old tablet: one beneficiary synced, then changes that never get an answer.
      const anne = person('Anne', 'Martin');
      const synced = await saveBeneficiary(old.db, undefined, anne);
      await old.sync();
      await colleague.sync();
      const base = editBaseOf(synced, beneficiaryFields(anne));
      await saveBeneficiary(old.db, synced.id, person('Anne', 'Martin', '06 11 22 33 44'), new Date(), base);
      const lost = await saveBeneficiary(old.db, undefined, person('Luc', 'Durand'));
      // The server applies this push but its answer is lost: the file will carry changes it has.
      old.network.inject('/sync/push', 'drop-after');
      expect(await old.trySync()).toBe(false);
      const unsent = await saveBeneficiary(old.db, undefined, person('Zoé', 'Petit'));
      await old.remove('beneficiaries', lost.id);
      // The tablet is revoked: its changes leave in a file.
      const oldId = String((await old.db.meta.get('deviceId'))!.value);
      await t.store.revokeDevice(oldId, s.structureId);
      const text = JSON.stringify(await exportUnsynced(old.db));
      expect(await old.trySync()).toBe(false);

      // Not the colleague's to import; not the same tablet's either.
      const refusedPreview = await previewImport(colleague.db, text);
      expect(refusedPreview).toMatchObject({ ok: false, message: expect.stringMatching(/collègue/) });
      expect(await previewImport(old.db, text)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/cette tablette/),
      });

      // The advisor's new tablet imports it: the records show the changes at once.
      const preview = await previewImport(fresh.db, text);
      if (!preview.ok) throw new Error(preview.message);
      expect(preview.summary).toMatchObject({ records: 3, changes: 4, deletions: 1 });
      expect(preview.fresh).toBe(4);
      expect(await importUnsynced(fresh.db, preview.file)).toEqual({ imported: 4, skipped: 0 });
      expect((await fresh.get<Record<string, unknown>>('beneficiaries', unsent.id))?.nom).toBe('Petit');
      // A second import before the sync adds nothing.
      const again = await previewImport(fresh.db, text);
      expect(again).toMatchObject({ ok: true, fresh: 0, already: 4 });
      if (again.ok) expect(await importUnsynced(fresh.db, again.file)).toEqual({ imported: 0, skipped: 4 });
      await fresh.sync();
      expect(await fresh.pending()).toBe(0);

      // The colleague changes the phone after that; the file is imported again, and on a third tablet.
      await colleague.sync();
      const seen = (await colleague.get<Beneficiary>('beneficiaries', synced.id))!;
      expect(seen.telephone).toBe('+33611223344');
      const onColleague = person('Anne', 'Martin', '06 11 22 33 44');
      await saveBeneficiary(
        colleague.db,
        synced.id,
        person('Anne', 'Martin', '07 55 44 33 22'),
        new Date(),
        editBaseOf(seen, beneficiaryFields(onColleague)),
      );
      await colleague.sync();
      for (const d of [fresh, coordinator]) {
        const p = await previewImport(d.db, text);
        if (!p.ok) throw new Error(p.message);
        await importUnsynced(d.db, p.file);
        await d.sync();
      }
      for (const d of devices.slice(1)) await d.sync();

      const truth = await serverSnapshot(t.store, await observer(t.store, userA, s.structureId));
      const beneficiaries = [...truth.records.values()];
      // Nothing doubled: the three records, once each, as the old tablet left them, with the colleague's phone.
      expect(beneficiaries.map((r) => r.id).sort()).toEqual([synced.id, lost.id, unsent.id].sort());
      expect(truth.records.get(`beneficiaries:${synced.id}`)).toMatchObject({
        nom: 'Martin',
        telephone: '+33755443322',
      });
      expect(truth.records.get(`beneficiaries:${lost.id}`)?.deleted).toBe(true);
      expect(truth.records.get(`beneficiaries:${unsent.id}`)).toMatchObject({
        nom: 'Petit',
        createdBy: userA,
      });
      // No conflict: the imports replayed nothing the server had.
      expect(truth.conflicts.size).toBe(0);
      // Applied once against the old tablet's own count: its 5 mutations, no more.
      const serverDevices = await t.store.listDevices(s.structureId);
      expect(serverDevices.find((d) => d.id === oldId)?.last_seq).toBe(5);
      for (const d of devices.slice(1)) {
        expect(await d.pending()).toBe(0);
        expect(await d.snapshot()).toEqual(truth.records);
      }
    } finally {
      await Promise.all(devices.map((d) => d.close()));
    }
  }, 60_000);

  it('refuses on the server an import by someone else than the author or a coordinateur', async () => {
    const s = await seedStructure(t.store, 'Refus', ['a2@ex.fr', 'b2@ex.fr']);
    const author = new Device('author', server.baseUrl);
    const other = new Device('other', server.baseUrl);
    await author.attach(t.store, s.users['a2@ex.fr']!.userId, s.structureId);
    await other.attach(t.store, s.users['b2@ex.fr']!.userId, s.structureId);
    try {
      await saveBeneficiary(author.db, undefined, person('Paul', 'Roux'));
      await author.sync();
      const text = JSON.stringify(await exportUnsynced(author.db));
      await saveBeneficiary(author.db, undefined, person('Léa', 'Blanc'));
      const file = JSON.parse(JSON.stringify(await exportUnsynced(author.db))) as Parameters<
        typeof importUnsynced
      >[1];
      expect(text).toBeTruthy();
      // Bypassing the tablet's own check: the server still says no, and nothing of the file is
      // applied; the file's changes are refused, to discard, and the tablet's own still leave.
      await importUnsynced(other.db, file);
      const own = await saveBeneficiary(other.db, undefined, person('Marie', 'Noir'));
      const result = await other.sync();
      expect(result.refused).toBe(1);
      const refusals = await listRefusals(other.db);
      expect(refusals).toHaveLength(1);
      expect(refusals[0]!.refused).toMatchObject({
        code: 'not_your_device',
        message: expect.stringMatching(/collègue/),
      });
      const truth = await serverSnapshot(
        t.store,
        await observer(t.store, s.users['a2@ex.fr']!.userId, s.structureId),
      );
      expect([...truth.records.values()].map((r) => r.nom).sort()).toEqual(['Noir', 'Roux']);
      expect(truth.records.has(`beneficiaries:${own.id}`)).toBe(true);
      await discardChanges(other.db, 'beneficiaries', refusals[0]!.recordId);
      expect(await other.pending()).toBe(0);
      await other.sync();
      expect([...(await other.snapshot()).keys()].sort()).toEqual([...truth.records.keys()].sort());
    } finally {
      await Promise.all([author.close(), other.close()]);
    }
  }, 60_000);
});
