// @vitest-environment node
// Issue 10, item 1: a form saved after a pull never reverts a colleague's change. Two tablets
// against the real server (SQLite and PostgreSQL): an edit keeps the record it was opened from,
// sends only what the advisor changed with that record's version, and the server merges the rest
// or records a real same-field conflict.
import 'fake-indexeddb/auto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { activityFields, createActivity, updateActivity } from '../../src/data/activities';
import { beneficiaryFields, saveBeneficiary, sortKeyOf } from '../../src/data/beneficiaries';
import {
  editBaseOf,
  editFields,
  openEdit,
  resumeEditDraft,
  saveEdit,
  saveEditDraft,
} from '../../src/data/edits';
import { createLieu, lieuFields, updateLieu } from '../../src/data/lieux';
import { activityInputSchema, type Activity } from '../../src/domain/activity';
import { beneficiaryInputSchema, type Beneficiary } from '../../src/domain/beneficiary';
import type { Lieu } from '../../src/domain/lieu';
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

describe.each(DATABASE_KINDS)('edits saved against their base on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let devices: Device[] = [];
  let structure: Awaited<ReturnType<typeof seedStructure>>;
  let watcher: Principal;

  beforeAll(async () => {
    t = await openTestStore(kind);
    server = await startTestServer(t.store);
    structure = await seedStructure(t.store, 'Tiers-lieu', ['lea@ex.fr', 'marc@ex.fr']);
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

  const tablet = async (email: string) => {
    const device = new Device(email.split('@')[0]!, server.baseUrl);
    await device.signIn(email, structure.users[email]!.password);
    devices.push(device);
    return device;
  };

  const onServer = async (table: string, id: string) =>
    (await serverSnapshot(t.store, watcher)).records.get(`${table}:${id}`);
  const conflictsOn = async (id: string) =>
    [...(await serverSnapshot(t.store, watcher)).conflicts.values()].filter(
      (c) => (c as { recordId: string }).recordId === id,
    );

  const germaine = beneficiaryInputSchema().parse({
    prenom: 'Germaine',
    nom: 'Lacombe',
    telephone: '05 65 11 22 33',
    notes: 'Première visite',
  });

  /** Two tablets that both hold Germaine's fiche, synced. */
  const twoTablets = async () => {
    const a = await tablet('lea@ex.fr');
    const b = await tablet('marc@ex.fr');
    const created = await saveBeneficiary(a.db, undefined, germaine);
    await a.sync();
    await b.sync();
    return { a, b, id: created.id };
  };

  it('keeps a colleague’s phone when the form opened before the pull saves only the notes', async () => {
    const { a, b, id } = await twoTablets();
    // Tablet A opens the form: its base is the fiche as it is now.
    const opened = (await a.get<Beneficiary>('beneficiaries', id))!;
    const base = editBaseOf(opened, beneficiaryFields(germaine));
    // Tablet B changes the phone and syncs; A pulls in the background while the form stays open.
    const onB = (await b.get<Beneficiary>('beneficiaries', id))!;
    await saveBeneficiary(b.db, id, { ...germaine, telephone: '+33755443322' }, new Date(), editBaseOf(onB));
    await b.sync();
    await a.sync();
    expect((await a.get<Beneficiary>('beneficiaries', id))?.telephone).toBe('+33755443322');
    // A changes only the notes (the form still shows the old phone) and saves.
    const typed = { ...germaine, notes: 'Rappeler lundi' };
    await saveBeneficiary(a.db, id, typed, new Date(), base);
    const [entry] = await a.db.outbox.toArray();
    expect(entry).toMatchObject({ patch: { notes: 'Rappeler lundi' }, baseVersion: opened.serverVersion });
    await a.sync();
    await b.sync();
    for (const record of [
      await onServer('beneficiaries', id),
      await a.get<Beneficiary>('beneficiaries', id),
      await b.get<Beneficiary>('beneficiaries', id),
    ]) {
      expect(record).toMatchObject({ telephone: '+33755443322', notes: 'Rappeler lundi' });
    }
    expect(await conflictsOn(id)).toEqual([]);
  });

  it('records a real same-field conflict when both changed the phone', async () => {
    const { a, b, id } = await twoTablets();
    const base = editBaseOf((await a.get<Beneficiary>('beneficiaries', id))!, beneficiaryFields(germaine));
    await saveBeneficiary(b.db, id, { ...germaine, telephone: '+33755443322' }, new Date(), base);
    await b.sync();
    await a.sync();
    // A typed another number on the form opened before the pull.
    await saveBeneficiary(a.db, id, { ...germaine, telephone: '+33611111111' }, new Date(), base);
    await a.sync();
    await b.sync();
    expect(await onServer('beneficiaries', id)).toMatchObject({ telephone: '+33611111111' });
    expect(await conflictsOn(id)).toMatchObject([
      { field: 'telephone', keptValue: '+33611111111', lostValue: '+33755443322' },
    ]);
    for (const device of [a, b]) {
      expect((await device.conflicts()).map((c) => c.field)).toEqual(['telephone']);
    }
  });

  it('recomputes the derived fields on the merged record, never sending a stale copy', async () => {
    const { a, b, id } = await twoTablets();
    const base = editBaseOf((await a.get<Beneficiary>('beneficiaries', id))!, beneficiaryFields(germaine));
    // Offline on both: A changes the name, B the first name.
    await saveBeneficiary(a.db, id, { ...germaine, nom: 'Lacombe-Roux' }, new Date(), base);
    await saveBeneficiary(b.db, id, { ...germaine, prenom: 'Germaine-Marie' }, new Date(), base);
    const [entry] = await a.db.outbox.toArray();
    expect(Object.keys(entry!.patch).sort()).toEqual(['nom', 'searchTokens', 'sortKey']);
    await a.sync();
    await b.sync();
    await a.sync();
    for (const device of [a, b]) {
      const record = (await device.get<Beneficiary>('beneficiaries', id))!;
      expect(record).toMatchObject({ prenom: 'Germaine-Marie', nom: 'Lacombe-Roux' });
      expect(record.sortKey).toBe(
        sortKeyOf({ anonyme: false, prenom: 'Germaine-Marie', nom: 'Lacombe-Roux' }),
      );
      expect(record.searchTokens).toEqual(expect.arrayContaining(['germaine', 'marie', 'lacombe', 'roux']));
    }
    expect(await conflictsOn(id)).toEqual([]);
  });

  it('an activity and a lieu edited on two tablets keep both changes', async () => {
    const a = await tablet('lea@ex.fr');
    // Léa's second tablet: an activity is edited by its author only (src/domain/permissions.ts).
    const b = await tablet('lea@ex.fr');
    const input = activityInputSchema.parse({
      type: 'individuel',
      date: '2026-03-02',
      duree: 60,
      typeLieu: 'a_distance',
      thematiques: ['email'],
      notes: 'Créer une adresse',
    });
    const activity = await createActivity(a.db, input);
    const lieu = await createLieu(a.db, { nom: 'Médiathèque', adresse: '1 place du Marché' });
    await a.sync();
    await b.sync();
    const activityBase = editBaseOf(
      (await a.get<Activity>('activities', activity.id))!,
      activityFields(input),
    );
    const lieuBase = editBaseOf(
      (await a.get<Lieu>('lieux', lieu.id))!,
      lieuFields({ nom: 'Médiathèque', adresse: '1 place du Marché' }),
    );
    await updateActivity(b.db, activity.id, { ...input, duree: 90 }, activityBase);
    await updateLieu(b.db, lieu.id, { nom: 'Médiathèque de Figeac', adresse: '1 place du Marché' }, lieuBase);
    await b.sync();
    await a.sync();
    await updateActivity(a.db, activity.id, { ...input, notes: 'Adresse créée' }, activityBase);
    await updateLieu(a.db, lieu.id, { nom: 'Médiathèque', adresse: '2 place du Marché' }, lieuBase);
    await a.sync();
    await b.sync();
    for (const device of [a, b]) {
      expect(await device.get('activities', activity.id)).toMatchObject({
        duree: 90,
        notes: 'Adresse créée',
      });
      expect(await device.get('lieux', lieu.id)).toMatchObject({
        nom: 'Médiathèque de Figeac',
        adresse: '2 place du Marché',
      });
    }
    expect([...(await conflictsOn(activity.id)), ...(await conflictsOn(lieu.id))]).toEqual([]);
  });

  it('a draft resumed after a pull says what the colleague changed, and saves against its base', async () => {
    const { a, b, id } = await twoTablets();
    const edit = (await openEdit(a.db, 'beneficiaries', id))!;
    await saveEditDraft(a.db, `beneficiary:${id}`, editFields(edit, { notes: 'Rappeler lundi' }));
    const onB = (await openEdit(b.db, 'beneficiaries', id))!;
    await saveEdit(b.db, 'beneficiaries', id, editFields(onB, { telephone: '+33755443322' }));
    await b.sync();
    await a.sync();
    const resumed = (await resumeEditDraft(a.db, `beneficiary:${id}`, 'beneficiaries', id))!;
    expect(resumed.review).toMatchObject([
      { field: 'telephone', theirs: { telephone: '+33755443322' }, conflict: false, choice: 'theirs' },
    ]);
    expect(resumed.state).toMatchObject({ telephone: '+33755443322', notes: 'Rappeler lundi' });
    await saveEdit(a.db, 'beneficiaries', id, resumed);
    await a.sync();
    await b.sync();
    expect(await onServer('beneficiaries', id)).toMatchObject({
      telephone: '+33755443322',
      notes: 'Rappeler lundi',
    });
    expect(await conflictsOn(id)).toEqual([]);
  });
});
