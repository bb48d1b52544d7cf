// @vitest-environment node
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import type { Mutation, PullResponse } from '../src/domain/sync';
import { AccountStore } from './accounts';
import { hashToken, newToken } from './crypto';
import type { Principal, Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, type TestStore } from './test-support';

const device = async (store: Store, structureId: string, userId: string): Promise<Principal> => {
  const deviceId = randomUUID();
  const token = newToken();
  await store.registerDevice({ deviceId, userId, structureId, tokenHash: hashToken(token) });
  return (await store.authenticate(hashToken(token)))!;
};

/** A valid beneficiary patch: a creation carries the identity the record needs. */
const person = (nom: string, prenom = 'Léa'): Record<string, unknown> => ({ anonyme: false, prenom, nom });
const commune = (nom: string, codeInsee: string, codePostal: string) => ({ codeInsee, nom, codePostal });
const CAHORS = commune('Cahors', '46042', '46000');
const FIGEAC = commune('Figeac', '46102', '46100');
const AGEN = commune('Agen', '47001', '47000');

/** Each device's next mutation id (ids follow each other without gaps). */
const seqs = new Map<string, number>();
const next = (who: Principal): number => {
  const seq = (seqs.get(who.deviceId) ?? 0) + 1;
  seqs.set(who.deviceId, seq);
  return seq;
};

const mutation = (
  seq: number,
  recordId: string,
  patch: Record<string, unknown>,
  baseVersion = 0,
): Mutation => ({
  seq,
  table: 'beneficiaries',
  recordId,
  op: patch.deleted ? 'delete' : 'put',
  patch,
  baseVersion,
  at: new Date().toISOString(),
});

const pullAll = async (store: Store, who: Principal, from = 0, limit = 3) => {
  const records = new Map<string, { version: number; data: Record<string, unknown>; deleted: boolean }>();
  const conflicts: PullResponse['conflicts'] = [];
  let cursor = from;
  for (;;) {
    const page = await store.pull(who, cursor, limit);
    if (page === 'resync') throw new Error('resync');
    for (const r of page.records) records.set(r.id, r);
    conflicts.push(...page.conflicts);
    cursor = page.cursor;
    if (!page.more) break;
  }
  return { records, conflicts, cursor };
};

