import { describe, expect, it } from 'vitest';

import type { PullResponse } from './sync';
import { RECORDS_PER_PAUSE, decodePullPage, encodePullPage } from './sync-page';

const record = (i: number): PullResponse['records'][number] => ({
  table: 'beneficiaries',
  id: `0190a0b0-0000-7000-8000-${String(i).padStart(12, '0')}`,
  version: i + 1,
  deleted: false,
  // Line breaks, a separator-looking text and non-ASCII letters inside values.
  data: { nom: `Lefèvre\n${i}`, notes: 'a,\n]}\r\n{"x":1}\u2028', liste: [i, { n: null }] },
  blobs: [],
});

const page = (count: number): PullResponse => ({
  records: Array.from({ length: count }, (_, i) => record(i)),
  conflicts: [],
  cursor: count,
  more: count > 2,
  latest: 9000,
  purged: { tombstones: 0, conflicts: 0 },
});

describe('pull page text', () => {
  it.each([0, 1, 2, RECORDS_PER_PAUSE, 2 * RECORDS_PER_PAUSE + 7])(
    'is plain JSON and reads back the same, a line at a time (%i records)',
    async (count) => {
      const text = encodePullPage(page(count));
      expect(JSON.parse(text)).toEqual(page(count));
      let pauses = 0;
      const read = await decodePullPage(text, async () => void (pauses += 1));
      expect(read).toEqual(page(count));
      expect(pauses).toBe(Math.floor(count / RECORDS_PER_PAUSE));
      if (count > 0) expect(text.split('\n')).toHaveLength(count + 2);
    },
  );

  it('reads an older server’s single-line page whole', async () => {
    const text = JSON.stringify(page(3));
    expect(await decodePullPage(text, async () => undefined)).toEqual(page(3));
  });

  it('throws on a page cut short, as JSON.parse does', async () => {
    const text = encodePullPage(page(5));
    await expect(decodePullPage(text.slice(0, text.length - 40), async () => undefined)).rejects.toThrow();
    await expect(decodePullPage(`${text.slice(0, 200)}\n]}`, async () => undefined)).rejects.toThrow();
  });
});
