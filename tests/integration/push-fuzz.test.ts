// @vitest-environment node
// Fuzz of the sync API (POST /api/sync/push, GET /api/sync/pull) through the whole app in process
// (app.request: every middleware and limit, without a socket per request), on both databases:
// thousands of generated requests per run, most of them hostile — bodies that are
// not push requests, wrong types, unknown tables, fields and codes, deep nesting, huge values, NUL
// and prototype keys, ids of another structure, references to records that do not exist, mutation
// ids and base versions out of range, missing or wrong schema headers — mixed with valid changes.
// Every answer must be a JSON error with a 4xx status or a push answer whose refusals are well formed,
// never a 500 and never a hang; and the database must change only by what was valid: a 4xx or a
// refused change leaves everything as it was, the other structure is never touched, and every record
// stored passes its table's schema. The count is fixed (`numRuns` runs of up to 12 requests: about
// 2,450 requests per database, at least 2,000 asserted); what bounds the time is each request's own
// 15 s limit (a hang fails) and the test's timeout. Requests of megabytes are rare (each costs as
// much as hundreds of others).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkRecord } from '../../src/domain/record-check';
import { knownFields } from '../../src/domain/record-schemas';
import { SYNC_TABLES, type SyncTable } from '../../src/domain/records';
import { singletonId } from '../../src/domain/singletons';
import { REFUSAL_CODES, SCHEMA_HEADER, SYNC_SCHEMA_VERSION, type PushResponse } from '../../src/domain/sync';
import { hashToken, newToken } from '../../server/crypto';
import type { Principal, Store } from '../../server/store';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/log';
import { DATABASE_KINDS, openTestStore, seedStructure, type TestStore } from '../../server/test-support';
import {
  deepJsonText,
  fieldName,
  hostileNumber,
  hostileString,
  hostileValue,
  hugeString,
} from '../support/hostile';

const RUNS = 400;
/** Requests the runs send at least (the mean is about 6.5 a run). */
const AT_LEAST = 2_000;
const NOW = new Date().toISOString();
const uuid = () => crypto.randomUUID();

interface Account {
  principal: Principal;
  token: string;
  /** The device's last mutation id as the server holds it. */
  lastSeq: number;
}

