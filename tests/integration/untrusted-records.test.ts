// @vitest-environment node
// Tablets and the real server (HTTP, both databases) when something is wrong with a record:
// a change the server refuses stays visible on its tablet, blocks nothing, and can be corrected or
// discarded; a bad record planted straight in the server's database is set aside by every tablet,
// whose sync goes on.
import 'fake-indexeddb/auto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { listSetAside } from '../../src/data/sync/set-aside';
import { discardChanges, listRefusals, refusalsOf } from '../../src/data/sync/refusals';
import { newId } from '../../src/domain/ids';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device } from './devices';

const person = (nom: string) => ({ anonyme: false, prenom: 'Léa', nom });

describe.each(DATABASE_KINDS)('records the server cannot trust, on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let devices: Device[] = [];
  let structure: Awaited<ReturnType<typeof seedStructure>>;

  beforeAll(async () => {
    t = await openTestStore(kind);
    server = await startTestServer(t.store);
    structure = await seedStructure(t.store, 'Tiers-lieu', ['lea@ex.fr', 'marc@ex.fr']);
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

  it('keeps a refused change visible, sends the rest, and lets the advisor correct it', async () => {
    const lea = await tablet('lea@ex.fr');
    const marc = await tablet('marc@ex.fr');
    const r = await lea.put('beneficiaries', undefined, person('Roux'));
    await lea.sync();
    // A change the server refuses (an e-mail it cannot take), then one it takes.
    await lea.put('beneficiaries', r.id, { email: 'pas-une-adresse', notes: 'Rappeler lundi' });
    const other = await lea.put('beneficiaries', undefined, person('Blanc'));
    const result = await lea.sync();
    expect(result.refused).toBe(1);
    const [refusal] = await refusalsOf(lea.db, 'beneficiaries', r.id);
    expect(refusal!.refused).toMatchObject({ code: 'invalid', fields: { email: expect.any(String) } });
    expect(refusal!.refused.message).toMatch(/email/);
    // Still on her tablet, as she typed it; not on Marc's; the rest went through.
    expect(await lea.get('beneficiaries', r.id)).toMatchObject({
      email: 'pas-une-adresse',
      notes: 'Rappeler lundi',
    });
    await marc.sync();
    expect(await marc.get('beneficiaries', r.id)).not.toHaveProperty('notes');
    expect(await marc.get('beneficiaries', other.id)).toMatchObject({ nom: 'Blanc' });
    // A pull does not hide it either (the refused change is rebased like any pending one).
    await marc.put('beneficiaries', r.id, { telephone: '0612345678' });
    await marc.sync();
    await lea.sync();
    expect(await lea.get('beneficiaries', r.id)).toMatchObject({
      email: 'pas-une-adresse',
      notes: 'Rappeler lundi',
      telephone: '0612345678',
    });
    // She corrects the e-mail: the change carries the refused one's fields too, and is accepted.
    await lea.put('beneficiaries', r.id, { email: 'roux@exemple.fr' });
    expect((await lea.sync()).refused).toBe(0);
    expect(await listRefusals(lea.db)).toEqual([]);
    expect(await lea.pending()).toBe(0);
    await marc.sync();
    expect(await marc.get('beneficiaries', r.id)).toMatchObject({
      email: 'roux@exemple.fr',
      notes: 'Rappeler lundi',
      telephone: '0612345678',
    });
  });

  it('lets the advisor discard a refused change: the record takes back the server’s state', async () => {
    const lea = await tablet('lea@ex.fr');
    const marc = await tablet('marc@ex.fr');
    const r = await marc.put('beneficiaries', undefined, person('Martin'));
    await marc.sync();
    await lea.sync();
    // Deleting a colleague's beneficiary is for its author or a coordinateur.
    await lea.remove('beneficiaries', r.id);
    expect((await lea.sync()).refused).toBe(1);
    expect(await lea.get('beneficiaries', r.id)).toMatchObject({ deleted: true });
    // Marc edits it meanwhile: the server state kept for discarding follows.
    await marc.put('beneficiaries', r.id, { notes: 'Nouvelle adresse' });
    await marc.sync();
    await lea.sync();
    await discardChanges(lea.db, 'beneficiaries', r.id);
    const restored = await lea.get<Record<string, unknown>>('beneficiaries', r.id);
    expect(restored).toMatchObject({ nom: 'Martin', notes: 'Nouvelle adresse' });
    expect(restored).not.toHaveProperty('deleted');
    expect(await lea.pending()).toBe(0);
    expect((await lea.sync()).refused).toBe(0);
  });

  it('discards a refused change and what was typed on it since, and the changes after it still reach the server', async () => {
    const lea = await tablet('lea@ex.fr');
    const marc = await tablet('marc@ex.fr');
    const r = await lea.put('beneficiaries', undefined, person('Roux'));
    await lea.sync();
    await lea.put('beneficiaries', r.id, { email: 'pas-une-adresse' });
    expect((await lea.sync()).refused).toBe(1);
    // Offline, she types more on that fiche, then on another one, then takes the first back: the
    // change typed on it since was never sent, so its mutation id is a hole in what the tablet sends.
    await lea.put('beneficiaries', r.id, { notes: 'À rappeler' });
    const other = await lea.put('beneficiaries', undefined, person('Blanc'));
    await discardChanges(lea.db, 'beneficiaries', r.id);
    expect(await lea.get('beneficiaries', r.id)).not.toHaveProperty('notes');
    const result = await lea.sync();
    expect(result.refused).toBe(0);
    expect(await lea.pending()).toBe(0);
    // And once more with nothing left after the hole: the next change is not refused as a gap.
    await lea.put('beneficiaries', r.id, { email: 'encore-faux' });
    expect((await lea.sync()).refused).toBe(1);
    await lea.put('beneficiaries', r.id, { notes: 'Hors ligne' });
    await discardChanges(lea.db, 'beneficiaries', r.id);
    await lea.sync();
    await lea.put('beneficiaries', other.id, { notes: 'Vue mardi' });
    expect((await lea.sync()).refused).toBe(0);
    expect(await lea.pending()).toBe(0);
    await marc.sync();
    expect(await marc.get('beneficiaries', other.id)).toMatchObject({ nom: 'Blanc', notes: 'Vue mardi' });
    expect(await marc.get('beneficiaries', r.id)).toMatchObject({ nom: 'Roux' });
    expect(await marc.get('beneficiaries', r.id)).not.toHaveProperty('notes');
    expect(await marc.get('beneficiaries', r.id)).not.toHaveProperty('email');
  });

  it('sets aside a bad record planted in the server’s database, and the structure’s sync goes on', async () => {
    const lea = await tablet('lea@ex.fr');
    const before = await lea.put('beneficiaries', undefined, person('Avant'));
    await lea.sync();
    // Written straight into the database, as an older server or a hand edit could have: wrong
    // types, an unknown field, a deep value; and a row whose JSON cannot even be read.
    const latest = async () =>
      Number(
        (await t.store.db.get<{ v: number }>('SELECT last_version AS v FROM structures WHERE id = ?', [
          structure.structureId,
        ]))!.v,
      );
    let version = await latest();
    const plant = async (id: string, data: string) => {
      version++;
      await t.store.db.run(
        `INSERT INTO records (tbl, id, structure_id, version, deleted, data, field_versions, blobs, updated_at)
         VALUES ('beneficiaries', ?, ?, ?, 0, ?, '{}', '[]', ?)`,
        [id, structure.structureId, version, data, new Date().toISOString()],
      );
      await t.store.db.run('UPDATE structures SET last_version = ? WHERE id = ?', [
        version,
        structure.structureId,
      ]);
    };
    const deep = (n: number): unknown => (n === 0 ? 1 : [deep(n - 1)]);
    const wrong = newId();
    const unreadable = newId();
    const nested = newId();
    await plant(wrong, JSON.stringify({ id: wrong, prenom: 42, thematiques: 'x', couleur: 'bleu' }));
    await plant(unreadable, '{"nom": "Coupé');
    await plant(nested, JSON.stringify({ id: nested, nom: 'X', commune: deep(3000) }));
    const after = await lea.put('beneficiaries', undefined, person('Après'));

    const marc = await tablet('marc@ex.fr');
    for (const device of [lea, marc]) {
      await device.sync();
      expect(await device.get('beneficiaries', wrong)).toBeUndefined();
      expect(await device.get('beneficiaries', unreadable)).toBeUndefined();
      expect(await device.get('beneficiaries', nested)).toBeUndefined();
      expect(await device.get('beneficiaries', before.id)).toBeDefined();
      expect(await device.get('beneficiaries', after.id)).toBeDefined();
      const aside = await listSetAside(device.db);
      expect(aside.map((a) => a.id).sort()).toEqual([wrong, unreadable, nested].sort());
      expect(aside.find((a) => a.id === wrong)!.fields).toMatchObject({ prenom: expect.any(String) });
      expect(aside.find((a) => a.id === unreadable)!.damaged).toBe(true);
    }
    // Changes after the bad ones still arrive.
    const later = await lea.put('beneficiaries', undefined, person('Plus tard'));
    await lea.sync();
    await marc.sync();
    expect(await marc.get('beneficiaries', later.id)).toBeDefined();
    // Once a valid version replaces it (here a coordinateur's fix in the database), it comes back.
    version = (await latest()) + 1;
    await t.store.db.run('UPDATE records SET data = ?, version = ? WHERE tbl = ? AND id = ?', [
      JSON.stringify({ id: wrong, ...person('Réparé') }),
      version,
      'beneficiaries',
      wrong,
    ]);
    await t.store.db.run('UPDATE structures SET last_version = ? WHERE id = ?', [
      version,
      structure.structureId,
    ]);
    await marc.sync();
    expect(await marc.get('beneficiaries', wrong)).toMatchObject({ nom: 'Réparé' });
    expect((await listSetAside(marc.db)).map((a) => a.id)).not.toContain(wrong);
  });
});
