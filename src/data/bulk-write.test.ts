// @vitest-environment node
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';

import { bulkWrite, inSlices, MIN_SLICE_ROWS } from './bulk-write';
import { SillonDB } from './db';

const dbs: SillonDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('bulk writes in slices', () => {
  it('writes every row once, in order, from one row doubling up to the minimum when rows are costly', async () => {
    const rows = Array.from({ length: 537 }, (_, i) => i);
    const slices: number[][] = [];
    // Costly rows (each slice « held the main thread » far longer than the target): slices shrink.
    await inSlices(rows, async (slice, report) => {
      slices.push(slice);
      report(100 * slice.length);
    });
    expect(slices.flat()).toEqual(rows);
    expect(slices.slice(0, 5).map((s) => s.length)).toEqual([1, 2, 4, 8, MIN_SLICE_ROWS]);
    expect(slices.slice(4, -1).every((s) => s.length === MIN_SLICE_ROWS)).toBe(true);
  });

  it('hands the main thread back before each slice, after the answer of the one before it', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => i);
    const events: string[] = [];
    // yieldToInterface takes scheduler.yield where the browser has it: here, one that records it.
    const global = globalThis as { scheduler?: unknown };
    const before = global.scheduler;
    // Each yield and each answer a task of its own (a timer): a write that follows an answer in its
    // task shows right after it, one that follows a yield right after « yielded ».
    const task = (record: string) => new Promise<void>((r) => setTimeout(() => r(void events.push(record)), 0));
    global.scheduler = { yield: () => task('yielded') };
    try {
      await inSlices(rows, (slice) => {
        events.push(`write ${slice[0]}`);
        return task(`answered ${slice[0]}`);
      });
    } finally {
      global.scheduler = before;
    }
    const writes = events.flatMap((e, i) => (e.startsWith('write') ? [i] : []));
    expect(writes.length).toBeGreaterThan(5);
    // Every slice's work starts right after a yield: never in the task of an answer or of a slice.
    for (const i of writes) expect(events[i - 1], events.slice(0, i + 1).join(', ')).toBe('yielded');
    expect(events.filter((e) => e.startsWith('answered'))).toHaveLength(writes.length);
  });

  it('grows the slices when the rows are cheap, up to a bound', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => i);
    const sizes: number[] = [];
    await inSlices(rows, async (slice, report) => {
      sizes.push(slice.length);
      report(0.01 * slice.length);
    });
    expect(sizes.slice(0, 7)).toEqual([1, 2, 4, 8, 16, 32, 40]);
    expect(Math.max(...sizes)).toBe(40);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3000);
  });

  it('fails when a slice fails, having issued only the two slices after it already in flight', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => i);
    const issued: number[] = [];
    await expect(
      inSlices(rows, async (slice) => {
        issued.push(slice[0]!);
        if (slice[0] === 0) throw new Error('disque plein');
      }),
    ).rejects.toThrow('disque plein');
    expect(issued).toEqual([0, 1, 2]);
  });

  it('rethrows a failure once the slices in flight are done, never while one is still writing', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => i);
    const settled: number[] = [];
    const failure = inSlices(rows, async (slice) => {
      if (slice[0] === 0) throw new Error('disque plein');
      // The two slices in flight after it take longer than the failure to be known.
      await new Promise((r) => setTimeout(r, 30));
      settled.push(slice[0]!);
    });
    await expect(failure).rejects.toThrow('disque plein');
    expect(settled).toEqual([1, 2]);
  });

  it('stores the rows as the app reads them, sealed at rest, each slice its own transaction', async () => {
    const db = new SillonDB(`bulk-${Math.random().toString(36).slice(2)}`);
    dbs.push(db);
    const people = Array.from({ length: 120 }, (_, i) => ({
      id: `b-${String(i).padStart(4, '0')}`,
      nom: `Nom${i}`,
      prenom: 'Alice',
      sortKey: `nom${i} alice`,
      searchTokens: [`nom${i}`, 'alice'],
      updatedAt: '2026-12-07T10:00:00Z',
    }));
    const written: number[] = [];
    await bulkWrite(db, 'beneficiaries', people, { onSlice: (n) => written.push(n) });
    expect(written.at(-1)).toBe(120);
    expect(written.length).toBeGreaterThan(1);
    expect((await db.beneficiaries.get('b-0042'))?.nom).toBe('Nom42');
    expect(await db.beneficiaries.count()).toBe(120);
    // Sealed in IndexedDB: no name in clear.
    const raw = new Dexie(db.name);
    await raw.open();
    try {
      const stored = await raw.table('beneficiaries').get('b-0042');
      expect(JSON.stringify(stored)).not.toContain('Nom42');
    } finally {
      raw.close();
    }
  });
});
