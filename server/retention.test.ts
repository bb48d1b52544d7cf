// @vitest-environment node
// What the server forgets, on both databases: a deleted beneficiary's personal data leaves her
// record and every conflict that held it (in the transaction of the push that deletes), resolved
// conflicts and tombstones are purged after their retention window, and the pull carries the purge
// marks that let devices forget the same things.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import { BENEFICIARY_PERSONAL_FIELDS } from '../src/domain/retention';
import type { Mutation, PullResponse, SyncConflict } from '../src/domain/sync';
import { hashToken, newToken } from './crypto';
import type { Principal, Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, type TestStore } from './test-support';

const device = async (store: Store, structureId: string, userId: string): Promise<Principal> => {
  const token = newToken();
  await store.registerDevice({ deviceId: randomUUID(), userId, structureId, tokenHash: hashToken(token) });
  return (await store.authenticate(hashToken(token)))!;
};

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('retention on %s', (kind) => {
  let t: TestStore;
  let clock = new Date('2026-01-01T08:00:00Z');
  let alice: Principal;
  let bob: Principal;
  const seqs = new Map<string, number>();

  beforeAll(async () => {
    t = await openTestStore(kind, { tombstoneDays: 30, conflictDays: 10, now: () => clock });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const structure = async () => {
    const s = await seedStructure(t.store, `S-${newId()}`, [`a-${newId()}@ex.fr`, `b-${newId()}@ex.fr`]);
    const [a, b] = Object.values(s.users);
    alice = await device(t.store, s.structureId, a!.userId);
    bob = await device(t.store, s.structureId, b!.userId);
  };

  /** Pushes one mutation of `who` (its next seq) on a beneficiary. */
  const push = async (who: Principal, recordId: string, patch: Record<string, unknown>, baseVersion = 0) => {
    const seq = (seqs.get(who.deviceId) ?? 0) + 1;
    seqs.set(who.deviceId, seq);
    const mutation: Mutation = {
      seq,
      table: 'beneficiaries',
      recordId,
      op: patch.deleted ? 'delete' : 'put',
      patch,
      baseVersion,
      at: clock.toISOString(),
    };
    return t.store.push(who, { deviceId: who.deviceId, mutations: [mutation] });
  };

  const pullAll = async (who: Principal, from = 0) => {
    const records = new Map<string, PullResponse['records'][number]>();
    const conflicts = new Map<string, SyncConflict>();
    let cursor = from;
    let purged: PullResponse['purged'];
    for (;;) {
      const page = await t.store.pull(who, cursor, 4);
      if (page === 'resync') return 'resync' as const;
      for (const r of page.records) records.set(r.id, r);
      for (const c of page.conflicts) conflicts.set(c.id, c);
      cursor = page.cursor;
      purged = page.purged;
      if (!page.more) break;
    }
    return { records, conflicts, cursor, purged };
  };
  const pulled = async (who: Principal, from = 0) => {
    const result = await pullAll(who, from);
    if (result === 'resync') throw new Error('unexpected resync');
    return result;
  };

  const identity = {
    prenom: 'Jeanne',
    nom: 'Durand',
    telephone: '+33755443322',
    email: 'jeanne@ex.fr',
    adresse: '3 rue du Lot',
    notes: 'Vient le mardi',
    sortKey: 'durand jeanne',
    searchTokens: ['jeanne', 'durand', '0755443322'],
  };

  it('anonymises a deleted beneficiary’s conflicts in the push that deletes her, and every device hears of it', async () => {
    await structure();
    const id = newId();
    await push(alice, id, { ...identity, genre: 'feminin', anonyme: false });
    const base = (await pulled(bob)).records.get(id)!.version;
    // Both advisors change her phone and her genre on the same base: two conflicts.
    await push(alice, id, { telephone: '+33600000001', genre: 'masculin' }, base);
    expect(
      (await push(bob, id, { telephone: '+33600000002', genre: 'non_communique' }, base)).conflicts,
    ).toBe(2);
    const before = await pulled(bob);
    expect([...before.conflicts.values()].map((c) => c.field).sort()).toEqual(['genre', 'telephone']);
    const phone = [...before.conflicts.values()].find((c) => c.field === 'telephone')!;
    // One of them is settled: resolved conflicts are anonymised too (until they are purged).
    await t.store.push(alice, {
      deviceId: alice.deviceId,
      mutations: [],
      resolutions: [{ conflictId: phone.id, choice: 'kept' }],
    });
    const cursor = (await pulled(bob)).cursor;

    // Alice deletes her. The device clears the personal fields; this one forgets the notes: the
    // server clears them anyway.
    const latest = (await pulled(alice)).records.get(id)!.version;
    await push(alice, id, { deleted: true, prenom: null, nom: null, telephone: null }, latest);

    const after = await pulled(bob, cursor);
    const record = after.records.get(id)!;
    expect(record.deleted).toBe(true);
    for (const field of BENEFICIARY_PERSONAL_FIELDS) expect(record.data).not.toHaveProperty(field);
    expect(record.data).toMatchObject({ genre: 'non_communique' });
    // The conflicts come again, with a new version, without her phone; the genre's is untouched.
    const changed = [...after.conflicts.values()];
    expect(changed.map((c) => c.id)).toEqual([phone.id]);
    expect(changed[0]).toMatchObject({
      field: 'telephone',
      keptValue: null,
      lostValue: null,
      resolution: 'kept',
    });
    expect(changed[0]!.version).toBeGreaterThan(cursor);
    const all = await pulled(bob);
    expect(all.conflicts.get(phone.id)).toMatchObject({ keptValue: null, lostValue: null });
    expect([...all.conflicts.values()].find((c) => c.field === 'genre')).toMatchObject({
      keptValue: 'non_communique',
      lostValue: 'masculin',
    });
    // Nothing of hers is left in any record or conflict the server holds.
    expect(JSON.stringify([...all.records.values(), ...all.conflicts.values()])).not.toMatch(
      /Jeanne|Durand|0755443322|33600000001|33600000002|jeanne@|rue du Lot|mardi/,
    );
  });

  it('keeps no personal data in the conflicts a deletion creates, either way round', async () => {
    await structure();
    // A deletion that meets a colleague's edit: the record as it was, less her identity.
    const x = newId();
    await push(alice, x, { ...identity, genre: 'feminin', anonyme: false });
    const base = (await pulled(bob)).records.get(x)!.version;
    await push(bob, x, { notes: 'Nouvelle note', anneeNaissance: 1950 }, base);
    expect((await push(alice, x, { deleted: true, nom: null, prenom: null }, base)).conflicts).toBe(1);
    // An edit that meets the deletion: the edit is kept for review, without the personal values.
    expect(
      (await push(bob, x, { telephone: '+33611111111', statutSocial: 'retraite' }, base)).conflicts,
    ).toBe(1);
    const { conflicts } = await pulled(bob);
    const [deletion, edit] = [...conflicts.values()].sort((a, b) => a.version - b.version);
    expect(deletion).toMatchObject({ field: 'deleted', keptValue: true });
    expect(deletion!.lostValue).toMatchObject({ anneeNaissance: 1950, genre: 'feminin', anonyme: true });
    expect(edit).toMatchObject({ field: 'deleted', lostValue: { statutSocial: 'retraite', anonyme: true } });
    expect(JSON.stringify([...conflicts.values()])).not.toMatch(/Jeanne|Durand|Nouvelle note|33611111111/);
  });

  it('purges resolved conflicts after their window and tells devices through a purge mark', async () => {
    await structure();
    const id = newId();
    await push(alice, id, { prenom: 'Léa', nom: 'Roux', genre: 'feminin' });
    const base = (await pulled(bob)).records.get(id)!.version;
    await push(alice, id, { genre: 'masculin' }, base);
    await push(bob, id, { genre: 'non_communique' }, base);
    await push(alice, id, { anneeNaissance: 1980 }, base);
    await push(bob, id, { anneeNaissance: 1981 }, base);
    const { conflicts } = await pulled(bob);
    const [first, second] = [...conflicts.values()];
    await t.store.push(bob, {
      deviceId: bob.deviceId,
      mutations: [],
      resolutions: [{ conflictId: first!.id, choice: 'lost' }],
    });
    const resolvedAt = await pulled(bob);
    expect(resolvedAt.purged).toEqual({ tombstones: 0, conflicts: 0 });

    // Nine days later nothing goes; eleven days later the resolved one does, the open one stays.
    clock = new Date(clock.getTime() + 9 * DAY);
    await t.store.purgeResolvedConflicts();
    expect((await pulled(bob)).conflicts.size).toBe(2);
    clock = new Date(clock.getTime() + 2 * DAY);
    expect(await t.store.purgeResolvedConflicts()).toBeGreaterThanOrEqual(1);
    const after = await pulled(bob);
    expect([...after.conflicts.keys()]).toEqual([second!.id]);
    const mark = after.purged!.conflicts;
    expect(mark).toBe(resolvedAt.conflicts.get(first!.id)!.version);
    // A device that has seen everything up to the mark pulls on; one that has not starts again.
    expect(await pullAll(bob, resolvedAt.cursor)).not.toBe('resync');
    expect(await pullAll(bob, mark - 1)).toBe('resync');
    // Purging again changes nothing.
    expect(await t.store.purgeResolvedConflicts()).toBe(0);
    expect((await pulled(bob)).purged!.conflicts).toBe(mark);
  });

  it('purges exactly the tombstones at or below its mark', async () => {
    await structure();
    const [a, b, c] = [newId(), newId(), newId()];
    await push(alice, a, { prenom: 'Léa', nom: 'A' });
    await push(alice, b, { prenom: 'Léa', nom: 'B' });
    await push(alice, c, { prenom: 'Léa', nom: 'C' });
    const v = (await pulled(alice)).records;
    await push(alice, a, { deleted: true }, v.get(a)!.version);
    clock = new Date(clock.getTime() + 31 * DAY);
    await push(alice, b, { deleted: true }, v.get(b)!.version);
    // (Other structures of this file have old tombstones too.)
    expect(await t.store.purgeTombstones()).toBeGreaterThanOrEqual(1);
    const { records, purged } = await pulled(alice);
    expect([...records.keys()].sort()).toEqual([b, c].sort());
    expect(purged!.tombstones).toBeGreaterThan(v.get(c)!.version);
    expect(purged!.tombstones).toBeLessThan(records.get(b)!.version);
  });
});