describe.each(DATABASE_KINDS)('store on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let structureId: string;
  let alice: Principal;
  let bob: Principal;
  let other: Principal;

  beforeAll(async () => {
    t = await openTestStore(kind, { tombstoneDays: 30 });
    store = t.store;
    const s = await seedStructure(store, 'Espace numérique', ['alice@ex.fr', 'bob@ex.fr']);
    structureId = s.structureId;
    alice = await device(store, structureId, s.users['alice@ex.fr']!.userId);
    bob = await device(store, structureId, s.users['bob@ex.fr']!.userId);
    const o = await seedStructure(store, 'Autre structure', ['eve@ex.fr']);
    other = await device(store, o.structureId, o.users['eve@ex.fr']!.userId);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('lists a person disabled in the structure as disabled (npm run admin -- list-users)', async () => {
    const s = await seedStructure(store, 'Liste', ['actif@ex.fr', 'parti@ex.fr']);
    await new AccountStore(store.db).setDisabled(s.structureId, s.users['parti@ex.fr']!.userId, true);
    const users = await store.listUsers(s.structureId);
    expect(users.map((u) => [u.email, Number(u.disabled)])).toEqual([
      ['actif@ex.fr', 0],
      ['parti@ex.fr', 1],
    ]);
  });

  it('applies each mutation once: a repeated request changes nothing', async () => {
    const id = newId();
    const first = next(alice);
    const request = { deviceId: alice.deviceId, mutations: [mutation(first, id, person('Martin'))] };
    expect(await store.push(alice, request)).toEqual({ ack: first, conflicts: 0 });
    const before = await pullAll(store, bob);
    // The answer says it had them already (a tablet bringing another's file then refreshes).
    expect(await store.push(alice, request)).toEqual({ ack: first, conflicts: 0, skipped: 1 });
    const after = await pullAll(store, bob);
    expect(after.cursor).toBe(before.cursor);
    const record = after.records.get(id)!;
    expect(record.data).toMatchObject({ nom: 'Martin', prenom: 'Léa', structureId, createdBy: alice.userId });
    // Part of a batch already applied: only the new tail is.
    const second = next(alice);
    const result = await store.push(alice, {
      deviceId: alice.deviceId,
      mutations: [
        mutation(first, id, { nom: 'Ignoré' }),
        mutation(second, id, { nom: 'Martin-Duval' }, record.version),
      ],
    });
    expect(result.ack).toBe(second);
    expect((await pullAll(store, bob)).records.get(id)!.data.nom).toBe('Martin-Duval');
  });

  it('merges edits of different fields and records a conflict for the same field', async () => {
    const id = newId();
    await store.push(bob, {
      deviceId: bob.deviceId,
      mutations: [mutation(next(bob), id, { ...person('Petit'), commune: CAHORS })],
    });
    const base = (await pullAll(store, alice)).records.get(id)!.version;
    await store.push(alice, {
      deviceId: alice.deviceId,
      mutations: [mutation(next(alice), id, { nom: 'Petit-Jean' }, base)],
    });
    const r1 = await store.push(bob, {
      deviceId: bob.deviceId,
      mutations: [
        mutation(next(bob), id, { commune: FIGEAC }, base),
        mutation(next(bob), id, { nom: 'Petitjean' }, base),
      ],
    });
    expect(r1.conflicts).toBe(1);
    const { records, conflicts } = await pullAll(store, alice);
    expect(records.get(id)!.data).toMatchObject({ nom: 'Petitjean', commune: FIGEAC });
    const conflict = conflicts.find((c) => c.recordId === id)!;
    expect(conflict).toMatchObject({ field: 'nom', keptValue: 'Petitjean', lostValue: 'Petit-Jean' });
    expect(conflict.lostBy).toBe(alice.userId);
    // The same device editing twice on an old base is not a conflict with itself.
    const r2 = await store.push(bob, {
      deviceId: bob.deviceId,
      mutations: [mutation(next(bob), id, { nom: 'Petit' }, base)],
    });
    expect(r2.conflicts).toBe(0);
    // Resolving is idempotent and travels to every device.
    await store.push(alice, {
      deviceId: alice.deviceId,
      mutations: [],
      resolutions: [{ conflictId: conflict.id, choice: 'kept' }],
    });
    await store.push(bob, {
      deviceId: bob.deviceId,
      mutations: [],
      resolutions: [{ conflictId: conflict.id, choice: 'lost' }],
    });
    const resolved = (await pullAll(store, bob)).conflicts.filter((c) => c.id === conflict.id).at(-1)!;
    expect(resolved).toMatchObject({ resolution: 'kept', resolvedBy: alice.userId });
  });

  it('keeps an edit that meets a deletion, and a deletion that meets edits, in conflicts', async () => {
    const id = newId();
    await store.push(bob, { deviceId: bob.deviceId, mutations: [mutation(next(bob), id, person('Roux'))] });
    const base = (await pullAll(store, alice)).records.get(id)!.version;
    await store.push(bob, {
      deviceId: bob.deviceId,
      mutations: [mutation(next(bob), id, { deleted: true, nom: null }, base)],
    });
    const r = await store.push(alice, {
      deviceId: alice.deviceId,
      mutations: [mutation(next(alice), id, { anneeNaissance: 1950 }, base)],
    });
    expect(r.conflicts).toBe(1);
    const { records, conflicts } = await pullAll(store, alice);
    expect(records.get(id)!.deleted).toBe(true);
    expect(conflicts.find((c) => c.recordId === id)).toMatchObject({
      field: 'deleted',
      lostValue: { anneeNaissance: 1950 },
    });

    const id2 = newId();
    await store.push(bob, { deviceId: bob.deviceId, mutations: [mutation(next(bob), id2, person('Blanc'))] });
    const base2 = (await pullAll(store, alice)).records.get(id2)!.version;
    await store.push(alice, {
      deviceId: alice.deviceId,
      mutations: [mutation(next(alice), id2, { commune: AGEN }, base2)],
    });
    const d = await store.push(bob, {
      deviceId: bob.deviceId,
      mutations: [mutation(next(bob), id2, { deleted: true }, base2)],
    });
    expect(d.conflicts).toBe(1);
    const after = await pullAll(store, bob);
    expect(after.records.get(id2)!.deleted).toBe(true);
    // The record as it was, less the personal data that left with the deletion (server/retention.test.ts).
    expect(after.conflicts.find((c) => c.recordId === id2)!.lostValue).toMatchObject({ commune: AGEN });
  });

  it('never lets a structure read or write another structure’s records', async () => {
    const id = newId();
    await store.push(alice, {
      deviceId: alice.deviceId,
      mutations: [mutation(next(alice), id, person('Secret'))],
    });
    // Another structure's device naming that id: its change is refused, the rest of its batch lands.
    const mine = newId();
    const taken = await store.push(other, {
      deviceId: other.deviceId,
      mutations: [mutation(next(other), id, { nom: 'Pris' }), mutation(next(other), mine, person('Autre'))],
    });
    expect(taken.ack).toBe(seqs.get(other.deviceId));
    expect(taken.refused).toEqual([
      expect.objectContaining({ seq: taken.ack - 1, code: 'foreign_record', current: null }),
    ]);
    await expect(
      store.push(other, { deviceId: alice.deviceId, mutations: [mutation(1, newId(), person('X'))] }),
    ).rejects.toMatchObject({ status: 403 });
    const seen = await pullAll(store, other);
    expect(seen.records.has(id)).toBe(false);
    expect(seen.records.has(mine)).toBe(true);
    expect([...seen.records.values()].every((r) => r.data.structureId !== structureId)).toBe(true);
    // The rejected request changed nothing, not even the device's mutation counter.
    expect((await store.push(other, { deviceId: other.deviceId, mutations: [] })).ack).toBe(taken.ack);
    expect((await pullAll(store, alice)).records.get(id)!.data.nom).toBe('Secret');
  });

  it('tells a device offline longer than tombstones are kept to resync', async () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const t2 = await openTestStore(kind, { tombstoneDays: 30, now: () => clock });
    try {
      const s = await seedStructure(t2.store, 'S', ['a@ex.fr']);
      const a = await device(t2.store, s.structureId, s.users['a@ex.fr']!.userId);
      const keep = newId();
      const gone = newId();
      await t2.store.push(a, {
        deviceId: a.deviceId,
        mutations: [mutation(1, keep, person('A')), mutation(2, gone, person('B'))],
      });
      const oldCursor = (await pullAll(t2.store, a)).cursor;
      await t2.store.push(a, {
        deviceId: a.deviceId,
        mutations: [mutation(3, gone, { deleted: true }, oldCursor)],
      });
      clock = new Date('2026-03-01T00:00:00Z');
      expect(await t2.store.purgeTombstones()).toBe(1);
      expect(await t2.store.pull(a, oldCursor, 10)).toBe('resync');
      const full = await pullAll(t2.store, a, 0);
      expect([...full.records.keys()]).toEqual([keep]);
    } finally {
      await t2.cleanup();
    }
  });
});

