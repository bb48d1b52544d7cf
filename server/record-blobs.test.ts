// @vitest-environment node
// Which record names which blob (record_blobs, server/record-blobs.ts), on both databases: written in
// the push that writes the record and rolled back with it, replaced when the record names other files,
// emptied when it is deleted, filled by the migration from the records an older server stored, and the
// only thing reading a blob and collecting unreferenced ones look at.
import { createHash, randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION, type Mutation, type PushResponse } from '../src/domain/sync';
import { createApp } from './app';
import { BLOB_GRACE_MS, BlobStore } from './blobs';
import { hashToken, newToken } from './crypto';
import { migrate } from './db/migrations';
import { createLogger } from './log';
import type { Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, type TestStore } from './test-support';

const png = (text: string) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text)]);
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.each(DATABASE_KINDS)('record_blobs on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let clock = new Date();
  let app: ReturnType<typeof createApp>;
  let structureId = '';
  let otherStructureId = '';
  const who = { token: '', deviceId: '', seq: 0 };

  beforeAll(async () => {
    t = await openTestStore(kind, { now: () => clock });
    store = t.store;
    app = createApp({ distDir: '/nonexistent', store, logger: createLogger('silent') });
    const a = await seedStructure(store, 'Mairie', ['lea@ex.fr'], { 'lea@ex.fr': 'coordinateur' });
    otherStructureId = (await seedStructure(store, 'Médiathèque', ['zoe@ex.fr'])).structureId;
    structureId = a.structureId;
    who.token = newToken();
    who.deviceId = randomUUID();
    await store.registerDevice({
      deviceId: who.deviceId,
      userId: a.users['lea@ex.fr']!.userId,
      structureId,
      tokenHash: hashToken(who.token),
    });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const headers = (extra: Record<string, string> = {}) => ({
    [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION),
    Authorization: `Bearer ${who.token}`,
    ...extra,
  });
  const upload = async (data: Buffer) => {
    const response = await app.request(`/api/blobs/${sha(data)}`, {
      method: 'PUT',
      body: new Uint8Array(data),
      headers: headers({ 'Content-Type': 'image/png' }),
    });
    expect(response.status).toBe(200);
    return sha(data);
  };
  const read = async (hash: string) =>
    (await app.request(`/api/blobs/${hash}`, { headers: headers() })).status;
  const push = async (...changes: Omit<Mutation, 'seq' | 'at'>[]) => {
    const mutations = changes.map((c) => ({ ...c, seq: ++who.seq, at: clock.toISOString() }));
    const response = await app.request('/api/sync/push', {
      method: 'POST',
      body: JSON.stringify({ deviceId: who.deviceId, mutations }),
      headers: headers({ 'Content-Type': 'application/json' }),
    });
    const body = (await response.json()) as PushResponse;
    expect(response.status, JSON.stringify(body)).toBe(200);
    return { status: response.status, body };
  };
  const versionOf = async (table: string, id: string) =>
    Number(
      (await store.db.get<{ version: number }>('SELECT version FROM records WHERE tbl = ? AND id = ?', [
        table,
        id,
      ]))!.version,
    );
  const rows = () =>
    store.db.all<{ tbl: string; record_id: string; structure_id: string; hash: string }>(
      'SELECT tbl, record_id, structure_id, hash FROM record_blobs ORDER BY tbl, record_id, hash',
    );
  /** A beneficiary, an item and a loan of both whose hand-over photo is `photo`. */
  const loanChanges = (photo: string, beneficiaryId = newId()) => {
    const item = newId();
    const loan = newId();
    return {
      loan,
      changes: [
        {
          table: 'beneficiaries',
          recordId: beneficiaryId,
          op: 'put',
          baseVersion: 0,
          patch: { anonyme: false, prenom: 'Jeanne', nom: 'Roche' },
        },
        {
          table: 'items',
          recordId: item,
          op: 'put',
          baseVersion: 0,
          patch: {
            type: 'tablette',
            inventoryNumber: `T-${item.slice(0, 8)}`,
            accessoires: [],
            status: 'disponible',
          },
        },
        {
          table: 'loans',
          recordId: loan,
          op: 'put',
          baseVersion: 0,
          patch: {
            itemIds: [item],
            beneficiaryId,
            startDate: '2026-03-01',
            plannedReturnDate: '2026-04-01',
            extensions: [],
            handover: [],
            returns: [],
            status: 'en_cours',
            photo,
          },
        },
      ] as Omit<Mutation, 'seq' | 'at'>[],
    };
  };

  it('follows the record in the push that writes it: named, replaced, deleted, rolled back with it', async () => {
    const first = await upload(png('première photo'));
    const second = await upload(png('deuxième photo'));
    const { loan, changes } = loanChanges(first);
    expect((await push(...changes)).body.refused).toBeUndefined();
    expect(await rows()).toEqual([{ tbl: 'loans', record_id: loan, structure_id: structureId, hash: first }]);
    expect(await read(first)).toBe(200);

    // Another photo: the first is named by nothing any more, and no longer served.
    const patch = { table: 'loans', recordId: loan, op: 'put' } as const;
    expect(
      (await push({ ...patch, patch: { photo: second }, baseVersion: await versionOf('loans', loan) })).body
        .refused,
    ).toBeUndefined();
    expect(await rows()).toEqual([
      { tbl: 'loans', record_id: loan, structure_id: structureId, hash: second },
    ]);
    expect(await read(first)).toBe(404);
    expect(await read(second)).toBe(200);

    // A change that leaves the photo as it was writes nothing here; a refused one neither.
    expect(
      (
        await push({
          ...patch,
          patch: { plannedReturnDate: '2026-04-15' },
          baseVersion: await versionOf('loans', loan),
        })
      ).body.refused,
    ).toBeUndefined();
    const refused = await push({
      ...patch,
      patch: { photo: sha(png('jamais envoyée')) },
      baseVersion: await versionOf('loans', loan),
    });
    expect(refused.body.refused).toEqual([expect.objectContaining({ code: 'unknown_blob' })]);
    expect(await rows()).toEqual([
      { tbl: 'loans', record_id: loan, structure_id: structureId, hash: second },
    ]);

    // A push refused as a whole (a gap in the mutation ids) leaves nothing behind it.
    const gap = loanChanges(first);
    const response = await app.request('/api/sync/push', {
      method: 'POST',
      body: JSON.stringify({
        deviceId: who.deviceId,
        mutations: gap.changes.map((c, i) => ({ ...c, seq: who.seq + 1 + i * 2, at: clock.toISOString() })),
      }),
      headers: headers({ 'Content-Type': 'application/json' }),
    });
    expect(response.status).toBe(400);
    expect(await rows()).toEqual([
      { tbl: 'loans', record_id: loan, structure_id: structureId, hash: second },
    ]);

    // Deleted: the tombstone names nothing.
    expect(
      (
        await push({
          table: 'loans',
          recordId: loan,
          op: 'delete',
          patch: {},
          baseVersion: await versionOf('loans', loan),
        })
      ).body.refused,
    ).toBeUndefined();
    expect(await rows()).toEqual([]);
    expect(await read(second)).toBe(404);
  });

  it('is all that collection reads: a blob a live record names stays, the others go', async () => {
    const kept = await upload(png('gardée'));
    const dropped = await upload(png('jamais nommée'));
    const { loan, changes } = loanChanges(kept);
    expect((await push(...changes)).body.refused).toBeUndefined();
    clock = new Date(clock.getTime() + BLOB_GRACE_MS + 60_000);
    await new BlobStore(store.db, store.now).collect();
    const held = await store.db.all<{ hash: string }>(
      'SELECT hash FROM blob_owners WHERE structure_id = ? ORDER BY hash',
      [structureId],
    );
    expect(held.map((h) => h.hash)).toContain(kept);
    expect(held.map((h) => h.hash)).not.toContain(dropped);
    expect(await read(kept)).toBe(200);
    // The rows go with their record, whatever removes it (a purge, a rename of a singleton).
    await store.db.run('DELETE FROM records WHERE tbl = ? AND id = ?', ['loans', loan]);
    expect(await rows()).toEqual([]);
  });

  it('is filled by its migration from the records an older server stored', async () => {
    const photo = await upload(png('stockée avant la table'));
    const { loan, changes } = loanChanges(photo);
    expect((await push(...changes)).body.refused).toBeUndefined();
    const deletedLoan = loanChanges(photo);
    expect((await push(...deletedLoan.changes)).body.refused).toBeUndefined();
    expect(
      (
        await push({
          table: 'loans',
          recordId: deletedLoan.loan,
          op: 'delete',
          patch: {},
          baseVersion: await versionOf('loans', deletedLoan.loan),
        })
      ).body.refused,
    ).toBeUndefined();
    // Rows as an older server left them: a tombstone that still lists a file, a list damaged by hand.
    await store.db.run('UPDATE records SET blobs = ? WHERE tbl = ? AND id = ?', [
      JSON.stringify([photo]),
      'loans',
      deletedLoan.loan,
    ]);
    const items = await store.db.all<{ id: string }>(
      "SELECT id FROM records WHERE tbl = 'items' ORDER BY id",
    );
    await store.db.run('UPDATE records SET blobs = ? WHERE tbl = ? AND id = ?', [
      '{"not":"a list"',
      'items',
      items[0]!.id,
    ]);
    await store.db.run('UPDATE records SET blobs = ? WHERE tbl = ? AND id = ?', [
      JSON.stringify([photo, 42, 'not-a-hash', photo]),
      'items',
      items[1]!.id,
    ]);
    await store.db.run('DROP TABLE record_blobs');
    await store.db.run('DELETE FROM schema_migrations WHERE version = 6');

    expect(await migrate(store.db)).toBe(1);
    expect(await rows()).toEqual(
      [
        { tbl: 'items', record_id: items[1]!.id, structure_id: structureId, hash: photo },
        { tbl: 'loans', record_id: loan, structure_id: structureId, hash: photo },
      ].sort((a, b) => `${a.tbl}${a.record_id}`.localeCompare(`${b.tbl}${b.record_id}`)),
    );
    expect(await read(photo)).toBe(200);
    // Another structure does not read it for knowing the hash.
    expect(
      await store.db.get('SELECT 1 AS x FROM record_blobs WHERE structure_id = ?', [otherStructureId]),
    ).toBeUndefined();
  });
});
