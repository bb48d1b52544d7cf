// @vitest-environment node
// What tablets forget, through the real server on SQLite and PostgreSQL: a deleted beneficiary's
// personal data leaves every tablet (her record and the conflicts that held it), resolved conflicts
// and tombstones the server purged are dropped, binaries nothing refers to any more are removed.
import 'fake-indexeddb/auto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { deleteBeneficiary, saveBeneficiary } from '../../src/data/beneficiaries';
import { putBlob } from '../../src/data/blobs';
import { createBorrower, createItem, createLoan, setLoanPhoto } from '../../src/data/loans';
import { getMeta } from '../../src/data/meta';
import type { StoredConflict } from '../../src/data/sync/apply';
import { resolveConflict } from '../../src/data/sync/conflicts';
import { MISSING_BLOBS_KEY } from '../../src/data/sync/engine';
import { loadIdentity } from '../../src/data/sync/session';
import { collectBlobs, dropPurged } from '../../src/data/sync/retention';
import { beneficiaryInputSchema } from '../../src/domain/beneficiary';
import { itemInputSchema, loanInputSchema } from '../../src/domain/loans';
import type { RecordMeta } from '../../src/domain/records';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device } from './devices';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('what tablets forget, on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let clock = new Date();
  let devices: Device[] = [];

  beforeAll(async () => {
    t = await openTestStore(kind, { tombstoneDays: 30, conflictDays: 10, now: () => clock });
    server = await startTestServer(t.store);
  });
  afterEach(async () => {
    await Promise.all(devices.map((d) => d.close()));
    devices = [];
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  /** Two tablets of two advisors of a new structure. */
  const pair = async () => {
    const s = await seedStructure(
      t.store,
      `S-${crypto.randomUUID()}`,
      ['lea@ex.fr', 'marc@ex.fr'].map((e) => `${crypto.randomUUID().slice(0, 6)}-${e}`),
    );
    const [lea, marc] = Object.values(s.users);
    const a = new Device('a', server.baseUrl);
    const b = new Device('b', server.baseUrl);
    await a.attach(t.store, lea!.userId, s.structureId);
    await b.attach(t.store, marc!.userId, s.structureId);
    devices.push(a, b);
    return [a, b] as const;
  };

  /** Everything a tablet holds about records and conflicts, as text (to look for personal data). */
  const dump = async (d: Device) =>
    JSON.stringify([
      await d.db.beneficiaries.toArray(),
      await d.db.conflicts.toArray(),
      await d.db.outbox.toArray(),
    ]);

  it('takes a deleted beneficiary’s personal data off every tablet, conflicts included', async () => {
    const [a, b] = await pair();
    const jeanne = await saveBeneficiary(
      a.db,
      undefined,
      beneficiaryInputSchema().parse({
        prenom: 'Jeanne',
        nom: 'Durand',
        telephone: '07 55 44 33 22',
        genre: 'feminin',
      }),
    );
    await a.sync();
    await b.sync();
    // Both change her phone before hearing of the other: a conflict on both tablets.
    await a.put('beneficiaries', jeanne.id, { telephone: '+33600000001' });
    await b.put('beneficiaries', jeanne.id, { telephone: '+33600000002' });
    await a.sync();
    await b.sync();
    await a.sync();
    for (const d of [a, b]) expect((await d.conflicts()).map((c) => c.field)).toEqual(['telephone']);
    expect(await dump(b)).toMatch(/33600000001/);

    // Léa deletes her, offline: on her tablet the conflict loses the phones at once.
    await deleteBeneficiary(a.db, jeanne.id);
    const [local] = await a.conflicts();
    expect(local).toMatchObject({ keptValue: null, lostValue: null });
    const record = await a.get<RecordMeta & Record<string, unknown>>('beneficiaries', jeanne.id);
    expect(record).toMatchObject({ deleted: true, genre: 'feminin' });
    expect(record).not.toHaveProperty('nom');

    // Once she syncs, Marc's tablet loses them too, with the record's identity.
    await a.sync();
    await b.sync();
    for (const d of [a, b]) {
      expect(await d.pending()).toBe(0);
      expect(await dump(d)).not.toMatch(/Jeanne|Durand|755443322|33600000001|33600000002/);
      expect((await d.conflicts())[0]).toMatchObject({
        field: 'telephone',
        keptValue: null,
        lostValue: null,
      });
    }
  });

  it('drops the resolved conflicts and the tombstones the server purged, keeps the rest', async () => {
    const [a, b] = await pair();
    const person = (nom: string) =>
      saveBeneficiary(
        a.db,
        undefined,
        beneficiaryInputSchema().parse({ prenom: 'A', nom, genre: 'feminin' }),
      );
    const x = await person('X');
    const gone = await person('Y');
    await a.sync();
    await b.sync();
    // Two conflicts on X; one is resolved on Marc's tablet; Y is deleted.
    await a.put('beneficiaries', x.id, {
      genre: 'masculin',
      anneeNaissance: 1971,
      trancheAge: 'quarante_cinquante_neuf',
    });
    await b.put('beneficiaries', x.id, {
      genre: 'non_communique',
      anneeNaissance: 1972,
      trancheAge: 'quarante_cinquante_neuf',
    });
    await a.sync();
    await b.sync();
    const [genre, annee] = (await b.conflicts()).sort((p, q) => p.field.localeCompare(q.field)).reverse();
    expect([genre!.field, annee!.field]).toEqual(['genre', 'anneeNaissance']);
    await resolveConflict(b.db, genre!.id, 'kept');
    // Deleted by its author (src/domain/permissions.ts).
    await deleteBeneficiary(a.db, gone.id);
    await b.sync();
    await a.sync();
    await b.sync();
    for (const d of [a, b]) {
      expect(await d.db.conflicts.count()).toBe(2);
      expect((await d.get('beneficiaries', gone.id))?.deleted).toBe(true);
    }

    // A month and a half later the server purges; the tablets follow at their next sync.
    clock = new Date(clock.getTime() + 45 * DAY);
    expect(await t.store.purgeResolvedConflicts()).toBeGreaterThanOrEqual(1);
    expect(await t.store.purgeTombstones()).toBeGreaterThanOrEqual(1);
    for (const d of [a, b]) {
      const result = await d.sync();
      expect(result.resynced).toBe(false);
      expect((await d.conflicts()).map((c) => c.id)).toEqual([annee!.id]);
      expect(await d.get('beneficiaries', gone.id)).toBeUndefined();
      expect((await d.get('beneficiaries', x.id))?.deleted).toBeUndefined();
    }
    clock = new Date();
  });

  it('drops a tombstone the server took and purged before this tablet ever pulled it', async () => {
    // Found by the sync property test: a record created and deleted here, pushed, the pull that
    // would have brought its server version lost (a captive portal), then the server purges it.
    const [a] = await pair();
    const r = await saveBeneficiary(
      a.db,
      undefined,
      beneficiaryInputSchema().parse({ prenom: 'A', nom: 'W' }),
    );
    await deleteBeneficiary(a.db, r.id);
    a.network.inject('/sync/pull', 'portal');
    await expect(a.sync()).rejects.toThrow();
    a.network.clear();
    expect(await a.db.outbox.count()).toBe(0);
    expect((await a.get<RecordMeta>('beneficiaries', r.id))?.serverVersion).toBeUndefined();

    clock = new Date(clock.getTime() + 45 * DAY);
    expect(await t.store.purgeTombstones()).toBeGreaterThanOrEqual(1);
    await a.sync();
    expect(await a.get('beneficiaries', r.id)).toBeUndefined();
    clock = new Date();
  });

  it('keeps a purged tombstone that still carries a change of this tablet, and a resolution not yet sent', async () => {
    const [a] = await pair();
    const r = await saveBeneficiary(
      a.db,
      undefined,
      beneficiaryInputSchema().parse({ prenom: 'A', nom: 'Z' }),
    );
    await deleteBeneficiary(a.db, r.id);
    await a.sync();
    const tombstone = (await a.get<RecordMeta>('beneficiaries', r.id))!;
    await a.db.conflicts.put({
      id: crypto.randomUUID(),
      table: 'beneficiaries',
      recordId: r.id,
      field: 'genre',
      keptValue: 'feminin',
      lostValue: 'masculin',
      detectedAt: new Date().toISOString(),
      resolvedAt: new Date().toISOString(),
      resolution: 'kept',
      resolutionPending: true,
      serverVersion: 1,
    } as never);
    await a.put('beneficiaries', r.id, { genre: 'feminin' });
    const marks = { tombstones: tombstone.serverVersion!, conflicts: tombstone.serverVersion! };
    expect(await dropPurged(a.db, marks)).toEqual({ records: 0, conflicts: 0 });
    await a.db.outbox.clear();
    await a.db.conflicts.toCollection().modify((c) => void ((c as StoredConflict).resolutionPending = false));
    expect(await dropPurged(a.db, marks)).toEqual({ records: 1, conflicts: 1 });
  });

  it('removes the binaries nothing refers to any more', async () => {
    const [a, b] = await pair();
    await loadIdentity(a.db);
    // Distinct little PNGs (the server may check a binary's type from its bytes).
    const png = (text: string) =>
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), text], {
        type: 'image/png',
      });
    const item = await createItem(
      a.db,
      itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-1' }),
    );
    const borrower = await createBorrower(a.db, { anonyme: false, prenom: 'Paul', nom: 'Roche' });
    const loan = await createLoan(
      a.db,
      loanInputSchema.parse({
        itemIds: [item.id],
        beneficiaryId: borrower.id,
        startDate: '2026-03-02',
        plannedReturnDate: '2026-04-02',
      }),
    );
    const photo1 = await putBlob(a.db, png('photo 1'));
    await setLoanPhoto(a.db, loan.id, photo1);
    await a.sync();
    await b.sync();
    expect(await b.db.blobs.get(photo1)).toBeDefined();
    // The photo is taken again: the first one is referred to by nothing any more.
    const photo2 = await putBlob(a.db, png('photo 2'));
    await setLoanPhoto(a.db, loan.id, photo2);
    // A photo taken in a form still open (its draft refers to it), one of a form abandoned two days
    // ago, one taken a minute ago whose form has not autosaved yet.
    const inDraft = await putBlob(a.db, png('draft photo'));
    await a.db.drafts.put({
      id: 'loan:new',
      kind: 'loan',
      path: '/prets/nouveau',
      title: 'Prêt',
      data: { photo: inDraft },
      updatedAt: new Date().toISOString(),
    });
    const abandoned = await putBlob(a.db, png('old photo'));
    await a.db.blobs.update(abandoned, { storedAt: new Date(Date.now() - 2 * DAY).toISOString() });
    const fresh = await putBlob(a.db, png('fresh photo'));
    await a.sync();
    await b.sync();

    expect(await collectBlobs(a.db)).toBe(2);
    expect((await a.db.blobs.toCollection().primaryKeys()).sort()).toEqual([photo2, inDraft, fresh].sort());
    // Marc's tablet fetched the new photo only (not every photo the loan ever had), and drops the old one.
    expect(await getMeta(b.db, MISSING_BLOBS_KEY)).toEqual([]);
    expect(await collectBlobs(b.db)).toBe(1);
    expect(await b.db.blobs.toCollection().primaryKeys()).toEqual([photo2]);
  });
});
