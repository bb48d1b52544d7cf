// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openPostgres } from './db/postgres';
import { Store } from './store';
import { DATABASE_KINDS, TEST_DATABASE_URL, openTestStore, type TestStore } from './test-support';
import { THROTTLE_RULES, Throttle, type ThrottleKey } from './throttle';

const MINUTE = 60_000;

describe.each(DATABASE_KINDS)('sign-in throttle on %s', (kind) => {
  let t: TestStore;
  let clock = Date.parse('2026-03-02T09:00:00Z');
  const now = () => new Date(clock);
  let throttle: Throttle;

  beforeAll(async () => {
    t = await openTestStore(kind);
    throttle = new Throttle(t.store.db, now);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const pair = (email: string, address: string): ThrottleKey => ({
    scope: 'pair',
    value: `${email}|${address}`,
  });

  it('locks a key at its limit, for longer at each further failure, and frees it after the lock', async () => {
    const key = pair('a@ex.fr', '192.0.2.1');
    for (let i = 1; i < THROTTLE_RULES.pair.max; i++) {
      await throttle.fail([key]);
      expect(await throttle.retryAfter([key])).toBe(0);
    }
    await throttle.fail([key]);
    expect(await throttle.retryAfter([key])).toBe(30_000);
    clock += 30_001;
    expect(await throttle.retryAfter([key])).toBe(0);
    await throttle.fail([key]);
    expect(await throttle.retryAfter([key])).toBe(60_000);
    // The lock never grows past its cap.
    for (let i = 0; i < 30; i++) await throttle.fail([key]);
    expect(await throttle.retryAfter([key])).toBe(15 * MINUTE);
    // Another address, and the same address for another account, are not held.
    expect(await throttle.retryAfter([pair('a@ex.fr', '192.0.2.2'), pair('b@ex.fr', '192.0.2.1')])).toBe(0);
  });

  it('starts again from zero after a quiet window, and forgets a cleared key', async () => {
    const key = pair('c@ex.fr', '192.0.2.9');
    for (let i = 0; i < THROTTLE_RULES.pair.max - 1; i++) await throttle.fail([key]);
    clock += THROTTLE_RULES.pair.windowMs + 1;
    await throttle.fail([key]);
    expect(await throttle.retryAfter([key])).toBe(0);
    for (let i = 0; i < THROTTLE_RULES.pair.max; i++) await throttle.fail([key]);
    expect(await throttle.retryAfter([key])).toBeGreaterThan(0);
    await throttle.clear([key]);
    expect(await throttle.retryAfter([key])).toBe(0);
  });

  it('keeps no e-mail address in the table, and purges what is long over', async () => {
    const rows = await t.store.db.all<{ key: string }>('SELECT key FROM auth_throttle');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.key).toMatch(/^[0-9a-f]{64}$/);
    clock += 2 * 60 * MINUTE;
    expect(await throttle.purge()).toBe(rows.length);
  });

  it('survives a restart: the state is in the database, not in the process', async () => {
    const key = pair('d@ex.fr', '192.0.2.4');
    for (let i = 0; i < THROTTLE_RULES.pair.max; i++) await throttle.fail([key]);
    const store = await t.reopen();
    throttle = new Throttle(store.db, now);
    expect(await throttle.retryAfter([key])).toBeGreaterThan(0);
  });
});

describe('sign-in throttle shared by several processes on PostgreSQL', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('postgres');
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('counts every failure exactly when several processes fail at once', async () => {
    const now = () => new Date('2026-03-02T09:00:00Z');
    // Two connection pools on the same schema stand for two server processes.
    const schema = await t.store.db.get<{ s: string }>('SELECT current_schema() AS s');
    const other = new Store(await openPostgres(TEST_DATABASE_URL, { schema: schema!.s }));
    try {
      const a = new Throttle(t.store.db, now);
      const b = new Throttle(other.db, now);
      const key: ThrottleKey = { scope: 'address', value: '198.51.100.7' };
      await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).fail([key])));
      const counted = await t.store.db.all<{ failures: number }>('SELECT failures FROM auth_throttle');
      expect(counted.map((r) => Number(r.failures))).toEqual([24]);
      expect(await a.retryAfter([key])).toBe(0);
      await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).fail([key])));
      expect(await b.retryAfter([key])).toBe(15 * MINUTE);
    } finally {
      await other.close();
    }
  });
});
