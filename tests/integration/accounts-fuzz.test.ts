// @vitest-environment node
// Fuzz of the blob, sign-in and account endpoints (issue 9) through the whole HTTP app, on both
// databases: thousands of generated requests per run, most of them hostile — bodies of the wrong
// shape, wrong types, NUL, prototype keys, deep nesting, huge values, ids that are not ids or belong
// to another structure, hashes that do not match their bytes, files that are HTML, codes that are
// guesses, missing or dead tokens, a conseiller at the coordinateur's routes, a provisional password
// trying to do anything else. Every answer must be a JSON error with a 4xx status (or a success),
// never a 500 and never a hang; a 4xx changes nothing in the database (sign-in throttling apart), and
// the other structure is never touched. The count is fixed (RUNS requests per database, asserted);
// what bounds the time is each request's own 10 s limit (a hang fails) and the test's timeout (a
// cheap password hasher: the cost under test is not scrypt's).
import { createHash, randomUUID } from 'node:crypto';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION } from '../../src/domain/sync';
import { createApp } from '../../server/app';
import { createPasswordHasher, hashToken, newToken } from '../../server/crypto';
import { createLogger } from '../../server/log';
import type { Store } from '../../server/store';
import { DATABASE_KINDS, openTestStore, seedStructure, type TestStore } from '../../server/test-support';
import { deepJsonText, hostileString, hostileValue } from '../support/hostile';

const RUNS = 2_000;
const passwords = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
/** A path segment for any string (a lone surrogate cannot be URI-encoded: it goes as its code units). */
const segment = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  }
};
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** What a request may change: every table of accounts and blobs (throttling apart). */
const SNAPSHOT = [
  'SELECT id, email, name, password_hash, disabled_at, must_change_password FROM users ORDER BY id',
  'SELECT user_id, structure_id, role, disabled_at FROM memberships ORDER BY user_id, structure_id',
  'SELECT id, user_id, structure_id, label, revoked_at FROM devices ORDER BY id',
  'SELECT hash, device_id, revoked_at FROM tokens ORDER BY hash',
  'SELECT hash, type, size FROM blobs ORDER BY hash',
  'SELECT hash, structure_id FROM blob_owners ORDER BY hash, structure_id',
  'SELECT id, structure_id, email, name, role, accepted_at FROM invitations ORDER BY id',
];

