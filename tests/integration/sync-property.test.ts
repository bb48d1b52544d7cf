// @vitest-environment node
// Property: whatever the interleaving of edits, deletions, syncs and faults (connection dropped
// before or after the server commits, answer lost, request delivered twice, captive portal, server
// restarted, device clock hours off), once the network is back every device and the server hold the
// same data, no record is duplicated, each mutation was applied exactly once, and every value ever
// typed is either still there, kept in a conflict, or was seen and replaced by someone.
import 'fake-indexeddb/auto';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SYNC_TABLES } from '../../src/domain/records';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device, observer, serverSnapshot, type Fault } from './devices';

const FIELDS = ['nom', 'prenom', 'telephone'] as const;
type Field = (typeof FIELDS)[number];
const FAULTS = ['none', 'drop-before', 'drop-after', 'duplicate', 'portal', 'too-large'] as const;
const PATHS = ['/sync/push', '/sync/pull', '/health'] as const;

type Action =
  | { kind: 'create'; device: number }
  | { kind: 'edit'; device: number; pick: number; field: Field }
  | { kind: 'delete'; device: number; pick: number }
  | {
      kind: 'sync';
      device: number;
      fault: (typeof FAULTS)[number];
      path: (typeof PATHS)[number];
      batch: number;
    }
  | { kind: 'syncTogether'; a: number; b: number }
  | { kind: 'restart' }
  | { kind: 'skew'; device: number; hours: number };

const device = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), device }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      device,
      pick: fc.nat(20),
      field: fc.constantFrom(...FIELDS),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), device, pick: fc.nat(20) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      device,
      fault: fc.constantFrom(...FAULTS),
      path: fc.constantFrom(...PATHS),
      batch: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('syncTogether' as const), a: device, b: device }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('skew' as const),
      device,
      hours: fc.integer({ min: -12, max: 12 }),
    }),
  },
);

interface Write {
  recordId: string;
  field: string;
  value: string;
  /** What the device showed for that field when it overwrote it. */
  prev: unknown;
}

