// 5. The server under load, on SQLite and on PostgreSQL: 200 simulated devices on 127.0.0.1, each
// pushing a batch of new sessions and pulling what its colleagues wrote, then pausing, for 60 s.
// Some pushes are sent twice (a response lost on the way back, then a retry). At the end, every
// acknowledged mutation must be stored exactly once.
import { loadSeedCommunes } from '../../scripts/seed/communes';
import { createRandom, SeedGenerator } from '../../src/domain/seed';
import type { Mutation, PullResponse, PushResponse } from '../../src/domain/sync';
import { log, startServer, tempDir } from '../lib/env';
import { stats, type Figure } from '../lib/report';
import {
  apiHeaders,
  createStructure,
  creation,
  postgresTarget,
  push,
  sqliteTarget,
  type DbTarget,
  type Device,
} from '../lib/server-fixtures';

const SECTION = 'load';
export const LOAD = {
  structures: 20,
  /** 240 devices pausing 2 s on average offer ~230 req/s: enough to measure p99 at ≥ 200 req/s. */
  devicesPerStructure: 12,
  durationMs: Number(process.env.SILLON_BENCH_LOAD_SECONDS ?? 60) * 1000,
  /** The first seconds warm the server up (JIT, connections): not in the latencies. */
  warmUpMs: 5_000,
  /** Mutations per push: what a tablet gathers between two syncs. */
  batch: 10,
  /** Pause between two syncs of a device (± 50 %). */
  thinkMs: 2000,
  /** Share of pushes re-sent after their response (a lost answer, then a retry). */
  duplicateShare: 0.05,
  /** Share of pushes sent twice at the same time (a retry racing a slow original). */
  concurrentShare: 0.02,
  pullLimit: 200,
};

interface DeviceState extends Device {
  seq: number;
  acked: number;
  cursor: number;
  /** Record ids by mutation id, to check what the server holds. */
  sent: Map<number, string>;
  pending: Mutation[];
}

