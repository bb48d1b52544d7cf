// @vitest-environment node
// A push in one call on PostgreSQL (server/push-one-call.ts, server/db/push-function.ts): decided
// from a snapshot, written under the lock by one statement. Other pushes are committed between the
// decision and that statement (the database's own `locking` call, run after them), to see that the
// versions it hands out follow the counter as it is then, field stamps and conflicts included, and
// that a push whose records or device changed under it is decided again under the lock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import type { FieldStamps } from '../src/domain/merge';
import type { Mutation, PullResponse } from '../src/domain/sync';
import type { Database } from './db/sql';
import { Store, type Principal, type PushLockTiming } from './store';
import { openTestStore, seedStructure, signedInDevice, type TestStore } from './test-support';

const NOW = new Date().toISOString();
const activity = (): Record<string, unknown> => ({
  type: 'individuel',
  date: '2026-03-02',
  duree: 60,
  typeLieu: 'a_distance',
  thematiques: ['email'],
  materiel: [],
  beneficiaryIds: [],
});

describe('a push in one call on postgres', () => {
  let t: TestStore;
  /** The store under test: its database runs `between` just before a push's one call. */
  let store: Store;
  let between: (() => Promise<unknown>) | undefined;
  let ways: PushLockTiming['way'][];
  let lea: Principal;
  let marc: Principal;
  const seqs = new Map<string, number>();

  beforeAll(async () => {
    t = await openTestStore('postgres');
    const db = t.store.db;
    const interleaved: Database = {
      ...db,
      locking: async (text, params) => {
        const run = between;
        between = undefined;
        await run?.();
        return db.locking!(text, params);
      },
    };
    store = new Store(interleaved);
    store.onPushLock = ({ way }) => ways.push(way);
    const s = await seedStructure(t.store, 'Mairie', ['lea@ex.fr', 'marc@ex.fr']);
    lea = await signedInDevice(t.store, s.structureId, s.users['lea@ex.fr']!.userId);
    marc = await signedInDevice(t.store, s.structureId, s.users['marc@ex.fr']!.userId);
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  beforeEach(() => {
    ways = [];
    between = undefined;
  });

  const m = (
    who: Principal,
    table: Mutation['table'],
    recordId: string,
    patch: Record<string, unknown>,
    baseVersion = 0,
  ): Mutation => {
    const seq = (seqs.get(who.deviceId) ?? 0) + 1;
    seqs.set(who.deviceId, seq);
    return { seq, table, recordId, op: 'put', patch, baseVersion, at: NOW };
  };
  const request = (who: Principal, ...mutations: Mutation[]) => ({ deviceId: who.deviceId, mutations });
  const stored = async (id: string) => {
    const row = await t.store.db.get<{ version: number; field_versions: string; data: string }>(
      "SELECT version, field_versions, data FROM records WHERE tbl = 'beneficiaries' AND id = ?",
      [id],
    );
    return {
      version: Number(row!.version),
      stamps: JSON.parse(row!.field_versions) as FieldStamps,
      data: JSON.parse(row!.data) as Record<string, unknown>,
    };
  };
  const counter = async () =>
    Number(
      (await t.store.db.get<{ v: number }>('SELECT last_version AS v FROM structures WHERE id = ?', [
        lea.structureId,
      ]))!.v,
    );
  const pullAll = async (who: Principal): Promise<PullResponse> => {
    const page = await t.store.pull(who, 0, 1000);
    if (page === 'resync') throw new Error('resync');
    return page;
  };

  it('writes a push in one call, versions following the counter', async () => {
    const before = await counter();
    const ids = [newId(), newId(), newId()];
    const answer = await store.push(
      lea,
      request(lea, ...ids.map((id) => m(lea, 'activities', id, activity()))),
    );
    expect(answer).toEqual({ ack: seqs.get(lea.deviceId), conflicts: 0 });
    expect(ways).toEqual(['one_call']);
    expect(await counter()).toBe(before + 3);
    const versions = (await pullAll(marc)).records.filter((r) => ids.includes(r.id)).map((r) => r.version);
    expect(versions.sort()).toEqual([before + 1, before + 2, before + 3]);
  });

  it('moves the versions of a push decided before others committed up after theirs: records, stamps, conflicts', async () => {
    const id = newId();
    await t.store.push(
      lea,
      request(lea, m(lea, 'beneficiaries', id, { anonyme: false, prenom: 'Léa', nom: 'Roux' })),
    );
    const created = await stored(id);
    // Marc renames her; Léa, who had not seen it, renames her too (a conflict on nom), and while her
    // push is decided, Marc's tablet pushes two sessions that have nothing to do with hers.
    await t.store.push(marc, request(marc, m(marc, 'beneficiaries', id, { nom: 'Martin' }, created.version)));
    const renamed = await stored(id);
    const sessions = [newId(), newId()];
    between = () =>
      t.store.push(marc, request(marc, ...sessions.map((s) => m(marc, 'activities', s, activity()))));
    const answer = await store.push(
      lea,
      request(lea, m(lea, 'beneficiaries', id, { nom: 'Durand', prenom: 'Lou' }, created.version)),
    );
    expect(ways).toEqual(['one_call']);
    expect(answer.conflicts).toBe(1);
    const after = await stored(id);
    // Versions of Marc's sessions: renamed + 1 and + 2; then Léa's record and the conflict.
    expect(after.version).toBe(renamed.version + 3);
    expect(await counter()).toBe(renamed.version + 4);
    // Her fields carry her record's version; the one she did not touch keeps its stamp from before.
    expect(after.stamps.prenom![0]).toBe(after.version);
    expect(after.stamps.nom![0]).toBe(after.version);
    expect(after.stamps.anonyme![0]).toBe(created.version);
    expect(after.data).toMatchObject({ nom: 'Durand', prenom: 'Lou' });
    const page = await pullAll(lea);
    const conflict = page.conflicts.find((c) => c.recordId === id)!;
    expect(conflict).toMatchObject({ field: 'nom', lostValue: 'Martin', version: renamed.version + 4 });
    // Every version once in the structure, none skipped by a cursor.
    const all = [...page.records.map((r) => r.version), ...page.conflicts.map((c) => c.version)].sort(
      (a, b) => a - b,
    );
    expect(new Set(all).size).toBe(all.length);
    expect(all.at(-1)).toBe(await counter());
  });

  it('keeps as it is, while moving versions up, a field stamp that is not a number (planted outside Sillon)', async () => {
    const id = newId();
    await t.store.push(
      lea,
      request(lea, m(lea, 'beneficiaries', id, { anonyme: false, prenom: 'Eva', nom: 'Roux' })),
    );
    const created = await stored(id);
    const planted = { ...created.stamps, anonyme: ['abc', 'x', 'y'] };
    await t.store.db.run("UPDATE records SET field_versions = ? WHERE tbl = 'beneficiaries' AND id = ?", [
      JSON.stringify(planted),
      id,
    ]);
    between = () => t.store.push(marc, request(marc, m(marc, 'activities', newId(), activity())));
    await store.push(lea, request(lea, m(lea, 'beneficiaries', id, { nom: 'Durand' }, created.version)));
    expect(ways).toEqual(['one_call']);
    const after = await stored(id);
    expect(after.version).toBe(await counter());
    expect(after.stamps.nom![0]).toBe(after.version);
    expect(after.stamps.anonyme).toEqual(['abc', 'x', 'y']);
    expect(after.stamps.prenom![0]).toBe(created.version);
  });

  it('decides again under the lock a push whose record changed under it', async () => {
    const id = newId();
    await t.store.push(
      lea,
      request(lea, m(lea, 'beneficiaries', id, { anonyme: false, prenom: 'Ada', nom: 'Roux' })),
    );
    const created = await stored(id);
    between = () =>
      t.store.push(marc, request(marc, m(marc, 'beneficiaries', id, { nom: 'Martin' }, created.version)));
    const answer = await store.push(
      lea,
      request(lea, m(lea, 'beneficiaries', id, { nom: 'Durand' }, created.version)),
    );
    expect(ways).toEqual(['transaction']);
    // Decided against Marc's rename: a conflict, which the snapshot alone could not have seen.
    expect(answer.conflicts).toBe(1);
    const after = await stored(id);
    expect(after.version).toBe(created.version + 2);
    expect(await counter()).toBe(created.version + 3);
    expect(after.stamps.nom![0]).toBe(after.version);
  });

  it('applies a push once when the same one was applied meanwhile (a retry racing its original)', async () => {
    const before = await counter();
    const push = request(
      lea,
      m(lea, 'activities', newId(), activity()),
      m(lea, 'activities', newId(), activity()),
    );
    between = () => t.store.push(lea, push);
    const answer = await store.push(lea, push);
    expect(ways).toEqual(['transaction']);
    expect(answer).toMatchObject({ ack: seqs.get(lea.deviceId), skipped: 2 });
    expect(await counter()).toBe(before + 2);
  });

  it('writes nothing in one call when the structure changed epoch meanwhile (a restore)', async () => {
    const before = await counter();
    between = () =>
      t.store.db.run("UPDATE server_state SET value = value || '-restored' WHERE key = 'epoch'");
    const answer = await store.push(lea, request(lea, m(lea, 'activities', newId(), activity())));
    // Decided again under the lock against the new epoch: applied there (this push names none).
    expect(ways).toEqual(['transaction']);
    expect(answer.ack).toBe(seqs.get(lea.deviceId));
    expect(await counter()).toBe(before + 1);
  });
});
