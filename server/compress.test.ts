import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';

import { chooseEncoding, compressedJson } from './compress';

const big = { changes: Array.from({ length: 200 }, (_, i) => ({ id: i, nom: `Lieu ${i} — é` })) };
const app = new Hono()
  .get('/big', (c) => compressedJson(c, big))
  .get('/small', (c) => compressedJson(c, { ok: 1 }));

describe('chooseEncoding', () => {
  it.each<[string | undefined, 'br' | 'gzip' | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['identity', undefined],
    ['GZIP;q=0.5', 'gzip'],
  ])('%s → %s', (accept, expected) => expect(chooseEncoding(accept)).toBe(expected));
});

describe('compressedJson', () => {
  it('answers brotli when accepted, with the same JSON inside', async () => {
    const res = await app.request('/big', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(res.headers.get('Content-Encoding')).toBe('br');
    expect(res.headers.get('Vary')).toBe('Accept-Encoding');
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(JSON.parse(brotliDecompressSync(bytes).toString('utf8'))).toEqual(big);
  });

  it('answers gzip when only gzip is accepted', async () => {
    const res = await app.request('/big', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'))).toEqual(big);
  });

  it('answers plain JSON without Accept-Encoding, and for a small answer', async () => {
    const plain = await app.request('/big');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(await plain.json()).toEqual(big);
    const small = await app.request('/small', { headers: { 'Accept-Encoding': 'br' } });
    expect(small.headers.get('Content-Encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: 1 });
  });
});
