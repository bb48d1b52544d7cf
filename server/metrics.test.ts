// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION } from '../src/domain/sync';
import { createApp } from './app';
import { createLogger } from './log';
import { DATABASE_KINDS, openTestStore, seedStructure, signedInDevice, type TestStore } from './test-support';

describe.each(DATABASE_KINDS)('health and metrics on %s', (kind) => {
  let t: TestStore;
  let app: ReturnType<typeof createApp>;
  const token = 'un-jeton-de-supervision-assez-long';

  beforeAll(async () => {
    t = await openTestStore(kind);
    app = createApp({
      distDir: '/nonexistent',
      store: t.store,
      logger: createLogger('silent'),
      metricsToken: token,
    });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('says in /api/health that the database answers, with the epoch', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok', epoch: expect.any(String) });
  });

  it('serves Prometheus metrics only with the token, by route pattern, with pending blobs', async () => {
    const { structureId } = await seedStructure(t.store, 'Tiers-lieu', []);
    const missing = 'a'.repeat(64);
    await t.store.db.run(
      `INSERT INTO records (tbl, id, structure_id, version, deleted, data, field_versions, blobs, updated_at)
       VALUES ('loans', 'l1', ?, 1, 0, '{}', '{}', ?, '2026-01-01')`,
      [structureId, JSON.stringify([missing])],
    );
    // 401, counted under the route's pattern, not its hash.
    await app.request(`/api/blobs/${'b'.repeat(64)}`, {
      headers: { [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION) },
    });
    expect((await app.request('/api/metrics')).status).toBe(404);
    expect((await app.request('/api/metrics', { headers: { Authorization: 'Bearer faux' } })).status).toBe(
      404,
    );
    const res = await app.request('/api/metrics', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/sillon_http_requests_total\{method="GET",route="\/api\/health",status="200"\} 1/);
    expect(text).toContain('route="/api/blobs/:hash"');
    expect(text).not.toContain('b'.repeat(64));
    expect(text).toMatch(
      /sillon_http_request_duration_seconds_bucket\{le="0.3",method="GET",route="\/api\/health"\} 1/,
    );
    expect(text).toMatch(/^sillon_pending_blobs 1$/m);
    expect(text).toContain('sillon_process_cpu_seconds_total');
  });

  it("times each push's wait for its structure's lock and its hold of it", async () => {
    const { structureId, users } = await seedStructure(t.store, 'Médiathèque', ['ana@ex.fr']);
    const who = await signedInDevice(t.store, structureId, users['ana@ex.fr']!.userId);
    await t.store.push(who, { deviceId: who.deviceId, mutations: [] });
    await t.store.push(who, { deviceId: who.deviceId, mutations: [] });
    const text = await (
      await app.request('/api/metrics', { headers: { Authorization: `Bearer ${token}` } })
    ).text();
    expect(text).toMatch(/^sillon_push_lock_wait_seconds_count 2$/m);
    expect(text).toMatch(/^sillon_push_lock_held_seconds_count 2$/m);
    const held = Number(/^sillon_push_lock_held_seconds_sum (\S+)$/m.exec(text)?.[1]);
    expect(held).toBeGreaterThan(0);
    // PostgreSQL writes a push in one call (server/push-one-call.ts); SQLite in its transaction.
    const way = kind === 'postgres' ? 'one_call' : 'transaction';
    expect(text).toMatch(new RegExp(`^sillon_push_ways_total\\{way="${way}"\\} 2$`, 'm'));
  });

  it('answers 503 from /api/health when the database does not', async () => {
    const other = await openTestStore(kind);
    const broken = createApp({ distDir: '/nonexistent', store: other.store, logger: createLogger('silent') });
    await other.store.close();
    const res = await broken.request('/api/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'unavailable' });
    await other.cleanup();
  });
});
