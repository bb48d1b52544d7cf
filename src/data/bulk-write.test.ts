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
  it('writes every row once, in order, in slices no smaller than the minimum but the last', async () => {
    const rows = Array.from({ length: 537 }, (_, i) => i);
    const slices: number[][] = [];
    // Costly rows (each slice « held the main thread » far longer than the target): slices shrink.
    await inSlices(rows, async (slice, report) => {
      slices.push(slice);
      report(100 * slice.length);
    });
    expect(slices.flat()).toEqual(rows);
    expect(slices[0]).toHaveLength(3);
    expect(slices.slice(1, -1).every((s) => s.length === MIN_SLICE_ROWS)).toBe(true);
  });

  it('grows the slices when the rows are cheap, up to a bound', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => i);
    const sizes: number[] = [];
    await inSlices(rows, async (slice, report) => {
      sizes.push(slice.length);
      report(0.01 * slice.length);
    });
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
    expect(issued).toEqual([0, 3, 6]);
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
