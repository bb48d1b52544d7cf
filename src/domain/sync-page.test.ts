import { describe, expect, it } from 'vitest';

import type { PullResponse } from './sync';
import { RECORDS_PER_PAUSE, decodePullChunks, decodePullPage, encodePullPage } from './sync-page';

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

  it.each([1, 7, 64, 1000, 100_000])(
    'reads the same from the text as it arrives, in chunks of %i characters',
    async (size) => {
      const text = encodePullPage(page(2 * RECORDS_PER_PAUSE + 7));
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
        text.slice(i * size, (i + 1) * size),
      );
      let pauses = 0;
      expect(await decodePullChunks(chunks, async () => void (pauses += 1))).toEqual(
        page(2 * RECORDS_PER_PAUSE + 7),
      );
      expect(pauses).toBe(2);
      // An older server's single line, and a page without records, arrive in chunks too.
      const single = JSON.stringify(page(3));
      expect(await decodePullChunks([single.slice(0, 50), single.slice(50)], async () => undefined)).toEqual(
        page(3),
      );
      const empty = encodePullPage(page(0));
      expect(await decodePullChunks([empty.slice(0, 10), empty.slice(10)], async () => undefined)).toEqual(
        page(0),
      );
    },
  );

  it('throws on a text that stops arriving before its end', async () => {
    const text = encodePullPage(page(5));
    const cut = text.slice(0, text.lastIndexOf('\n', text.length - 5) + 1);
    await expect(
      decodePullChunks([cut.slice(0, 100), cut.slice(100)], async () => undefined),
    ).rejects.toThrow();
    await expect(decodePullChunks([text.slice(0, text.length - 2)], async () => undefined)).rejects.toThrow();
  });

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
