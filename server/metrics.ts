// Prometheus metrics (prom-client), for whoever watches a département's Sillon: requests and their
// latencies by route (the route's pattern, never an id), pushes, mutations and refusals, blobs that
// records name and the server has not received yet, and Node's own process metrics.
// Off by default: GET /api/metrics answers only when SILLON_METRICS_TOKEN is set, and only to
// `Authorization: Bearer <that token>` (docs/deployment.md, « Surveiller »).
import { timingSafeEqual } from 'node:crypto';

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { PushResponse } from '../src/domain/sync';
import type { Database } from './db/sql';

/** Blobs named by a record that the server does not hold (a tablet has not uploaded them yet). */
const pendingBlobsQuery = (dialect: 'sqlite' | 'postgres'): string =>
  dialect === 'sqlite'
    ? `SELECT COUNT(DISTINCT j.value) AS n FROM records r, json_each(r.blobs) j
       WHERE r.blobs <> '[]' AND j.value NOT IN (SELECT hash FROM blobs)`
    : `SELECT COUNT(DISTINCT j.value) AS n FROM records r, json_array_elements_text(r.blobs::json) j
       WHERE r.blobs <> '[]' AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.hash = j.value)`;

const LOCK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2];

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'sillon_http_requests_total',
    help: 'API requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'sillon_http_request_duration_seconds',
    help: 'Time to answer an API request, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  private readonly pushes = new Counter({
    name: 'sillon_pushes_total',
    help: 'Pushes applied.',
    registers: [this.registry],
  });
  private readonly mutations = new Counter({
    name: 'sillon_push_mutations_total',
    help: 'Mutations received in pushes (retries included).',
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'sillon_push_refusals_total',
    help: 'Changes refused by the server, by reason.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  private readonly lockWait = new Histogram({
    name: 'sillon_push_lock_wait_seconds',
    help: "Time a push waited for its structure's version lock (a connection, then the lock).",
    buckets: LOCK_BUCKETS,
    registers: [this.registry],
  });
  private readonly lockHeld = new Histogram({
    name: 'sillon_push_lock_held_seconds',
    help: "Time a push held its structure's version lock, from taking it to its commit.",
    buckets: LOCK_BUCKETS,
    registers: [this.registry],
  });

  private readonly pushWays = new Counter({
    name: 'sillon_push_ways_total',
    help: 'Pushes written in one call (PostgreSQL, decided from a snapshot) or by a transaction holding the lock.',
    labelNames: ['way'] as const,
    registers: [this.registry],
  });

  constructor(db?: Database) {
    collectDefaultMetrics({ register: this.registry, prefix: 'sillon_' });
    if (db) {
      let cached: { at: number; value: number } | undefined;
      new Gauge({
        name: 'sillon_pending_blobs',
        help: 'Blobs (signatures, documents) named by records that the server has not received yet.',
        registers: [this.registry],
        async collect() {
          // One count a minute at most: a scrape must not become the database's heaviest query.
          if (!cached || Date.now() - cached.at > 60_000) {
            const row = await db.get<{ n: number }>(pendingBlobsQuery(db.dialect));
            cached = { at: Date.now(), value: Number(row?.n ?? 0) };
          }
          this.set(cached.value);
        },
      });
    }
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  pushLock(waitSeconds: number, heldSeconds: number, way: 'one_call' | 'transaction'): void {
    this.lockWait.observe(waitSeconds);
    this.lockHeld.observe(heldSeconds);
    this.pushWays.inc({ way });
  }

  push(mutations: number, response: PushResponse): void {
    this.pushes.inc();
    this.mutations.inc(mutations);
    for (const refused of response.refused ?? []) this.refusals.inc({ code: refused.code });
  }
}

/** Whether the request carries the metrics token (compared in constant time). */
export const metricsAllowed = (token: string | undefined, header: string | undefined): boolean => {
  if (!token) return false;
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
};
