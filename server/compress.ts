// The pull's pages are the server's largest answers (up to 2,000 records). They are written as bytes
// and compressed with Node's zlib on its thread pool: Hono's compress() reads a string body through
// web streams, which on this server cost as much CPU as the compression itself (README, « Server
// under load »). Brotli where the client accepts it (quality 4: as fast as gzip, smaller; 5 for the
// large pages of a first sync, whose bytes bound its time on a slow link), else gzip.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

import type { Context } from 'hono';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Below this, compressing costs more than it saves. */
const THRESHOLD = 1024;
/**
 * From this size brotli works at quality 5: measured on pages of 1,000 records (725 KB of JSON),
 * 5 % fewer bytes than quality 4 (75 B instead of 79 B per record) for about 20 ms more of the
 * thread pool per page; incremental pulls stay far below it.
 */
const LARGE = 256 * 1024;

/** The encoding to answer with, from an Accept-Encoding header (q=0 refuses one). */
export const chooseEncoding = (accept: string | undefined): 'br' | 'gzip' | undefined => {
  if (!accept) return undefined;
  const q = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    q.set(name.trim(), weight === undefined ? 1 : Number(weight));
  }
  const accepted = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  return accepted('br') ? 'br' : accepted('gzip') ? 'gzip' : undefined;
};

/** `value` as a JSON answer, compressed off the event loop when the client accepts it. */
export const compressedJson = (c: Context, value: unknown): Promise<Response> =>
  compressedJsonText(c, JSON.stringify(value));

/** A JSON text already written (a pull page, one record per line: src/domain/sync-page.ts). */
export const compressedJsonText = async (c: Context, text: string): Promise<Response> => {
  const body = Buffer.from(text);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=UTF-8',
    Vary: 'Accept-Encoding',
  };
  const encoding = body.length >= THRESHOLD ? chooseEncoding(c.req.header('Accept-Encoding')) : undefined;
  if (!encoding) return c.body(body, 200, headers);
  const compressed =
    encoding === 'br'
      ? await brotli(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: body.length >= LARGE ? 5 : 4,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        })
      : await gzipped(body, { level: 6 });
  return c.body(compressed, 200, { ...headers, 'Content-Encoding': encoding });
};
