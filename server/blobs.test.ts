// @vitest-environment node
// Blobs that cannot run (issue 9, item 5), on both databases: the type comes from the bytes (an HTML
// page is refused whatever its Content-Type), answers carry nosniff, a sandbox CSP and a download
// disposition for PDFs, a structure reads only the blobs its own records name, a record may only name
// blobs its structure uploaded, a quota per structure answers 507, and unreferenced blobs are collected.
import { createHash, randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION, type Mutation, type PushResponse } from '../src/domain/sync';
import { createApp } from './app';
import { BLOB_GRACE_MS, BlobStore } from './blobs';
import { hashToken, newToken } from './crypto';
import { createLogger } from './log';
import type { Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, type TestStore } from './test-support';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (text: string) => Buffer.concat([Buffer.from(PNG), Buffer.from(text)]);
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF`);
const jpeg = (text: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(text)]);
const webp = (text: string) =>
  Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '), Buffer.from(text)]);
const html = Buffer.from('<!doctype html><script>fetch("/api/me")</script>');
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.each(DATABASE_KINDS)('blobs on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let clock = new Date();
  let app: ReturnType<typeof createApp>;
  const QUOTA = 64 * 1024;
  const tokens: Record<string, string> = {};
  const devices: Record<string, string> = {};
  const seqs: Record<string, number> = {};

  const device = async (name: string, structureId: string, userId: string) => {
    const token = newToken();
    const deviceId = randomUUID();
    await store.registerDevice({ deviceId, userId, structureId, tokenHash: hashToken(token) });
    tokens[name] = token;
    devices[name] = deviceId;
    seqs[name] = 0;
  };

  beforeAll(async () => {
    t = await openTestStore(kind, { now: () => clock });
    store = t.store;
    app = createApp({ distDir: '/nonexistent', store, logger: createLogger('silent'), blobQuota: QUOTA });
    const a = await seedStructure(store, 'Mairie', ['lea@ex.fr']);
    const b = await seedStructure(store, 'Médiathèque', ['zoe@ex.fr']);
    await device('lea', a.structureId, a.users['lea@ex.fr']!.userId);
    await device('zoe', b.structureId, b.users['zoe@ex.fr']!.userId);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const headers = (who: string, extra: Record<string, string> = {}) => ({
    [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION),
    Authorization: `Bearer ${tokens[who]}`,
    ...extra,
  });
  const upload = (who: string, data: Buffer, type = 'application/octet-stream', hash = sha(data)) =>
    app.request(`/api/blobs/${hash}`, {
      method: 'PUT',
      body: new Uint8Array(data),
      headers: headers(who, { 'Content-Type': type }),
    });
  const read = (who: string, hash: string) => app.request(`/api/blobs/${hash}`, { headers: headers(who) });
  const push = async (who: string, ...changes: Omit<Mutation, 'seq' | 'at'>[]): Promise<PushResponse> => {
    const mutations = changes.map((c) => ({ ...c, seq: ++seqs[who]!, at: clock.toISOString() }));
    const response = await app.request('/api/sync/push', {
      method: 'POST',
      body: JSON.stringify({ deviceId: devices[who], mutations }),
      headers: headers(who, { 'Content-Type': 'application/json' }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as PushResponse;
  };
  const put = (
    table: Mutation['table'],
    recordId: string,
    patch: Record<string, unknown>,
    baseVersion = 0,
  ) => ({
    table,
    recordId,
    op: 'put' as const,
    patch,
    baseVersion,
  });
  /** A loan (with its borrower and item) whose hand-over photo is `photo`. */
  const lendWithPhoto = async (who: string, photo: string) => {
    const beneficiary = newId();
    const item = newId();
    const loan = newId();
    const result = await push(
      who,
      put('beneficiaries', beneficiary, { anonyme: false, prenom: 'Jeanne', nom: 'Roche' }),
      put('items', item, {
        type: 'tablette',
        inventoryNumber: `T-${loan.slice(0, 6)}`,
        accessoires: [],
        status: 'disponible',
      }),
      put('loans', loan, {
        itemIds: [item],
        beneficiaryId: beneficiary,
        startDate: '2026-03-01',
        plannedReturnDate: '2026-04-01',
        extensions: [],
        handover: [],
        returns: [],
        status: 'en_cours',
        photo,
      }),
    );
    return { loan, result };
  };
  const count = async (sql: string, params: (string | number)[] = []) =>
    Number((await store.db.get<{ n: number }>(sql, params))?.n ?? 0);

  it('decides the type from the bytes: PDF, PNG, JPEG and WebP only, an HTML page is 415 JSON', async () => {
    for (const [data, type] of [
      [pdf('a'), 'application/pdf'],
      [png('b'), 'image/png'],
      [jpeg('c'), 'image/jpeg'],
      [webp('d'), 'image/webp'],
    ] as const) {
      const response = await upload('lea', data, 'text/html');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, type });
    }
    const before = await count('SELECT COUNT(*) AS n FROM blobs');
    for (const [data, claimed] of [
      [html, 'image/png'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml'],
      [Buffer.from(' %PDF-1.4 shifted'), 'application/pdf'],
      [Buffer.from('GIF89a'), 'image/gif'],
      [Buffer.alloc(0), 'application/pdf'],
    ] as const) {
      const response = await upload('lea', data, claimed);
      expect(response.status).toBe(415);
      expect(response.headers.get('Content-Type')).toMatch(/application\/json/);
      expect(await response.json()).toMatchObject({
        error: 'unsupported_type',
        message: expect.stringMatching(/PDF/),
      });
    }
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(before);
  });

  it('serves a blob only to a structure whose live record names it, with headers that let nothing run', async () => {
    const photo = png('photo de remise');
    const hash = sha(photo);
    expect((await upload('lea', photo, 'image/png')).status).toBe(200);
    // Uploaded but named by no record yet: not served (the push naming it follows the upload).
    expect((await read('lea', hash)).status).toBe(404);
    const { loan, result } = await lendWithPhoto('lea', hash);
    expect(result.refused).toBeUndefined();
    const served = await read('lea', hash);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(photo);
    expect(served.headers.get('Content-Type')).toBe('image/png');
    expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(served.headers.get('Content-Security-Policy')).toMatch(/(^|; )sandbox(;|$)/);
    expect(served.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
    expect(served.headers.get('Content-Disposition')).toMatch(
      /^inline; filename="sillon-[0-9a-f]{12}\.png"$/,
    );

    // Another structure that knows the hash cannot read it, nor get it by naming it in a record.
    expect((await read('zoe', hash)).status).toBe(404);
    const stolen = await lendWithPhoto('zoe', hash);
    expect(stolen.result.refused).toEqual([
      expect.objectContaining({ code: 'unknown_blob', message: expect.stringMatching(/fichier joint/) }),
    ]);
    expect((await read('zoe', hash)).status).toBe(404);

    // Once the loan names another photo, nobody reads the first one.
    const version = Number(
      (await store.db.get<{ version: number }>('SELECT version FROM records WHERE tbl = ? AND id = ?', [
        'loans',
        loan,
      ]))!.version,
    );
    const other = png('autre photo');
    expect((await upload('lea', other)).status).toBe(200);
    expect((await push('lea', put('loans', loan, { photo: sha(other) }, version))).refused).toBeUndefined();
    expect((await read('lea', hash)).status).toBe(404);
    expect((await read('lea', sha(other))).status).toBe(200);
  });

  it('serves a PDF as a download, and a row stored by an older server by its bytes, not its stored type', async () => {
    const agreement = pdf('convention');
    const hash = sha(agreement);
    expect((await upload('lea', agreement)).status).toBe(200);
    await lendWithPhoto('lea', hash); // any field that names a blob makes it readable
    const served = await read('lea', hash);
    expect(served.headers.get('Content-Type')).toBe('application/pdf');
    expect(served.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="sillon-[0-9a-f]{12}\.pdf"$/,
    );

    // A hostile page planted by an older server that believed the device's Content-Type.
    const planted = sha(html);
    const structureId = (await store.db.get<{ structure_id: string }>(
      'SELECT structure_id FROM devices WHERE id = ?',
      [devices.lea!],
    ))!.structure_id;
    await store.db.run('INSERT INTO blobs (hash, type, size, data, created_at) VALUES (?, ?, ?, ?, ?)', [
      planted,
      'text/html',
      html.length,
      html,
      clock.toISOString(),
    ]);
    await store.db.run('INSERT INTO blob_owners (hash, structure_id) VALUES (?, ?)', [planted, structureId]);
    // An item of the structure names it, as the record_blobs migration would have filled it.
    const item = (await store.db.get<{ id: string }>(
      'SELECT id FROM records WHERE tbl = ? AND structure_id = ? AND deleted = 0',
      ['items', structureId],
    ))!.id;
    await store.db.run('UPDATE records SET blobs = ? WHERE tbl = ? AND id = ?', [
      JSON.stringify([planted]),
      'items',
      item,
    ]);
    await store.db.run('INSERT INTO record_blobs (tbl, record_id, structure_id, hash) VALUES (?, ?, ?, ?)', [
      'items',
      item,
      structureId,
      planted,
    ]);
    const hostile = await read('lea', planted);
    expect(hostile.status).toBe(200);
    expect(hostile.headers.get('Content-Type')).toBe('application/octet-stream');
    expect(hostile.headers.get('Content-Disposition')).toMatch(/^attachment;/);
    expect(hostile.headers.get('Content-Security-Policy')).toMatch(/sandbox/);
    expect(hostile.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('holds each structure to its quota: 507 JSON beyond it, nothing stored, the other structure unaffected', async () => {
    const blobs = new BlobStore(store.db, store.now, QUOTA);
    const structureOf = async (who: string) =>
      (await store.db.get<{ structure_id: string }>('SELECT structure_id FROM devices WHERE id = ?', [
        devices[who]!,
      ]))!.structure_id;
    const used = await blobs.used(await structureOf('lea'));
    const big = png('x'.repeat(QUOTA - used - 100));
    expect((await upload('lea', big)).status).toBe(200);
    const before = await count('SELECT COUNT(*) AS n FROM blobs');
    const over = await upload('lea', png('y'.repeat(200)));
    expect(over.status).toBe(507);
    expect(await over.json()).toMatchObject({
      error: 'quota_exceeded',
      message: expect.stringMatching(/plein/),
    });
    expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(before);
    // The same bytes again cost nothing (already held); another structure has its own quota.
    expect((await upload('lea', big)).status).toBe(200);
    expect((await upload('zoe', png('y'.repeat(200)))).status).toBe(200);
  });

  it('collects blobs no live record names, once past the grace period of an upload', async () => {
    const blobs = new BlobStore(store.db, store.now, QUOTA);
    await blobs.collect(); // what earlier tests left
    const kept = png('gardée');
    const dropped = png('remplacée');
    const fresh = png('envoyée à l’instant');
    for (const data of [kept, dropped]) expect((await upload('zoe', data)).status).toBe(200);
    const { loan } = await lendWithPhoto('zoe', sha(dropped));
    const version = Number(
      (await store.db.get<{ version: number }>('SELECT version FROM records WHERE tbl = ? AND id = ?', [
        'loans',
        loan,
      ]))!.version,
    );
    // A new photo replaces the first: the first is named by nothing any more.
    expect((await push('zoe', put('loans', loan, { photo: sha(kept) }, version))).refused).toBeUndefined();
    clock = new Date(clock.getTime() + BLOB_GRACE_MS + 60_000);
    expect((await upload('zoe', fresh)).status).toBe(200);
    await blobs.collect();
    const present = async (data: Buffer) =>
      count('SELECT COUNT(*) AS n FROM blobs WHERE hash = ?', [sha(data)]);
    expect(await present(kept)).toBe(1);
    expect(await present(dropped)).toBe(0);
    expect(await present(fresh)).toBe(1);
    expect((await read('zoe', sha(kept))).status).toBe(200);
  });
});
