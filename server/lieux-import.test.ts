// @vitest-environment node
// Import of lieux de médiation numérique into a structure's directory, on both databases: the
// fixtures of tests/fixtures/lieux (two départements, list fields, hours, bad rows), re-import
// idempotence, all-or-nothing, the territory, what tablets pull, who may write, the HTTP route,
// the admin command and the daily URL (a local HTTP server).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION } from '../src/domain/sync';
import { createApp } from './app';
import { createPasswordHasher, hashToken, newToken } from './crypto';
import { fetchAndImportLieux, fetchLieuxText, readLieuxUrlConfig } from './lieux-fetch';
import { annuaireRecordId, importLieuxCommand, importLieuxFile } from './lieux-import';
import { createLogger } from './log';
import type { Principal, Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, signedInDevice, type TestStore } from './test-support';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../tests/fixtures/lieux', name), 'utf8');
const cheap = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

describe.each(DATABASE_KINDS)('import of lieux on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let structureId: string;
  let otherId: string;
  let coordinateurId: string;
  let lea: Principal;
  let coord: Principal;

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    const s = await seedStructure(
      store,
      'Lot Numérique',
      ['lea@ex.fr', 'chef@ex.fr'],
      { 'chef@ex.fr': 'coordinateur' },
      cheap,
    );
    structureId = s.structureId;
    coordinateurId = s.users['chef@ex.fr']!.userId;
    lea = await signedInDevice(store, structureId, s.users['lea@ex.fr']!.userId);
    coord = await signedInDevice(store, structureId, coordinateurId);
    otherId = (await seedStructure(store, 'Déclic 47', ['zoe@ex.fr'], {}, cheap)).structureId;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const directory = async (who: Principal = lea) => {
    const page = await store.pull(who, 0, 1000);
    if (page === 'resync') throw new Error('resync');
    return page.records.filter((r) => r.table === 'annuaire');
  };
  const options = (extra = {}) => ({ structureId, by: coordinateurId, departements: ['46', '47'], ...extra });

  it('imports the good rows of two départements and reports each bad row in French', async () => {
    const lot = await importLieuxFile(
      store,
      fixture('cartographie-46.csv'),
      'cartographie-46.csv',
      options(),
    );
    expect(lot).toMatchObject({ total: 6, created: 3, updated: 0, unchanged: 0, imported: true });
    expect(lot.errors.map((e) => [e.ligne, e.id])).toEqual([
      [5, 'bad-cp'],
      [6, 'bad-service'],
      [7, 'bad-hours'],
    ]);
    const lotEtGaronne = await importLieuxFile(
      store,
      fixture('cartographie-47.csv'),
      'cartographie-47.csv',
      options(),
    );
    expect(lotEtGaronne).toMatchObject({ created: 2, imported: true });
    expect(lotEtGaronne.errors.map((e) => e.messages[0])).toEqual([
      "Téléphone : Le téléphone ABC n'est pas valide",
      'Identifiant : valeur obligatoire manquante',
    ]);

    const records = await directory();
    expect(records).toHaveLength(5);
    const gramat = records.find((r) => r.data.schemaId === 'fs-gramat')!;
    expect(gramat.id).toBe(annuaireRecordId(structureId, 'fs-gramat'));
    expect(gramat.data).toMatchObject({
      nom: 'France Services de Gramat',
      origine: 'import',
      services: ['Aide aux démarches administratives', 'Accès internet et matériel informatique'],
      horaires: 'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
      structureId,
    });
    // Another structure sees none of them.
    const other = await signedInDevice(store, otherId, (await store.listUsers(otherId))[0]!.id);
    expect(await directory(other)).toEqual([]);
  });

  it('re-imports without doubling: the same file changes nothing, a newer date_maj updates', async () => {
    const before = await store.pull(lea, 0, 1000);
    if (before === 'resync') throw new Error('resync');
    const again = await importLieuxFile(store, fixture('cartographie-46.csv'), 'x.csv', options());
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, imported: false });
    const json = await importLieuxFile(store, fixture('lieux.json'), 'lieux.json', options());
    expect(json).toMatchObject({ created: 0, updated: 0, unchanged: 4, imported: false });
    const after = await store.pull(lea, before.latest, 1000);
    if (after === 'resync') throw new Error('resync');
    expect(after.records).toEqual([]); // tablets get nothing new

    const newer = fixture('cartographie-46.csv')
      .replace('"2026-10-01"', '"2026-11-20"')
      .replace('Mo-Fr 09:00-12:00,14:00-17:00; PH off', 'Mo-Fr 09:00-12:00; PH off');
    expect(await importLieuxFile(store, newer, 'x.csv', options())).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 2,
    });
    const changed = await store.pull(lea, before.latest, 1000);
    if (changed === 'resync') throw new Error('resync');
    expect(changed.records.map((r) => [r.data.schemaId, r.data.horaires, r.data.date_maj])).toEqual([
      ['fs-gramat', 'Mo-Fr 09:00-12:00; PH off', '2026-11-20'],
    ]);
    expect(await directory()).toHaveLength(5);
  });

  it('imports nothing when a row is bad and the coordinateur asked for all or nothing; previews without writing', async () => {
    const newer = fixture('cartographie-47.csv').replaceAll('"2026-10-10"', '"2026-12-01"');
    const latest = async () => {
      const p = await store.pull(lea, 0, 1);
      return p === 'resync' ? -1 : p.latest;
    };
    const v = await latest();
    expect(await importLieuxFile(store, newer, 'x.csv', options({ strict: true }))).toMatchObject({
      updated: 1,
      imported: false,
    });
    expect(await importLieuxFile(store, newer, 'x.csv', options({ dryRun: true }))).toMatchObject({
      updated: 1,
      imported: false,
    });
    expect(await latest()).toBe(v);
    expect((await directory()).find((r) => r.data.schemaId === 'declic-agen')!.data.date_maj).toBe(
      '2026-10-10',
    );
  });

  it('keeps only the lieux of the configured départements', async () => {
    const only46 = await importLieuxFile(
      store,
      fixture('cartographie-47.csv'),
      'x.csv',
      options({ departements: ['46'] }),
    );
    expect(only46).toMatchObject({ outside: 2, created: 0, updated: 0, unchanged: 0 });
    // The file's two bad rows are in Lot-et-Garonne (47600): not reported, and no reason to refuse.
    expect(only46.errors).toEqual([]);
    // A bad row of another département does not stop a strict import; a bad row of the territory,
    // or one whose place cannot be read, does.
    const national = [
      fixture('cartographie-46.csv').trim().replace('"2026-10-01"', '"2026-11-25"'),
      ...fixture('cartographie-47.csv').trim().split('\n').slice(1),
    ].join('\n');
    const only46Lines = national
      .split('\n')
      .filter((line, i) => i === 0 || !/"bad-(cp|service|hours)"/.test(line))
      .join('\n');
    const strict46 = await importLieuxFile(
      store,
      only46Lines,
      'x.csv',
      options({ departements: ['46'], strict: true }),
    );
    expect(strict46).toMatchObject({ outside: 2, updated: 1, imported: true, errors: [] });
    const strict47 = await importLieuxFile(
      store,
      only46Lines,
      'x.csv',
      options({ departements: ['47'], strict: true }),
    );
    expect(strict47.errors.map((e) => e.id ?? '(sans identifiant)')).toEqual([
      'bad-phone',
      '(sans identifiant)',
    ]);
    expect(strict47.imported).toBe(false);
    const unreadable = await importLieuxFile(store, national, 'x.csv', options({ departements: ['47'] }));
    expect(unreadable.errors.map((e) => e.id)).toEqual(['bad-cp', 'bad-phone', undefined]);
  });

  it('is read-only for a conseiller; a coordinateur adds the structure’s own lieux in the same schema', async () => {
    const lieu = {
      schemaId: 'permanence-caf-gramat',
      origine: 'structure',
      nom: 'Permanence CAF de Gramat',
      pivot: '21460123400018',
      services: ['Aide aux démarches administratives'],
      adresse: '2 place de la République',
      commune: 'Gramat',
      code_postal: '46500',
      horaires: 'Tu 09:00-12:00',
      date_maj: '2026-12-01',
    };
    const mutation = (seq: number, patch: Record<string, unknown>, recordId = newId()) => ({
      seq,
      table: 'annuaire' as const,
      recordId,
      op: 'put' as const,
      patch,
      baseVersion: 0,
      at: new Date().toISOString(),
    });
    const refused = await store.push(lea, { deviceId: lea.deviceId, mutations: [mutation(1, lieu)] });
    expect(refused.refused?.[0]).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/Seul un coordinateur/),
    });
    const imported = (await directory()).find((r) => r.data.schemaId === 'fs-gramat')!;
    const edit = await store.push(lea, {
      deviceId: lea.deviceId,
      mutations: [{ ...mutation(2, { nom: 'Autre' }, imported.id), baseVersion: imported.version }],
    });
    expect(edit.refused?.[0]?.code).toBe('forbidden');

    const accepted = await store.push(coord, { deviceId: coord.deviceId, mutations: [mutation(1, lieu)] });
    expect(accepted.refused).toBeUndefined();
    const bad = await store.push(coord, {
      deviceId: coord.deviceId,
      mutations: [mutation(2, { ...lieu, services: ['Cours de guitare'] })],
    });
    expect(bad.refused?.[0]?.code).toBe('invalid');
    expect((await directory()).filter((r) => r.data.origine === 'structure')).toHaveLength(1);
  });

  it('imports from the admin command, naming the structure when the server has several', async () => {
    const file = { name: 'lieux.json', text: fixture('lieux.json') };
    expect(await importLieuxCommand(store, file, {})).toEqual({
      ok: false,
      lines: ['Précisez la structure : --structure <id> (voir list-structures).'],
    });
    const result = await importLieuxCommand(store, file, {
      structure: otherId,
      env: { SILLON_DEPARTEMENTS: '46' },
    });
    expect(result.ok).toBe(true);
    expect(result.lines).toEqual([
      // json-bad is in Agen (47000), outside the territory: not reported.
      'Import terminé : 3 lieux nouveaux, 0 mis à jour, 0 inchangé, 0 ligne refusée, 1 hors du territoire.',
    ]);
    const strict = await importLieuxCommand(store, file, { structure: otherId, strict: true });
    expect(strict.ok).toBe(false);
    expect(strict.lines[0]).toBe('Rien n’a été importé : 1 ligne refusée (import sans erreur demandé).');
  });

  it('fetches a configured URL (off by default) and imports it, logging the refused rows', async () => {
    expect(readLieuxUrlConfig({})).toBeUndefined();
    let served = fixture('cartographie-47.csv');
    let hits = 0;
    const server: Server = createServer((req, res) => {
      hits++;
      if (req.url !== '/lieux-47.csv') return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' }).end(served);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    try {
      const lines: string[] = [];
      const logger = createLogger('info', (line) => lines.push(line));
      const config = readLieuxUrlConfig({
        SILLON_LIEUX_URL: `http://127.0.0.1:${port}/lieux-47.csv`,
        SILLON_LIEUX_STRUCTURE: otherId,
      })!;
      const env = { SILLON_DEPARTEMENTS: '47' };
      expect(await fetchAndImportLieux(store, logger, config, env)).toMatchObject({
        created: 2,
        imported: true,
      });
      expect(lines.some((l) => l.includes('lieux_row_refused') && l.includes('bad-phone'))).toBe(true);
      served = served.replace('"2026-06-01"', '"2026-12-01"');
      expect(await fetchAndImportLieux(store, logger, config, env)).toMatchObject({
        created: 0,
        updated: 1,
        unchanged: 1,
      });
      const missing = { ...config, url: `http://127.0.0.1:${port}/absent.csv` };
      expect(await fetchAndImportLieux(store, logger, missing, env)).toBeUndefined();
      expect(lines.some((l) => l.includes('lieux_fetch_failed') && l.includes('404'))).toBe(true);
      expect(hits).toBe(3);
    } finally {
      await new Promise((ok) => server.close(ok));
    }
    expect(() => readLieuxUrlConfig({ SILLON_LIEUX_URL: 'ftp://x' })).toThrow(/http\(s\)/);
  });

  it('stops reading a file past the size limit even without a Content-Length', async () => {
    // An endless body (chunked, no Content-Length), bounded to 20 s on the server's side.
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/csv' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const until = Date.now() + 20_000;
      const timer = setInterval(() => {
        if (Date.now() > until || res.destroyed) return void (clearInterval(timer), res.end());
        res.write(chunk);
      }, 1);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(fetchLieuxText(`http://127.0.0.1:${port}/lieux.csv`, 10_000, 256 * 1024)).rejects.toThrow(
        /trop volumineux/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });

  it('keeps the stamp of a field the newer file left as it was, and a deleted lieu deleted until the file updates it', async () => {
    const byId = async (schemaId: string) =>
      (await directory(coord)).find((r) => r.data.schemaId === schemaId)!;
    const push = (seq: number, recordId: string, baseVersion: number, rest: Record<string, unknown>) =>
      store.push(coord, {
        deviceId: coord.deviceId,
        mutations: [
          { seq, table: 'annuaire', recordId, baseVersion, at: new Date().toISOString(), ...rest },
        ] as never,
      });
    // The coordinateur's tablet holds Figeac's lieu; a newer file changes only its hours meanwhile.
    const figeac = await byId('tiers-lieu-figeac');
    const newer = fixture('cartographie-46.csv')
      .replace('"2026-08-20"', '"2026-12-03"')
      .replace('Mo-Sa 09:00-19:00', 'Mo-Sa 09:00-18:00');
    expect(await importLieuxFile(store, newer, 'x.csv', options())).toMatchObject({ updated: 1 });
    expect((await byId('tiers-lieu-figeac')).data.horaires).toBe('Mo-Sa 09:00-18:00');
    // Her edit of its name, typed before she pulled the import, meets no conflict: the file did not
    // change the name.
    const edit = await push(3, figeac.id, figeac.version, {
      op: 'put',
      patch: { nom: 'La Fabrique (Figeac)' },
    });
    expect(edit).toMatchObject({ conflicts: 0 });
    expect(edit.refused).toBeUndefined();
    // Her edit of its hours does: the file changed them.
    const hours = await push(4, figeac.id, figeac.version, {
      op: 'put',
      patch: { horaires: 'Mo 10:00-12:00' },
    });
    expect(hours).toMatchObject({ conflicts: 1 });

    // A lieu she deleted stays deleted when the same file comes again (the daily fetch)…
    const agen = await byId('declic-agen');
    expect(await push(5, agen.id, agen.version, { op: 'delete', patch: {} })).toMatchObject({ conflicts: 0 });
    const again = await importLieuxFile(store, fixture('cartographie-47.csv'), 'x.csv', options());
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, imported: false });
    const held = async () => (await directory(coord)).find((r) => r.id === agen.id)!;
    expect((await held()).deleted).toBe(true);
    // …and is back when the file brings a newer version of it.
    const updated = fixture('cartographie-47.csv').replace('"2026-10-10"', '"2026-12-04"');
    expect(await importLieuxFile(store, updated, 'x.csv', options())).toMatchObject({ updated: 1 });
    expect(await held()).toMatchObject({ deleted: false, data: { date_maj: '2026-12-04' } });
  });

  it('takes an upload from a coordinateur only, previewed then imported', async () => {
    const app = createApp({ distDir: '/nonexistent', store, logger: createLogger('silent') });
    const token = async (userId: string) => {
      const raw = newToken();
      await store.registerDevice({ deviceId: newId(), userId, structureId, tokenHash: hashToken(raw) });
      return raw;
    };
    const upload = (raw: string, query: string, body = fixture('cartographie-46.csv')) =>
      app.request(`/api/lieux/import?${query}`, {
        method: 'POST',
        headers: {
          [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION),
          Authorization: `Bearer ${raw}`,
          'Content-Type': 'text/csv',
        },
        body,
      });
    const leaToken = await token(
      (await store.listUsers(structureId)).find((u) => u.email === 'lea@ex.fr')!.id,
    );
    expect((await upload(leaToken, 'name=a.csv')).status).toBe(403);
    const chef = await token(coordinateurId);
    const newer = fixture('cartographie-46.csv').replace('"2026-09-15"', '"2026-12-02"');
    const preview = await upload(chef, 'name=a.csv&dryRun=1', newer);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({
      updated: 1,
      unchanged: 2,
      imported: false,
      errors: [{ ligne: 5 }, { ligne: 6 }, { ligne: 7 }],
    });
    expect(await (await upload(chef, 'name=a.csv', newer)).json()).toMatchObject({
      updated: 1,
      imported: true,
    });
    expect((await upload(chef, 'name=a.csv', ' ')).status).toBe(400);
  });
});