describe('store on postgres under concurrent writers', () => {
  it('never lets a pull cursor skip a change committed late by a concurrent push', async () => {
    const t = await openTestStore('postgres');
    try {
      const s = await seedStructure(t.store, 'S', ['a@ex.fr', 'b@ex.fr', 'c@ex.fr', 'd@ex.fr']);
      const writers = await Promise.all(
        Object.values(s.users).map((u) => device(t.store, s.structureId, u.userId)),
      );
      const reader = writers[0]!;
      let writing = true;
      const pullFrom = async (state: { cursor: number; seen: Map<string, number> }, limit: number) => {
        const page = await t.store.pull(reader, state.cursor, limit);
        if (page === 'resync') throw new Error('resync');
        for (const r of page.records) state.seen.set(r.id, r.version);
        state.cursor = page.cursor;
        return page.more;
      };
      // Readers page through the changes while four devices push: each keeps its own cursor.
      const poll = async () => {
        const state = { cursor: 0, seen: new Map<string, number>() };
        while (writing) await pullFrom(state, 7);
        // Catch up from where the concurrent pulls stopped: nothing may be missing.
        while (await pullFrom(state, 50));
        return state.seen;
      };
      const FIELDS = ['nom', 'prenom', 'notes'];
      const write = async (who: Principal) => {
        const ids = Array.from({ length: 6 }, () => newId());
        for (let seq = 1; seq <= 25; seq++) {
          const id = ids[seq % ids.length]!;
          await t.store.push(who, {
            deviceId: who.deviceId,
            mutations: [
              mutation(seq, id, seq <= ids.length ? person(`N${seq}`) : { [FIELDS[seq % 3]!]: `v${seq}` }),
            ],
          });
        }
      };
      const pollers = [poll(), poll(), poll()];
      await Promise.all(writers.map(write));
      writing = false;
      const results = await Promise.all(pollers);
      const truth = await pullAll(t.store, reader, 0, 1000);
      expect(truth.records.size).toBe(24);
      const expected = new Map([...truth.records].map(([id, r]) => [id, r.version]));
      for (const seen of results) expect(seen).toEqual(expected);
    } finally {
      await t.cleanup();
    }
  });
});
