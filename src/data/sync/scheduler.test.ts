import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Lieu } from '../../domain/lieu';
import { getDb } from '../db';
import { setMeta } from '../meta';
import { saveRecord } from '../records';
import { getSyncStatus, requestSync, startSyncScheduler, subscribeSyncStatus } from './scheduler';
import { SESSION_KEY } from './session';

const setOnLine = (value: boolean) => Object.defineProperty(navigator, 'onLine', { value, configurable: true });

describe('sync scheduler', () => {
  afterEach(() => {
    setOnLine(true);
    vi.unstubAllGlobals();
  });

  it('does not try while the device has no network, and tries as soon as it returns', async () => {
    // No server here: any attempt ends in a (transient) error, which is enough to see it happened.
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const changes: boolean[] = [];
    const unsubscribe = subscribeSyncStatus(() => changes.push(getSyncStatus().running));
    setOnLine(false);
    startSyncScheduler();
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 50));
    expect(changes).toEqual([]);

    setOnLine(true);
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(changes[0]).toBe(true));
    await vi.waitFor(() => expect(getSyncStatus().running).toBe(false));
    unsubscribe();
  });
});

describe('a write made during a sync', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is pushed by one more sync right after, and the caller waits for it', async () => {
    const db = getDb();
    await Promise.all(db.tables.map((t) => t.clear()));
    await setMeta(db, SESSION_KEY, {
      token: 'x'.repeat(43),
      user: { userId: 'u1', name: 'Léa', email: 'l@ex.fr', role: 'conseiller', structureId: 's1', structureName: 'S' },
      signedInAt: new Date().toISOString(),
    });
    const signed = (body: unknown) =>
      new Response(JSON.stringify(body), {
        headers: { 'Content-Type': 'application/json', 'Sillon-Server': 'sillon-sync' },
      });
    // The sync's last request (the colleagues' names, asked because a conflict names someone) hangs
    // until the test has written: the engine has already looked at its outbox for the last time.
    await db.conflicts.put({
      id: 'c1',
      table: 'lieux',
      recordId: 'r1',
      field: 'nom',
      keptValue: 'a',
      lostValue: 'b',
      lostBy: 'u2',
      detectedAt: new Date().toISOString(),
    });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const pushed: number[][] = [];
    let asked = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        if (url.endsWith('/api/health')) return signed({ status: 'ok' });
        if (url.includes('/sync/push')) {
          const seqs = (JSON.parse(String(init?.body)) as { mutations: { seq: number }[] }).mutations.map((m) => m.seq);
          pushed.push(seqs);
          return signed({ ack: seqs.at(-1) ?? 0, conflicts: 0 });
        }
        if (url.includes('/sync/members')) {
          if (asked++ === 0) await held;
          return signed({ members: [] });
        }
        return signed({ records: [], conflicts: [], cursor: 0, more: false, latest: 0 });
      }),
    );
    await saveRecord<Lieu>(db, 'lieux', undefined, { nom: 'Mairie' });
    const first = requestSync();
    await vi.waitFor(() => expect(asked).toBe(1));
    // Written after the push and the pull, before the sync ends: the running sync will not send it.
    await saveRecord<Lieu>(db, 'lieux', undefined, { nom: 'Médiathèque' });
    const second = requestSync();
    release();
    expect(await second).toBe(true);
    expect(await first).toBe(true);
    expect(pushed).toEqual([[1], [2]]);
    expect(await db.outbox.count()).toBe(0);
  });
});