interface Tally {
  /** Requests started before this instant (warm-up: JIT, first connections) are not measured. */
  measureFrom: number;
  latencies: number[];
  pushLatencies: number[];
  pullLatencies: number[];
  requests: number;
  errors: number;
  recordsPushed: number;
  recordsPulled: number;
  duplicatesSent: number;
  /** Changes the server refused (none expected: the sessions are valid). */
  refused: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const request = async <T>(
  tally: Tally,
  kind: 'push' | 'pull',
  url: string,
  init: RequestInit,
): Promise<T> => {
  const t0 = performance.now();
  try {
    const res = await fetch(url, init);
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${kind} ${res.status}: ${JSON.stringify(body)}`);
    return body;
  } finally {
    const ms = performance.now() - t0;
    if (performance.timeOrigin + t0 >= tally.measureFrom) {
      tally.requests++;
      tally.latencies.push(ms);
      (kind === 'push' ? tally.pushLatencies : tally.pullLatencies).push(ms);
    }
  }
};

const pushPending = async (
  baseURL: string,
  d: DeviceState,
  tally: Tally,
  duplicate: boolean,
  concurrent = false,
) => {
  const init = {
    method: 'POST',
    headers: apiHeaders(d.token),
    body: JSON.stringify({ deviceId: d.deviceId, mutations: d.pending }),
  };
  const send = () => request<PushResponse>(tally, 'push', `${baseURL}/api/sync/push`, init);
  let response: PushResponse;
  if (concurrent) {
    tally.duplicatesSent++;
    const both = await Promise.all([send(), send()]);
    response = both[0].ack >= both[1].ack ? both[0] : both[1];
  } else response = await send();
  if (duplicate) {
    tally.duplicatesSent++;
    response = await request<PushResponse>(tally, 'push', `${baseURL}/api/sync/push`, init);
  }
  tally.refused += response.refused?.length ?? 0;
  d.acked = Math.max(d.acked, response.ack);
  d.pending = d.pending.filter((m) => m.seq > d.acked);
};

const deviceLoop = async (
  baseURL: string,
  d: DeviceState,
  g: SeedGenerator,
  tally: Tally,
  until: number,
  random: () => number,
) => {
  await sleep(random() * LOAD.thinkMs);
  while (Date.now() < until) {
    try {
      if (d.pending.length === 0) {
        for (let i = 0; i < LOAD.batch; i++) {
          const seq = ++d.seq;
          const activity = g.activity(seq, 1_000_000);
          const record = { ...activity, id: crypto.randomUUID() };
          d.sent.set(seq, record.id);
          d.pending.push(creation('activities', record, seq));
        }
        tally.recordsPushed += LOAD.batch;
      }
      const draw = random();
      await pushPending(
        baseURL,
        d,
        tally,
        draw < LOAD.duplicateShare,
        draw >= LOAD.duplicateShare && draw < LOAD.duplicateShare + LOAD.concurrentShare,
      );
      const page = await request<PullResponse>(
        tally,
        'pull',
        `${baseURL}/api/sync/pull?cursor=${d.cursor}&limit=${LOAD.pullLimit}`,
        { headers: apiHeaders(d.token) },
      );
      d.cursor = page.cursor;
      tally.recordsPulled += page.records.length;
    } catch {
      tally.errors++;
    }
    await sleep(LOAD.thinkMs * (0.5 + random()));
  }
};

/** One run: a database and a number of server processes (a load balancer spreads the requests). */
interface Run {
  target: DbTarget;
  processes: number;
}

const runOne = async ({ target, processes }: Run): Promise<Figure[]> => {
  const store = await target.open();
  const devices: DeviceState[] = [];
  for (let s = 0; s < LOAD.structures; s++) {
    const { devices: list } = await createStructure(store, `Structure ${s + 1}`, LOAD.devicesPerStructure);
    for (const d of list) devices.push({ ...d, seq: 0, acked: 0, cursor: 0, sent: new Map(), pending: [] });
  }
  await store.close();
  const dist = tempDir('empty');
  // The bench measures the API: the daily backup (taken at start) stays out of the figures.
  // The metrics endpoint tells how long pushes waited for their structure's lock and held it.
  const metricsToken = crypto.randomUUID();
  const env = { ...target.env, SILLON_BACKUPS: 'off', SILLON_METRICS_TOKEN: metricsToken };
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer(dist, env)));
  // Like a load balancer without stickiness: each request to any process.
  let next = 0;
  const server = {
    get baseURL() {
      return servers[next++ % servers.length]!.baseURL;
    },
    stop: () => Promise.all(servers.map((s) => s.stop())),
  };
  const tally: Tally = {
    measureFrom: Date.now() + LOAD.warmUpMs,
    latencies: [],
    pushLatencies: [],
    pullLatencies: [],
    requests: 0,
    errors: 0,
    recordsPushed: 0,
    recordsPulled: 0,
    duplicatesSent: 0,
    refused: 0,
  };
  // The records the sessions refer to (lieux, beneficiaries), per structure: the server refuses a
  // session naming a record its structure does not have.
  const communes = loadSeedCommunes();
  const generators: SeedGenerator[] = [];
  for (let s = 0; s < LOAD.structures; s++) {
    const g = new SeedGenerator({ seed: 100 + s, communes, beneficiaries: 30 });
    generators.push(g);
    const d = devices[s * LOAD.devicesPerStructure]!;
    const records = [
      ...Array.from({ length: g.lieuCount }, (_, i) => creation('lieux', g.lieu(i), 0)),
      ...Array.from({ length: g.beneficiaryCount }, (_, i) => creation('beneficiaries', g.beneficiary(i), 0)),
    ];
    for (const m of records) {
      m.seq = ++d.seq;
      d.sent.set(m.seq, m.recordId);
    }
    const answer = await push(servers[0]!.baseURL, d, records);
    if (answer.ack !== d.seq || answer.refused?.length)
      throw new Error(`load: the structure's records were refused: ${JSON.stringify(answer.refused?.[0])}`);
    d.acked = d.seq;
  }
  let drained = true;
  let lock: Awaited<ReturnType<typeof lockTimings>>;
  const started = Date.now();
  let loopEnd: number;
  try {
    const random = createRandom(12345);
    const until = Date.now() + LOAD.durationMs;
    await Promise.all(
      devices.map((d, i) =>
        deviceLoop(
          server.baseURL,
          d,
          generators[Math.floor(i / LOAD.devicesPerStructure)]!,
          tally,
          until,
          random,
        ),
      ),
    );
    loopEnd = Date.now();
    // Whatever a device still holds is sent again until acknowledged, as the engine would.
    for (const d of devices) {
      for (let attempt = 0; d.pending.length > 0 && attempt < 5; attempt++) {
        await pushPending(server.baseURL, d, tally, false).catch(() => undefined);
      }
      if (d.pending.length > 0) drained = false;
    }
    lock = await lockTimings(servers, metricsToken);
  } finally {
    await server.stop();
  }
  const seconds = (loopEnd - started) / 1000;
  const measuredSeconds = (loopEnd - tally.measureFrom) / 1000;

  // Exactly once: every acknowledged mutation is a stored record, none is stored twice (a mutation
  // applied twice would bump the structure's version once more than it has records).
  const check = await target.open();
  let lost = 0;
  let duplicated = 0;
  let unacknowledgedStored = 0;
  let deviceCounters = 0;
  let bytesPerRecord: number;
  try {
    // What a stored record costs on disk, indexes included (for the projections of docs/deployment.md).
    const count = await check.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM records');
    const size =
      check.db.dialect === 'postgres'
        ? await check.db.get<{ n: number }>("SELECT pg_total_relation_size('records') AS n")
        : await check.db
            .get<{ n: number }>(
              "SELECT SUM(pgsize) AS n FROM dbstat WHERE name IN ('records', 'records_pull') OR name LIKE 'sqlite_autoindex_records%'",
            )
            .catch(() => undefined); // SQLite built without the dbstat table
    bytesPerRecord = Number(size?.n ?? 0) / Math.max(1, Number(count?.n ?? 0));
    for (let s = 0; s < LOAD.structures; s++) {
      const mine = devices.slice(s * LOAD.devicesPerStructure, (s + 1) * LOAD.devicesPerStructure);
      const structureId = mine[0]!.structureId;
      const rows = await check.db.all<{ id: string }>('SELECT id FROM records WHERE structure_id = ?', [
        structureId,
      ]);
      const stored = new Set(rows.map((r) => r.id));
      const acked = new Set<string>();
      for (const d of mine) for (const [seq, id] of d.sent) if (seq <= d.acked) acked.add(id);
      for (const id of acked) if (!stored.has(id)) lost++;
      for (const id of stored) if (!acked.has(id)) unacknowledgedStored++;
      const version = await check.db.get<{ last_version: number }>(
        'SELECT last_version FROM structures WHERE id = ?',
        [structureId],
      );
      duplicated += Math.max(0, Number(version?.last_version ?? 0) - rows.length);
      for (const d of mine) {
        const row = await check.db.get<{ last_seq: number }>('SELECT last_seq FROM devices WHERE id = ?', [
          d.deviceId,
        ]);
        if (Number(row?.last_seq) !== d.acked) deviceCounters++;
      }
    }
  } finally {
    await check.close();
    await target.cleanup();
  }

  const all = stats(tally.latencies);
  const pushes = stats(tally.pushLatencies);
  const pulls = stats(tally.pullLatencies);
  const name =
    (target.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL') + (processes > 1 ? `, ${processes} processes` : '');
  const acknowledged = devices.reduce((n, d) => n + d.acked, 0);
  const f = (label: string, value: number, unit: Figure['unit'], extra: Partial<Figure> = {}): Figure => ({
    section: SECTION,
    name: `${name}: ${label}`,
    value,
    unit,
    ...extra,
  });
  return [
    f('requests per second', tally.requests / measuredSeconds, 'req/s', {
      note: `${tally.requests} requests in ${Math.round(measuredSeconds)} s after ${LOAD.warmUpMs / 1000} s of warm-up, ${tally.errors} failed, ${tally.refused} changes refused, ${tally.duplicatesSent} pushes sent twice (after the answer, or at the same time)`,
    }),
    f('records written per second', acknowledged / seconds, 'records/s', {
      note: `${acknowledged} mutations acknowledged in ${Math.round(seconds)} s; ${Math.round(tally.recordsPulled / seconds)} records/s pulled`,
    }),
    f('latency p50', all.median, 'ms', {
      note: `push p50 ${Math.round(pushes.median)} ms, pull p50 ${Math.round(pulls.median)} ms`,
    }),
    f('latency p99', all.p99, 'ms', {
      budget: { op: '<=', limit: 300 },
      note: `push p99 ${Math.round(pushes.p99)} ms, pull p99 ${Math.round(pulls.p99)} ms, worst ${Math.round(all.max)} ms`,
    }),
    f('push lock held, mean', lock.heldMs, 'ms', {
      note: `from taking the structure's version lock to the commit (to the last write, measured in PostgreSQL, for a push in one call); waited for it ${lock.waitMs.toFixed(1)} ms on average (a connection, then the lock), ${lock.pushes} pushes of which ${lock.oneCall} in one call, warm-up included`,
    }),
    f('stored bytes per record', bytesPerRecord, 'B', {
      note: 'the records table and its indexes over its rows (sessions of the seed generator)',
    }),
    f('acknowledged mutations lost', lost + (drained ? 0 : 1), 'count', {
      budget: { op: '<=', limit: 0 },
      note: drained
        ? 'every device drained its outbox'
        : 'some devices could not get their last batch acknowledged',
    }),
    f('mutations stored twice', duplicated, 'count', {
      budget: { op: '<=', limit: 0 },
      note: `${unacknowledgedStored} stored without acknowledgement (a request cut after commit: allowed); ${deviceCounters} device counters differ from the last ack`,
    }),
  ];
};

/** Mean wait for and hold of the structure's lock per push, from every process's metrics. */
const lockTimings = async (servers: { baseURL: string }[], token: string) => {
  let pushes = 0;
  let wait = 0;
  let held = 0;
  let oneCall = 0;
  for (const s of servers) {
    const text = await (
      await fetch(`${s.baseURL}/api/metrics`, { headers: { Authorization: `Bearer ${token}` } })
    ).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    pushes += value('sillon_push_lock_held_seconds_count');
    oneCall += value('sillon_push_ways_total\\{way="one_call"\\}');
    wait += value('sillon_push_lock_wait_seconds_sum');
    held += value('sillon_push_lock_held_seconds_sum');
  }
  const mean = (sum: number) => (pushes ? (sum * 1000) / pushes : 0);
  return { pushes, oneCall, waitMs: mean(wait), heldMs: mean(held) };
};

const RUNS = {
  sqlite: () => ({ target: sqliteTarget(), processes: 1 }),
  postgres: () => ({ target: postgresTarget(), processes: 1 }),
  // A département's shape: several processes on one PostgreSQL.
  'postgres-3': () => ({ target: postgresTarget(), processes: 3 }),
} satisfies Record<string, () => Run>;

/** SILLON_BENCH_LOAD=postgres,postgres-3 runs some of them (default: all). */
export const runLoad = async (): Promise<Figure[]> => {
  const figures: Figure[] = [];
  const wanted = (process.env.SILLON_BENCH_LOAD ?? Object.keys(RUNS).join(',')).split(',');
  for (const id of wanted) {
    const make = RUNS[id as keyof typeof RUNS];
    if (!make) throw new Error(`SILLON_BENCH_LOAD: unknown run ${id} (${Object.keys(RUNS).join(', ')})`);
    const run = make();
    log(
      `load: ${LOAD.structures * LOAD.devicesPerStructure} devices for ${LOAD.durationMs / 1000} s on ${run.target.kind}, ${run.processes} process(es)…`,
    );
    figures.push(...(await runOne(run)));
  }
  return figures;
};
