// @vitest-environment node
// A département's deployment: three server processes (server/main.ts, as `npm start` runs it) on
// one PostgreSQL, tablets whose requests a load balancer spreads over them. Random interleavings of
// edits, deletions and syncs, with the network dropping requests before or after the server
// commits, delivering them twice, and single processes restarted: once the network is back, every
// tablet and the server hold the same data, each mutation was applied exactly once, no record is
// doubled. Only one process runs each daily job (the automatic backup here).
import 'fake-indexeddb/auto';

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dropSchema, openPostgres } from '../../server/db/postgres';
import { Store } from '../../server/store';
import {
  TEST_DATABASE_URL,
  freePort,
  seedStructure,
  spawnServer,
  type ServerProcess,
} from '../../server/test-support';
import { Device, observer, serverSnapshot, type Fault } from './devices';

const PROCESSES = 3;
const FAULTS = ['none', 'drop-before', 'drop-after', 'duplicate'] as const;
const PATHS = ['/sync/push', '/sync/pull'] as const;

type Action =
  | { kind: 'create'; device: number }
  | { kind: 'edit'; device: number; pick: number }
  | { kind: 'delete'; device: number; pick: number }
  | {
      kind: 'sync';
      device: number;
      via: number;
      fault: (typeof FAULTS)[number];
      path: (typeof PATHS)[number];
    }
  | { kind: 'syncTogether'; a: number; b: number; via: number }
  | { kind: 'restart'; process: number };

const device = fc.integer({ min: 0, max: 3 });
const via = fc.integer({ min: 0, max: PROCESSES - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), device }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), device, pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), device, pick: fc.nat(20) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      device,
      via,
      fault: fc.constantFrom(...FAULTS),
      path: fc.constantFrom(...PATHS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('syncTogether' as const), a: device, b: device, via }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), process: via }) },
);

describe('three server processes on one PostgreSQL', () => {
  const schema = `sillon_mp_${Math.random().toString(36).slice(2, 10)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sillon-mp-'));
  const distDir = mkdtempSync(join(tmpdir(), 'sillon-mp-dist-'));
  const backupDir = join(dataDir, 'backups');
  let store: Store;
  const ports: number[] = [];
  const processes: ServerProcess[] = [];
  const outputs: string[] = [];

  const start = async (i: number) => {
    const p = spawnServer({
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      PORT: String(ports[i]),
      HOST: '127.0.0.1',
      SILLON_DATA_DIR: dataDir,
      SILLON_DIST_DIR: distDir,
      SILLON_BACKUP_DIR: backupDir,
      SILLON_LOG_LEVEL: 'info',
    });
    processes[i] = p;
    await p.waitFor(/Sillon est prêt/, 60_000);
  };
  const stop = async (i: number) => {
    outputs.push(processes[i]!.output());
    await processes[i]!.stop();
  };
  const url = (i: number) => `http://127.0.0.1:${ports[i]}`;

  beforeAll(async () => {
    // The schema exists with its tables before the processes start together (they migrate too).
    store = new Store(await openPostgres(TEST_DATABASE_URL, { schema }));
    await store.migrate();
    for (let i = 0; i < PROCESSES; i++) ports.push(await freePort());
    await Promise.all(ports.map((_, i) => start(i)));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p?.stop()));
    await store?.close();
    await dropSchema(TEST_DATABASE_URL, schema);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(distDir, { recursive: true, force: true });
  });

  it('runs the daily backup in one process only', async () => {
    // Each process checks its jobs at start: one of them took the backup, the others saw it done.
    const deadline = Date.now() + 60_000;
    while (
      Date.now() < deadline &&
      readdirSync(backupDir, { withFileTypes: true }).filter((f) => f.name.endsWith('.pgdump')).length === 0
    )
      await new Promise((r) => setTimeout(r, 250));
    const runs = processes.map((p) => (p.output().match(/"msg":"backup_done"/g) ?? []).length);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(readdirSync(backupDir).filter((f) => f.endsWith('.pgdump'))).toHaveLength(1);
  }, 90_000);

  it('converges with nothing lost and nothing doubled, devices spread over the processes', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 18 }), async (actions) => {
        run++;
        const s = await seedStructure(store, `MP${run}`, [`a${run}@ex.fr`, `b${run}@ex.fr`]);
        const users = [0, 1, 2, 3].map((i) => s.users[`${i % 2 ? 'b' : 'a'}${run}@ex.fr`]!.userId);
        const devices = [0, 1, 2, 3].map((i) => new Device(`mp${run}d${i}`, url(i % PROCESSES)));
        for (const [i, d] of devices.entries()) await d.attach(store, users[i]!, s.structureId);
        const created = new Set<string>();
        const author = new Map<string, string>();
        const maxSeq = [0, 0, 0, 0];
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
              const r = await devices[a.device]!.put('beneficiaries', undefined, {
                nom: `n${++counter}`,
                prenom: `p${++counter}`,
              });
              created.add(r.id);
              author.set(r.id, users[a.device]!);
              await track(a.device);
            } else if (a.kind === 'edit' || a.kind === 'delete') {
              const d = devices[a.device]!;
              const list = (await alive(d)).filter(
                (r) => a.kind === 'edit' || author.get(String(r.id)) === users[a.device],
              );
              if (list.length === 0) continue;
              const r = list[a.pick % list.length]!;
              if (a.kind === 'edit') await d.put('beneficiaries', String(r.id), { nom: `e${++counter}` });
              else await d.remove('beneficiaries', String(r.id));
              await track(a.device);
            } else if (a.kind === 'sync') {
              const d = devices[a.device]!;
              d.baseUrl = url(a.via);
              if (a.fault !== 'none') d.network.inject(a.path, a.fault as Fault);
              await d.trySync();
              d.network.clear();
            } else if (a.kind === 'syncTogether') {
              devices[a.a]!.baseUrl = url(a.via);
              devices[a.b]!.baseUrl = url((a.via + 1) % PROCESSES);
              await Promise.all([devices[a.a]!.trySync(), devices[a.b]!.trySync()]);
            } else {
              // One process goes down and comes back; the others keep serving.
              await stop(a.process);
              await start(a.process);
            }
          }

          const settle = async (d: Device, i: number) => {
            for (let attempt = 1; ; attempt++) {
              d.baseUrl = url((i + attempt) % PROCESSES);
              try {
                return await d.sync();
              } catch (error) {
                if (attempt >= 5 || !(error as { transient?: boolean }).transient) throw error;
                await new Promise((r) => setTimeout(r, 200 * attempt));
              }
            }
          };
          for (let round = 0; round < 3; round++)
            for (const [i, d] of devices.entries()) await settle(d, i + round);
          const watcher = await observer(store, users[0]!, s.structureId);
          const truth = await serverSnapshot(store, watcher);
          for (const d of devices) {
            expect(await d.pending()).toBe(0);
            expect(await d.snapshot()).toEqual(truth.records);
            expect((await d.conflicts()).map((c) => c.id).sort()).toEqual([...truth.conflicts.keys()].sort());
          }
          const serverDevices = await store.listDevices(s.structureId);
          for (const [i, d] of devices.entries()) {
            const deviceId = (await d.db.meta.get('deviceId'))?.value;
            expect(serverDevices.find((x) => x.id === deviceId)?.last_seq ?? 0).toBe(maxSeq[i]);
          }
          const ids = [...truth.records.keys()].map((key) => key.split(':')[1]);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(ids)).toEqual(created);
        } finally {
          await Promise.all(devices.map((d) => d.close()));
        }
      }),
      { numRuns: 12, endOnFailure: true },
    );
  }, 480_000);
});