describe.each(DATABASE_KINDS)('fuzz of blobs, sign-in and accounts on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const tokens: Record<'coord' | 'conseiller' | 'foreign' | 'provisional' | 'dead', string> = {
    coord: '',
    conseiller: '',
    foreign: '',
    provisional: '',
    dead: newToken(),
  };
  const ids = { conseiller: '', coord: '', foreignUser: '', foreignDevice: '' };

  const device = async (structureId: string, userId: string) => {
    const token = newToken();
    const deviceId = randomUUID();
    await store.registerDevice({ deviceId, userId, structureId, tokenHash: hashToken(token) });
    return { token, deviceId };
  };

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    app = createApp({
      distDir: '/nonexistent',
      store,
      logger: createLogger('silent'),
      passwords,
      blobQuota: 256 * 1024,
    });
    const a = await seedStructure(
      store,
      'Mairie',
      ['chef@ex.fr', 'lea@ex.fr', 'neuf@ex.fr'],
      { 'chef@ex.fr': 'coordinateur' },
      passwords,
    );
    const b = await seedStructure(
      store,
      'Médiathèque',
      ['zoe@ex.fr'],
      { 'zoe@ex.fr': 'coordinateur' },
      passwords,
    );
    ids.coord = a.users['chef@ex.fr']!.userId;
    ids.conseiller = a.users['lea@ex.fr']!.userId;
    ids.foreignUser = b.users['zoe@ex.fr']!.userId;
    tokens.coord = (await device(a.structureId, ids.coord)).token;
    tokens.conseiller = (await device(a.structureId, ids.conseiller)).token;
    const foreign = await device(b.structureId, ids.foreignUser);
    tokens.foreign = foreign.token;
    ids.foreignDevice = foreign.deviceId;
    await store.db.run('UPDATE users SET must_change_password = 1 WHERE email = ?', ['neuf@ex.fr']);
    tokens.provisional = (await device(a.structureId, a.users['neuf@ex.fr']!.userId)).token;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const snapshot = async (): Promise<string> => {
    return JSON.stringify(await Promise.all(SNAPSHOT.map((query) => store.db.all(query))));
  };

  const hostileId = (): fc.Arbitrary<string> =>
    fc.oneof(
      hostileString().map(segment),
      fc.constant(randomUUID()),
      fc.constantFrom(ids.foreignUser, ids.foreignDevice, ids.coord, '%00', '..%2F..', 'null'),
    );
  const body = (known: string[]): fc.Arbitrary<string> =>
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .dictionary(fc.oneof(fc.constantFrom(...known), hostileString()), hostileValue(), { maxKeys: 6 })
          .map((o) => JSON.stringify(o)),
      },
      { weight: 1, arbitrary: hostileValue().map((v) => JSON.stringify(v) ?? 'null') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          '{',
          'null',
          '[]',
          '{"a":',
          '\u0000',
          '{"__proto__":{"role":"coordinateur"}}',
        ),
      },
      { weight: 1, arbitrary: deepJsonText() },
    );
  const bytes = (): fc.Arbitrary<Uint8Array> =>
    fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc
        .constantFrom(
          '<!doctype html><script>alert(1)</script>',
          '<svg onload=alert(1)>',
          'GIF89a',
          ' %PDF-1.4',
        )
        .map((s) => new TextEncoder().encode(s)),
      fc
        .uint8Array({ maxLength: 32 })
        .map((tail) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...tail])),
      fc.integer({ min: 200_000, max: 400_000 }).map((n) => new Uint8Array(n).fill(0x25)),
    );
  const who = () =>
    fc.constantFrom<keyof typeof tokens | 'none' | 'garbage'>(
      'coord',
      'conseiller',
      'foreign',
      'provisional',
      'dead',
      'none',
      'garbage',
    );

  type Request = {
    method: string;
    path: string;
    body?: string | Uint8Array;
    who: string;
    header?: string;
    type?: string;
  };
  const request = (): fc.Arbitrary<Request> =>
    fc.oneof(
      fc
        .record({
          method: fc.constant('PUT'),
          data: bytes(),
          hashKind: fc.constantFrom('right', 'wrong', 'hostile'),
          bad: hostileString(),
          who: who(),
          type: fc.constantFrom('image/png', 'text/html', 'application/pdf', '', 'x'.repeat(500)),
        })
        .map(({ data, hashKind, bad, who, type }) => ({
          method: 'PUT',
          path: `/blobs/${hashKind === 'right' ? sha(data) : hashKind === 'wrong' ? '0'.repeat(64) : segment(bad)}`,
          body: data,
          who,
          type,
        })),
      fc
        .record({
          hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), hostileString().map(segment)),
          who: who(),
        })
        .map(({ hash, who }) => ({ method: 'GET', path: `/blobs/${hash}`, who })),
      fc
        .record({
          body: body(['email', 'password', 'deviceId', 'structureId', 'invitationCode', 'deviceLabel']),
          who: fc.constant('none'),
        })
        .map((r) => ({ method: 'POST', path: '/auth/sign-in', ...r })),
      fc
        .record({ body: body(['currentPassword', 'newPassword']), who: who() })
        .map((r) => ({ method: 'POST', path: '/me/password', ...r })),
      fc
        .record({ body: body(['name', 'email', 'role', 'password']), who: who() })
        .map((r) => ({ method: 'POST', path: '/structure/users', ...r })),
      fc
        .record({
          id: hostileId(),
          action: fc.constantFrom('disable', 'enable', 'password'),
          body: body(['password']),
          who: who(),
        })
        .map(({ id, action, body, who }) => ({
          method: 'POST',
          path: `/structure/users/${id}/${action}`,
          body,
          who,
        })),
      fc
        .record({ id: hostileId(), who: who() })
        .map(({ id, who }) => ({ method: 'DELETE', path: `/structure/invitations/${id}`, who })),
      fc
        .record({ id: hostileId(), who: who() })
        .map(({ id, who }) => ({ method: 'POST', path: `/structure/devices/${id}/revoke`, body: '{}', who })),
      fc
        .record({
          path: fc.constantFrom('/me', '/structure/users', '/structure/devices', '/sync/members'),
          who: who(),
          header: fc.constantFrom(String(SYNC_SCHEMA_VERSION), '0', 'x', ''),
        })
        .map((r) => ({ method: 'GET', ...r })),
    );

  it('answers every request with JSON, never a 500 or a hang, and a refusal changes nothing', async () => {
    const foreignBefore = await store.db.all(
      'SELECT * FROM memberships WHERE structure_id <> (SELECT structure_id FROM memberships WHERE user_id = ?)',
      [ids.coord],
    );
    let sent = 0;
    let state: string | undefined;
    await fc.assert(
      fc.asyncProperty(request(), async (r) => {
        // The state after the previous request is this one's before: one snapshot per request.
        const before = (state ??= await snapshot());
        const auth: Record<string, string> =
          r.who === 'none'
            ? {}
            : r.who === 'garbage'
              ? { Authorization: 'Bearer ../../<script>\'"' }
              : { Authorization: `Bearer ${tokens[r.who as keyof typeof tokens]}` };
        let timer: ReturnType<typeof setTimeout> | undefined;
        const response = await Promise.race([
          app.request(`/api${r.path}`, {
            method: r.method,
            headers: {
              [SCHEMA_HEADER]: r.header ?? String(SYNC_SCHEMA_VERSION),
              ...auth,
              ...(r.body !== undefined ? { 'Content-Type': r.type ?? 'application/json' } : {}),
            },
            ...(r.body !== undefined
              ? { body: typeof r.body === 'string' ? r.body : new Uint8Array(r.body) }
              : {}),
          }),
          new Promise<never>((_, fail) => {
            timer = setTimeout(() => fail(new Error(`hang: ${r.method} ${r.path}`)), 10_000);
          }),
        ]).finally(() => clearTimeout(timer));
        sent++;
        expect(response.status, `${r.method} ${r.path}`).toBeLessThan(500);
        const blobRead = r.method === 'GET' && r.path.startsWith('/blobs/') && response.status === 200;
        if (!blobRead) {
          expect(response.headers.get('Content-Type') ?? '').toMatch(/application\/json/);
          const json = (await response.json()) as { error?: unknown; message?: unknown };
          if (response.status >= 400) {
            expect(typeof json.error).toBe('string');
            expect(typeof json.message).toBe('string');
          }
        }
        state = await snapshot();
        if (response.status >= 400) expect(state, `${r.method} ${r.path} → ${response.status}`).toBe(before);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(sent).toBe(RUNS);
    console.info(`blobs/auth/accounts fuzz on ${kind}: ${sent} requests`);
    // The other structure's people are as they were, whatever was sent.
    expect(
      await store.db.all(
        'SELECT * FROM memberships WHERE structure_id <> (SELECT structure_id FROM memberships WHERE user_id = ?)',
        [ids.coord],
      ),
    ).toEqual(foreignBefore);
  }, 420_000);
});