describe.each(DATABASE_KINDS)('random interleavings with faults on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let port: number;

  beforeAll(async () => {
    t = await openTestStore(kind);
    server = await startTestServer(t.store);
    port = Number(new URL(server.baseUrl).port);
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  it('converges with nothing lost and nothing duplicated', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 22 }), async (actions) => {
        run++;
        const s = await seedStructure(t.store, `S${run}`, [`a${run}@ex.fr`, `b${run}@ex.fr`]);
        const userA = s.users[`a${run}@ex.fr`]!.userId;
        const userB = s.users[`b${run}@ex.fr`]!.userId;
        // Two tablets for advisor A, one for advisor B.
        const devices = [0, 1, 2].map((i) => new Device(`r${run}d${i}`, server.baseUrl));
        await devices[0]!.attach(t.store, userA, s.structureId);
        await devices[1]!.attach(t.store, userA, s.structureId);
        await devices[2]!.attach(t.store, userB, s.structureId);
        const created = new Set<string>();
        // Who created each record: deleting a beneficiary is for its author (src/domain/permissions.ts),
        // and, like the app's screens, the test only offers it to them.
        const users = [userA, userA, userB];
        const author = new Map<string, string>();
        const writes: Write[] = [];
        const maxSeq = [0, 0, 0];
        let counter = 0;
        const track = async (i: number) => {
          maxSeq[i] = (await devices[i]!.db.outbox.orderBy('seq').last())?.seq ?? maxSeq[i]!;
        };
        const alive = async (d: Device) =>
          (await d.db.table('beneficiaries').toArray()).filter((r) => !r.deleted) as Record<
            string,
            unknown
          >[];
        try {
          for (const a of actions) {
            if (a.kind === 'create') {
              const d = devices[a.device]!;
              const values = { nom: `n${++counter}`, prenom: `p${++counter}` };
              const r = await d.put('beneficiaries', undefined, values);
              created.add(r.id);
              author.set(r.id, users[a.device]!);
              for (const [field, value] of Object.entries(values))
                writes.push({ recordId: r.id, field, value, prev: undefined });
              await track(a.device);
            } else if (a.kind === 'edit' || a.kind === 'delete') {
              const d = devices[a.device]!;
              const list = (await alive(d)).filter(
                (r) => a.kind === 'edit' || author.get(String(r.id)) === users[a.device],
              );
              if (list.length === 0) continue;
              const r = list[a.pick % list.length]!;
              if (a.kind === 'edit') {
                // Values the record schema accepts (a telephone must be a French number).
                const value =
                  a.field === 'telephone'
                    ? `06${String(++counter).padStart(8, '0')}`
                    : `${a.field[0]}${++counter}`;
                writes.push({ recordId: String(r.id), field: a.field, value, prev: r[a.field] });
                await d.put('beneficiaries', String(r.id), { [a.field]: value });
              } else {
                await d.remove('beneficiaries', String(r.id));
              }
              await track(a.device);
            } else if (a.kind === 'sync') {
              const d = devices[a.device]!;
              if (a.fault !== 'none') d.network.inject(a.path, a.fault as Fault);
              try {
                await d.sync({ maxPushBatch: a.batch, pullLimit: a.batch + 1 });
              } catch {
                // A fault: the next sync retries.
              }
              d.network.clear();
            } else if (a.kind === 'syncTogether') {
              await Promise.all([devices[a.a]!.trySync(), devices[a.b]!.trySync()]);
            } else if (a.kind === 'restart') {
              await server.close();
              await t.reopen();
              server = await startTestServer(t.store, port);
            } else {
              devices[a.device]!.clockOffsetMs = a.hours * 3600 * 1000;
            }
          }

          // The network comes back for good: everyone syncs until nothing is left to send.
          // Like the app's scheduler, a transient failure (a socket of the restarted server reset under
          // load) is retried after a pause; anything else fails the test.
          const settle = async (d: Device) => {
            for (let attempt = 1; ; attempt++) {
              try {
                return await d.sync();
              } catch (error) {
                if (attempt >= 5 || !(error as { transient?: boolean }).transient) throw error;
                await new Promise((r) => setTimeout(r, 200 * attempt));
              }
            }
          };
          for (let round = 0; round < 3; round++) for (const d of devices) await settle(d);
          const watcher = await observer(t.store, userA, s.structureId);
          const truth = await serverSnapshot(t.store, watcher);

          for (const d of devices) {
            expect(await d.pending()).toBe(0);
            expect(await d.snapshot()).toEqual(truth.records);
            expect((await d.conflicts()).map((c) => c.id).sort()).toEqual([...truth.conflicts.keys()].sort());
          }
          // Exactly once: the server applied every mutation each device issued, and no other.
          const serverDevices = await t.store.listDevices(s.structureId);
          for (const [i, d] of devices.entries()) {
            const deviceId = (await d.db.meta.get('deviceId'))?.value;
            expect(serverDevices.find((x) => x.id === deviceId)?.last_seq ?? 0).toBe(maxSeq[i]);
          }

          // No duplicates: exactly the records created, once each.
          const ids = [...truth.records.keys()].map((key) => key.split(':')[1]);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(ids)).toEqual(created);
          for (const table of SYNC_TABLES.filter((x) => x !== 'beneficiaries')) {
            expect([...truth.records.keys()].some((key) => key.startsWith(`${table}:`))).toBe(false);
          }

          // No acknowledged write lost.
          const conflicts = [...truth.conflicts.values()] as {
            recordId: string;
            field: string;
            keptValue: unknown;
            lostValue: unknown;
          }[];
          for (const w of writes) {
            const record = truth.records.get(`beneficiaries:${w.recordId}`)!;
            const accounted =
              record.deleted === true ||
              record[w.field] === w.value ||
              conflicts.some(
                (c) =>
                  c.recordId === w.recordId &&
                  c.field === w.field &&
                  (c.lostValue === w.value || c.keptValue === w.value),
              ) ||
              writes.some((o) => o.recordId === w.recordId && o.field === w.field && o.prev === w.value);
            expect(accounted, `write ${JSON.stringify(w)} vanished`).toBe(true);
          }
        } finally {
          await Promise.all(devices.map((d) => d.close()));
        }
      }),
      { numRuns: 25, endOnFailure: true },
    );
  }, 180_000);
});