describe.each(DATABASE_KINDS)('fuzz of push and pull on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let structureId: string;
  let conseiller: Account;
  let coordinateur: Account;
  let foreign: Account;
  /** Records of the structure that valid references may name. */
  const ours = { beneficiaries: [] as string[], lieux: [] as string[], items: [] as string[] };
  const theirs: string[] = [];

  const account = async (structure: string, userId: string): Promise<Account> => {
    const token = newToken();
    await store.registerDevice({
      deviceId: uuid(),
      userId,
      structureId: structure,
      tokenHash: hashToken(token),
    });
    return { principal: (await store.authenticate(hashToken(token)))!, token, lastSeq: 0 };
  };

  const call = async (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const response = await Promise.race([
      app.request(`/api${path}`, init),
      new Promise<never>((_, fail) => {
        timer = setTimeout(
          () => fail(new Error(`hang: ${init.method ?? 'GET'} ${path.slice(0, 80)}`)),
          15_000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body, text };
  };
  const headers = (who: Account, schema: string | undefined = String(SYNC_SCHEMA_VERSION)) => ({
    'Content-Type': 'application/json',
    Authorization: `Bearer ${who.token}`,
    ...(schema === undefined ? {} : { [SCHEMA_HEADER]: schema }),
  });

  /** Everything the server holds for a structure, and its version counter. */
  const snapshot = async (who: Principal) => {
    const records = new Map<string, string>();
    let cursor = 0;
    for (;;) {
      const page = await store.pull(who, cursor, 1000);
      if (page === 'resync') throw new Error('resync');
      for (const r of page.records) records.set(`${r.table}:${r.id}`, JSON.stringify([r.deleted, r.data]));
      cursor = page.cursor;
      if (!page.more) return { records, version: page.latest };
    }
  };

  /** The rows a request names (by table and id), and the structure's version counter, in one read. */
  const touched = async (named: { table: unknown; recordId: unknown }[]) => {
    const rows = new Map<string, unknown>();
    const pairs: [string, string][] = [];
    for (const m of named) {
      // Only a known table and a UUID can name a stored record.
      if (typeof m.table !== 'string' || !(SYNC_TABLES as readonly string[]).includes(m.table)) continue;
      if (typeof m.recordId !== 'string' || !/^[0-9a-f-]{36}$/i.test(m.recordId)) continue;
      rows.set(`${m.table}:${m.recordId}`, undefined);
      pairs.push([m.table, m.recordId]);
    }
    const found = await store.db.all<{
      tbl: string | null;
      id: string | null;
      structure_id: string | null;
      version: number | null;
      deleted: number | null;
      data: string | null;
      v: number | null;
    }>(
      `SELECT tbl, id, structure_id, version, deleted, data, NULL AS v FROM records
       WHERE (tbl, id) IN (VALUES ${['(?, ?)', ...pairs.map(() => '(?, ?)')].join(', ')})
       UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, last_version FROM structures WHERE id = ?`,
      [...['', ''], ...pairs.flat(), structureId],
    );
    let version = NaN;
    for (const { tbl, id, v, ...row } of found)
      if (tbl === null) version = Number(v);
      else rows.set(`${tbl}:${id}`, { ...row, version: Number(row.version) });
    return { rows, version };
  };
  /** The device's last mutation id as the server holds it. */
  const lastSeq = async (who: Account) =>
    Number(
      (await store.db.get<{ s: number }>('SELECT last_seq AS s FROM devices WHERE id = ?', [
        who.principal.deviceId,
      ]))!.s,
    );

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    app = createApp({ distDir: '/nonexistent', store, logger: createLogger('silent') });
    const s = await seedStructure(store, 'Tiers-lieu', ['c@ex.fr', 'k@ex.fr'], { 'k@ex.fr': 'coordinateur' });
    structureId = s.structureId;
    conseiller = await account(structureId, s.users['c@ex.fr']!.userId);
    coordinateur = await account(structureId, s.users['k@ex.fr']!.userId);
    const o = await seedStructure(store, 'Médiathèque', ['z@ex.fr']);
    foreign = await account(o.structureId, o.users['z@ex.fr']!.userId);
    // A few valid records on each side, for references and for ids that belong to someone else.
    const seed = async (who: Account, table: SyncTable, patch: Record<string, unknown>) => {
      const id = uuid();
      const result = await store.push(who.principal, {
        deviceId: who.principal.deviceId,
        mutations: [{ seq: ++who.lastSeq, table, recordId: id, op: 'put', patch, baseVersion: 0, at: NOW }],
      });
      expect(result.refused).toBeUndefined();
      return id;
    };
    for (let i = 0; i < 3; i++) {
      ours.beneficiaries.push(
        await seed(conseiller, 'beneficiaries', { anonyme: false, prenom: 'Léa', nom: `N${i}` }),
      );
      ours.lieux.push(await seed(conseiller, 'lieux', { nom: `Lieu ${i}` }));
      ours.items.push(
        await seed(conseiller, 'items', {
          type: 'tablette',
          inventoryNumber: `T-${i}`,
          accessoires: [],
          status: 'disponible',
        }),
      );
      theirs.push(await seed(foreign, 'beneficiaries', { anonyme: false, prenom: 'Zoé', nom: `Z${i}` }));
    }
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  // ------------------------------------------------------------------ generators

  const ref = (list: () => string[]) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(null).map(() => list()[0]!) },
      { weight: 1, arbitrary: fc.nat(2).map((i) => theirs[i % theirs.length]!) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: hostileString() },
    );
  /** A valid record of each table (with references that may go astray). */
  const validPatch = (table: SyncTable): fc.Arbitrary<Record<string, unknown>> => {
    switch (table) {
      case 'beneficiaries':
        return fc.record({
          anonyme: fc.constant(false),
          prenom: fc.constantFrom('Léa', 'Jean'),
          nom: fc.constantFrom('Roux', 'Blanc'),
        });
      case 'activities':
        return fc.record({
          type: fc.constant('individuel'),
          date: fc.constantFrom('2026-03-02', '2025-12-31'),
          duree: fc.integer({ min: 1, max: 600 }),
          typeLieu: fc.constant('lieu_activite'),
          lieuId: ref(() => ours.lieux),
          thematiques: fc.constant(['email']),
          materiel: fc.constant([]),
          beneficiaryIds: ref(() => ours.beneficiaries).map((id) => [id]),
        });
      case 'lieux':
        return fc.record({ nom: fc.constantFrom('Médiathèque', 'Mairie') });
      case 'items':
        return fc.record({
          type: fc.constant('tablette'),
          inventoryNumber: fc.string({ minLength: 1, maxLength: 10 }).map((s) => `N-${s.replace(/\s/g, '')}`),
          accessoires: fc.constant([]),
          status: fc.constant('disponible'),
        });
      case 'loans':
        return fc.record({
          itemIds: ref(() => ours.items).map((id) => [id]),
          beneficiaryId: ref(() => ours.beneficiaries),
          startDate: fc.constant('2026-03-01'),
          plannedReturnDate: fc.constant('2026-03-20'),
          extensions: fc.constant([]),
          handover: fc.constant([]),
          returns: fc.constant([]),
          status: fc.constant('en_cours'),
        });
      case 'itemEvents':
        return fc.record({
          itemId: ref(() => ours.items),
          date: fc.constant(NOW),
          kind: fc.constant('controle'),
        });
      case 'settings':
        return fc.record({
          title: fc.constant('Convention'),
          body: fc.constant('Prêt à {{beneficiaire.nom}}'),
        });
      case 'annuaire':
        return fc.record({
          schemaId: fc.constantFrom('fs-gramat', 'caf-46'),
          origine: fc.constant('structure'),
          nom: fc.constantFrom('France Services', 'Permanence CAF'),
          pivot: fc.constant('21460123400018'),
          services: fc.constant(['Aide aux démarches administratives']),
          adresse: fc.constant('1 place de la Mairie'),
          commune: fc.constant('Gramat'),
          code_postal: fc.constant('46500'),
          date_maj: fc.constant('2026-03-01'),
        });
      case 'cycles':
        return fc.record({
          titre: fc.constantFrom('Premiers pas sur la tablette', 'Mes démarches en ligne'),
          thematiques: fc.constant(['prendre_en_main_du_materiel']),
          financeurs: fc.constant(['Conférence des financeurs']),
        });
      case 'cycleSessions':
        return fc.record({
          cycleId: fc.uuid({ version: 7 }),
          date: fc.constant('2026-03-02'),
          debut: fc.constant('14:00'),
          fin: fc.constant('16:00'),
          lieuId: ref(() => ours.lieux),
          conseillerIds: fc.constant([]),
        });
      case 'registrations':
        return fc.record({
          cycleId: fc.uuid({ version: 7 }),
          beneficiaryId: ref(() => ours.beneficiaries),
          status: fc.constantFrom('inscrit', 'liste_attente'),
          registeredAt: fc.constant(NOW),
        });
      case 'attendances':
        return fc.record({
          sessionId: fc.uuid({ version: 7 }),
          beneficiaryId: ref(() => ours.beneficiaries),
          present: fc.boolean(),
        });
      case 'passes':
        return fc.record({
          code: fc.constantFrom('APTIC-123', 'P-9'),
          valeur: fc.constant(10),
          annee: fc.constant(2026),
          dateReception: fc.constant('2026-03-02'),
          status: fc.constant('a_valider'),
          sessionId: fc.uuid({ version: 7 }),
        });
    }
  };
  /** A valid record, then perhaps broken: a field replaced, an unknown field, a clearing. */
  const patch = (table: SyncTable): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: 90, arbitrary: validPatch(table) },
      {
        weight: 180,
        arbitrary: fc
          .tuple(validPatch(table), fieldName([...knownFields(table), 'deleted']), hostileValue())
          .map(([p, field, value]) => JSON.parse(JSON.stringify({ ...p, [field]: value }) ?? '{}')),
      },
      {
        // Rare (about one request in a hundred): each one is a request of megabytes.
        weight: 2,
        arbitrary: fc.tuple(validPatch(table), hugeString()).map(([p, big]) => ({ ...p, notes: big })),
      },
      { weight: 30, arbitrary: hostileValue() },
    );
  const seqOf = fc.constantFrom(
    'next',
    'next',
    'next',
    'repeat',
    'gap',
    'zero',
    'negative',
    'huge',
    'float',
    'text',
  );
  /**
   * A mutation whose envelope may be broken (unknown table, an id that is no id, a bad op, a seq out of
   * order, a base version out of range: the whole push is answered 400), with a patch that may be.
   */
  const brokenMutation = fc
    .record({
      table: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...SYNC_TABLES) },
        { weight: 1, arbitrary: hostileString() },
      ),
      id: fc.oneof(
        { weight: 6, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.nat(2).map((i) => theirs[i % theirs.length]!) },
        { weight: 1, arbitrary: fc.constant('settings-own') },
        { weight: 1, arbitrary: hostileString() },
      ),
      op: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('put', 'delete') },
        { weight: 1, arbitrary: hostileValue() },
      ),
      seq: seqOf,
      baseVersion: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 2, arbitrary: hostileNumber() },
      ),
      at: fc.oneof(fc.constant(NOW), hostileString(), fc.constant('2099-01-01T00:00:00Z')),
      schemaVersion: fc.option(fc.oneof(fc.constant(1), hostileNumber()), { nil: undefined }),
    })
    .chain((m) =>
      (SYNC_TABLES as readonly string[]).includes(m.table)
        ? patch(m.table as SyncTable).map((p) => ({ ...m, patch: p }))
        : hostileValue().map((p) => ({ ...m, patch: p })),
    );
  /**
   * A mutation whose envelope is sound, so that the push reaches the per-change checks: what is
   * hostile is in the patch, the record id (another structure's, the singleton) or the device clock.
   */
  const soundMutation = fc
    .record({
      table: fc.constantFrom(...SYNC_TABLES),
      id: fc.oneof(
        { weight: 6, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.nat(2).map((i) => theirs[i % theirs.length]!) },
        { weight: 1, arbitrary: fc.constant('settings-own') },
      ),
      op: fc.constantFrom('put', 'put', 'put', 'delete'),
      seq: fc.constant('next'),
      baseVersion: fc.constant(0),
      at: fc.constantFrom(NOW, '2099-01-01T00:00:00Z', 'hier'),
      schemaVersion: fc.option(fc.constant(1), { nil: undefined }),
    })
    .chain((m) => patch(m.table).map((p) => ({ ...m, patch: p })));

  const request = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('push' as const),
        who: fc.constantFrom('conseiller' as const, 'coordinateur' as const),
        // Three pushes in four reach the per-change checks; the others may break anywhere.
        mutations: fc.oneof(
          { weight: 3, arbitrary: fc.array(soundMutation, { minLength: 0, maxLength: 6 }) },
          {
            weight: 1,
            arbitrary: fc.array(fc.oneof(soundMutation, brokenMutation), { minLength: 1, maxLength: 6 }),
          },
        ),
        deviceIdWrong: fc.oneof(
          { weight: 19, arbitrary: fc.constant(false) },
          { weight: 1, arbitrary: fc.constant(true) },
        ),
        schema: fc.oneof(
          { weight: 12, arbitrary: fc.constant(String(SYNC_SCHEMA_VERSION)) },
          {
            weight: 1,
            // Header values are Latin-1 and Node refuses headers over 16 KB itself (431) before the
            // app sees them: the generated ones stay printable and short.
            arbitrary: fc.option(fc.stringMatching(/^[ -~]{0,40}$/), { nil: undefined }),
          },
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('raw' as const),
        body: fc.oneof(fc.jsonValue(), hostileString()).map((v) => JSON.stringify(v) ?? 'null'),
      }),
    },
    {
      weight: 1,
      // A push whose one patch is nested far deeper than anything can write back.
      arbitrary: fc.record({
        kind: fc.constant('raw' as const),
        body: deepJsonText().map(
          (deep) =>
            `{"deviceId":"DEVICE","mutations":[{"seq":SEQ,"table":"beneficiaries","recordId":"${uuid()}","op":"put","baseVersion":0,"at":"${NOW}","patch":{"nom":${deep}}}]}`,
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('pull' as const),
        cursor: fc.oneof(fc.nat(200).map(String), hostileString(), hostileNumber().map(String)),
        limit: fc.oneof(
          fc.integer({ min: 1, max: 1000 }).map(String),
          hostileString(),
          hostileNumber().map(String),
        ),
      }),
    },
  );

  // ------------------------------------------------------------------ the property

  it('answers every request with a 4xx JSON error or a well-formed answer, and stores only what is valid', async () => {
    let sent = 0;
    const outcomes = { errors: 0, accepted: 0, refused: 0, pulls: 0 };
    const theirsBefore = await snapshot(foreign.principal);
    // A query value as a device would send it, lone surrogates made well formed (URLs cannot carry them).
    // Node answers a request head over 16 KB itself (431, before any app code): values stay under.
    const query = (value: unknown) => encodeURIComponent(String(value).toWellFormed().slice(0, 2000));
    const expectError = (status: number, body: unknown, text: string) => {
      const what = `${status} ${text.slice(0, 300)}`;
      expect(status, what).toBeGreaterThanOrEqual(400);
      expect(status, what).toBeLessThan(500);
      expect(body, what).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    };
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 12 }), async (requests) => {
        for (const r of requests as ({ kind: string } & Record<string, unknown>)[]) {
          sent++;
          if (r.kind === 'pull') {
            outcomes.pulls++;
            const { status, body, text } = await call(
              `/sync/pull?cursor=${query(r.cursor)}&limit=${query(r.limit)}`,
              {
                headers: headers(conseiller),
              },
            );
            if (status === 200) {
              expect(body).toMatchObject({
                records: expect.any(Array),
                cursor: expect.any(Number),
                more: expect.any(Boolean),
              });
              for (const record of (
                body as { records: { table: SyncTable; data: Record<string, unknown>; deleted: boolean }[] }
              ).records)
                expect(record.data.structureId ?? structureId).toBe(structureId);
            } else expectError(status, body, text);
            continue;
          }
          const who = r.kind === 'push' && r.who === 'coordinateur' ? coordinateur : conseiller;
          let body: string;
          if (r.kind === 'raw')
            body = String(r.body)
              .replace('DEVICE', who.principal.deviceId)
              .replace('SEQ', String(who.lastSeq + 1));
          else {
            let seq = who.lastSeq;
            const mutations = (r.mutations as Record<string, unknown>[]).map((m) => {
              const next =
                m.seq === 'next'
                  ? ++seq
                  : m.seq === 'repeat'
                    ? Math.max(1, seq)
                    : m.seq === 'gap'
                      ? seq + 2
                      : m.seq === 'zero'
                        ? 0
                        : m.seq === 'negative'
                          ? -3
                          : m.seq === 'huge'
                            ? 2 ** 53 - 1
                            : m.seq === 'float'
                              ? seq + 0.5
                              : String(seq + 1);
              const recordId = m.id === 'settings-own' ? singletonId(structureId, 'agreementTemplate') : m.id;
              return {
                seq: next,
                table: m.table,
                recordId,
                op: m.op,
                patch: m.patch,
                baseVersion: m.baseVersion,
                at: m.at,
                ...(m.schemaVersion === undefined ? {} : { schemaVersion: m.schemaVersion }),
              };
            });
            const deviceId = r.deviceIdWrong ? foreign.principal.deviceId : who.principal.deviceId;
            body = JSON.stringify({ deviceId, mutations });
            // Under the push's 4 MB limit, so that the request reaches the checks (over it, the
            // server answers 413 before reading, which a client may only see as a closed socket).
            while (body.length > 3_900_000 && mutations.length > 0) {
              mutations.pop();
              body = JSON.stringify({ deviceId, mutations });
            }
          }
          // What the request names, as the server held it before.
          const named: { seq: number; table: string; recordId: string }[] = [];
          try {
            const sentBody = JSON.parse(body) as { mutations?: unknown };
            if (Array.isArray(sentBody.mutations)) named.push(...(sentBody.mutations as typeof named));
          } catch {
            // Not JSON: the server cannot take anything from it.
          }
          const before = await touched(named);
          const schema = r.kind === 'push' ? (r.schema as string | undefined) : String(SYNC_SCHEMA_VERSION);
          const answer = await call('/sync/push', { method: 'POST', headers: headers(who, schema), body });
          const after = await touched(named);
          if (answer.status !== 200) {
            outcomes.errors++;
            expectError(answer.status, answer.body, answer.text);
            // Nothing changed: no record, no version, no mutation id.
            expect(after).toEqual(before);
            expect(await lastSeq(who)).toBe(who.lastSeq);
            continue;
          }
          const result = answer.body as PushResponse;
          expect(result.ack).toBeGreaterThanOrEqual(who.lastSeq);
          for (const refusal of result.refused ?? []) {
            expect(REFUSAL_CODES).toContain(refusal.code);
            expect(typeof refusal.message).toBe('string');
            expect(refusal.seq).toBeLessThanOrEqual(result.ack);
          }
          who.lastSeq = result.ack;
          // A refused change left its record as it was (unless a valid one of the batch wrote it).
          const refusedSeqs = new Set((result.refused ?? []).map((x) => x.seq));
          outcomes.refused += refusedSeqs.size;
          const accepted = new Set(
            named.filter((m) => !refusedSeqs.has(m.seq)).map((m) => `${m.table}:${m.recordId}`),
          );
          for (const m of named) {
            const key = `${m.table}:${m.recordId}`;
            if (refusedSeqs.has(m.seq) && !accepted.has(key))
              expect(after.rows.get(key)).toEqual(before.rows.get(key));
          }
          if (refusedSeqs.size === named.length) expect(after.version).toBe(before.version);
          else outcomes.accepted++;
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // Every record stored is valid; the other structure was never touched.
    let cursor = 0;
    for (;;) {
      const page = await store.pull(conseiller.principal, cursor, 1000);
      if (page === 'resync') throw new Error('resync');
      for (const r of page.records) {
        const data = r.deleted ? { ...r.data, deleted: true } : r.data;
        expect(checkRecord(r.table, data, { level: 'structural' }), JSON.stringify(r).slice(0, 300)).toEqual({
          ok: true,
        });
      }
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(await snapshot(foreign.principal)).toEqual(theirsBefore);
    expect(sent).toBeGreaterThanOrEqual(AT_LEAST);
    console.info(`push/pull fuzz on ${kind}: ${sent} requests`, outcomes);
  }, 420_000);
});
