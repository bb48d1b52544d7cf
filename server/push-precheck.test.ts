// @vitest-environment node
// A large push's creations checked ahead on a worker thread (server/push-precheck.ts): the worker's
// verdicts are those of the push's own checks, a push reaches the same outcome with them, and a
// verdict never spares the check of a record that already exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import type { SyncTable } from '../src/domain/records';
import type { Mutation } from '../src/domain/sync';
import { applyPush } from './push';
import { creationPasses } from './push-creation';
import {
  PRECHECK_MIN_MUTATIONS,
  startPrecheck,
  stopPrecheckWorker,
  warmPrecheckWorker,
} from './push-precheck';
import type { Principal, Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, signedInDevice, type TestStore } from './test-support';

const NOW = new Date().toISOString();
const activity = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'individuel',
  date: '2026-03-02',
  duree: 60,
  typeLieu: 'a_distance',
  thematiques: ['email'],
  materiel: [],
  beneficiaryIds: [],
  ...extra,
});

/** 120 mutations from seq `from`: valid sessions and people, with bad ones at known places. */
const batch = (from: number) => {
  const bad = new Map<number, Record<string, unknown>>([
    [3, activity({ thematiques: 'email' })],
    [40, { anonyme: false, prenom: 42, nom: 'Durand' }],
    [77, activity({ date: '2026-02-31' })],
    [118, activity({ duree: -5 })],
  ]);
  const mutations: Mutation[] = [];
  for (let i = 0; i < 120; i++) {
    const table: SyncTable = i % 5 === 0 || i === 40 ? 'beneficiaries' : 'activities';
    const patch =
      bad.get(i) ??
      (table === 'beneficiaries' ? { anonyme: false, prenom: 'Léa', nom: `N${i}` } : activity());
    mutations.push({ seq: from + i, table, recordId: newId(), op: 'put', patch, baseVersion: 0, at: NOW });
  }
  return { mutations, bad: [...bad.keys()] };
};

const settle = async (verdict: (i: number) => number, index: number) => {
  const deadline = Date.now() + 15_000;
  while (verdict(index) === 0) {
    if (Date.now() > deadline) throw new Error('the worker gave no verdict');
    await new Promise((r) => setTimeout(r, 20));
  }
};

afterAll(async () => {
  await stopPrecheckWorker();
});

describe('creations checked ahead', () => {
  const writer = { userId: newId(), deviceId: newId(), structureId: newId() };
  const clock = new Date();

  it('gives, on the worker, the verdicts of the push’s own checks', async () => {
    const { mutations, bad } = batch(1);
    const precheck = startPrecheck(
      JSON.stringify({ deviceId: writer.deviceId, mutations }),
      120,
      writer,
      clock,
    )!;
    expect(precheck).toBeDefined();
    // In order: the last one is decided last.
    await settle(precheck.verdict, mutations.length - 1);
    for (const [i, mutation] of mutations.entries()) {
      expect(precheck.verdict(i)).toBe(bad.includes(i) ? 2 : 1);
      expect(creationPasses(mutation as never, writer, clock)).toBe(!bad.includes(i));
    }
    precheck.done();
  });

  it('reads the request from its bytes, moved to the worker as the API hands them over', async () => {
    const { mutations, bad } = batch(1);
    const bytes = new TextEncoder().encode(JSON.stringify({ deviceId: writer.deviceId, mutations })).buffer;
    const precheck = startPrecheck(bytes, 120, writer, clock)!;
    // Moved, not copied: the push's thread no longer holds them.
    expect(bytes.byteLength).toBe(0);
    await settle(precheck.verdict, mutations.length - 1);
    for (const i of mutations.keys()) expect(precheck.verdict(i)).toBe(bad.includes(i) ? 2 : 1);
    precheck.done();
  });

  it('checks only what the push has not reached, and nothing wrongly', async () => {
    const { mutations, bad } = batch(1);
    const precheck = startPrecheck(
      JSON.stringify({ deviceId: writer.deviceId, mutations }),
      120,
      writer,
      clock,
    )!;
    // The push is at the 100th mutation already (it checked the others itself).
    precheck.passes(99);
    await settle(precheck.verdict, mutations.length - 1);
    for (const i of mutations.keys()) {
      const verdict = precheck.verdict(i);
      if (i >= 100) expect(verdict).toBe(bad.includes(i) ? 2 : 1);
      else expect([0, bad.includes(i) ? 2 : 1]).toContain(verdict);
    }
    precheck.done();
  });

  it('says when the worker has loaded and run its checks once (the server listens after it)', async () => {
    // Far longer than vitest's own timeout: only the worker's message can settle it in time.
    await expect(warmPrecheckWorker(10 * 60_000)).resolves.toBeUndefined();
  });

  it('leaves small pushes and deletions to the push itself', () => {
    const { mutations } = batch(1);
    const small = mutations.slice(0, PRECHECK_MIN_MUTATIONS - 1);
    expect(
      startPrecheck(
        JSON.stringify({ deviceId: writer.deviceId, mutations: small }),
        small.length,
        writer,
        clock,
      ),
    ).toBeUndefined();
    expect(
      creationPasses({ ...mutations[1]!, op: 'delete', patch: { deleted: true } } as never, writer, clock),
    ).toBeUndefined();
  });
});

describe.each(DATABASE_KINDS)('a large push on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let lea: Principal;

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    const s = await seedStructure(store, 'Mairie', ['lea@ex.fr']);
    lea = await signedInDevice(store, s.structureId, s.users['lea@ex.fr']!.userId);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('refuses exactly the bad creations when the worker checked them ahead', async () => {
    const { mutations, bad } = batch(1);
    const request = { deviceId: lea.deviceId, mutations };
    const result = await store.push(lea, request, JSON.stringify(request));
    expect(result.ack).toBe(120);
    expect(result.refused?.map((r) => r.seq)).toEqual(bad.map((i) => i + 1));
    const page = await store.pull(lea, 0, 500);
    if (page === 'resync') throw new Error('resync');
    expect(page.records).toHaveLength(120 - bad.length);
  });

  it('still checks an existing record as a whole, whatever the verdict says', async () => {
    const id = newId();
    const created = {
      seq: 121,
      table: 'activities' as const,
      recordId: id,
      op: 'put' as const,
      patch: activity(),
      baseVersion: 0,
      at: NOW,
    };
    expect((await store.push(lea, { deviceId: lea.deviceId, mutations: [created] })).refused).toBeUndefined();
    // An edit that would make the stored session invalid, with a verdict forced to « passes ».
    const edit = { ...created, seq: 122, patch: { duree: -1 }, baseVersion: 0 };
    const result = await store.db.tx((sql) =>
      applyPush(sql, lea, { deviceId: lea.deviceId, mutations: [edit] }, new Date(), {
        prechecked: () => true,
      }),
    );
    expect(result.refused?.map((r) => [r.seq, r.code])).toEqual([[122, 'invalid']]);
  });
});
