// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';

import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { afterAll, describe, expect, it } from 'vitest';

import { mountStaticApp } from './static';

// A built app in miniature: a hashed asset with the brotli and gzip copies the build makes.
const dist = mkdtempSync(join(tmpdir(), 'sillon-static-'));
const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `mot ${i}`))};`;
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'assets', 'app-abc123.js'), script);
writeFileSync(join(dist, 'assets', 'app-abc123.js.br'), brotliCompressSync(script));
writeFileSync(join(dist, 'assets', 'app-abc123.js.gz'), gzipSync(script, { level: 9 }));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Sillon</title><div id="root"></div>');
// The home screen rendered at build, for « / » only.
const home = '<!doctype html><title>Sillon</title><div id="root" data-prerendered="/"><h1>Accueil</h1></div>';
writeFileSync(join(dist, 'home.html'), home);
writeFileSync(join(dist, 'home.html.br'), brotliCompressSync(home));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

// As in server/app.ts: the on-the-fly compression runs before the static files.
const app = new Hono();
app.use('*', compress());
mountStaticApp(app, dist);

const get = async (path: string, acceptEncoding?: string) => {
  const res = await app.request(
    path,
    acceptEncoding ? { headers: { 'Accept-Encoding': acceptEncoding } } : {},
  );
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};

describe('static app', () => {
  it('sends the brotli copy made at build when the browser accepts it, cached for a year', async () => {
    const { res, body } = await get('/assets/app-abc123.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBe('br');
    expect(res.headers.get('Content-Type')).toMatch(/javascript/);
    expect(res.headers.get('Vary')).toMatch(/Accept-Encoding/i);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(body).toString()).toBe(script);
  });

  it('sends the gzip copy to a client without brotli, and the file itself to one without either', async () => {
    const gz = await get('/assets/app-abc123.js', 'gzip, deflate');
    expect(gz.res.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get('/assets/app-abc123.js');
    expect(plain.res.headers.get('Content-Encoding')).toBeNull();
    expect(plain.body.toString()).toBe(script);
  });

  it('answers « / » with the prerendered home, never cached, in brotli', async () => {
    const first = await get('/', 'gzip, deflate, br');
    expect(first.res.headers.get('Cache-Control')).toBe('no-cache');
    expect(first.res.headers.get('Content-Encoding')).toBe('br');
    expect(first.res.headers.get('Content-Type')).toMatch(/text\/html/);
    expect(brotliDecompressSync(first.body).toString()).toBe(home);
  });

  it('falls back to the plain index.html on a deep link, never cached', async () => {
    for (const path of ['/beneficiaires/abc', '/index.html']) {
      const deep = await get(path);
      expect(deep.res.status).toBe(200);
      expect(deep.res.headers.get('Cache-Control')).toBe('no-cache');
      expect(deep.body.toString()).toContain('<div id="root"></div>');
    }
  });
});
