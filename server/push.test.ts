// @vitest-environment node
// The server trusts no tablet (issue 9), on both databases: every pushed change is checked as the
// record it would make (types, codes, dates, sizes, known fields, references of the same structure),
// against the role's permissions, and refused on its own with its reason while the rest of the batch
// lands; malformed requests (a gap in the device's mutation ids, a base version from the future) are
// 400 with nothing changed; singletons (the agreement template) have an id per structure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import { AGREEMENT_TEMPLATE_ID } from '../src/domain/loans';
import type { SyncTable } from '../src/domain/records';
import { singletonId } from '../src/domain/singletons';
import type { Mutation, PullResponse, PushResponse } from '../src/domain/sync';
import { readEpoch, startNewEpoch } from './server-state';
import type { Principal, Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, signedInDevice, type TestStore } from './test-support';

const NOW = new Date().toISOString();
const person = (nom: string): Record<string, unknown> => ({ anonyme: false, prenom: 'Léa', nom });
const activity = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'individuel',
  date: '2026-03-02',
  duree: 60,
  typeLieu: 'a_distance',
  thematiques: ['email'],
  materiel: [],
  beneficiaryIds: [],
  ...extra,
});
const template = { title: 'Convention', body: 'Prêt à {{beneficiaire.nom}}' };

describe.each(DATABASE_KINDS)('push checks on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let structureId: string;
  let otherStructureId: string;
  let lea: Principal;
  let marc: Principal;
  let coord: Principal;
  let zoe: Principal;
  const seqs = new Map<string, number>();

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    const s = await seedStructure(store, 'Mairie', ['lea@ex.fr', 'marc@ex.fr', 'chef@ex.fr'], {
      'chef@ex.fr': 'coordinateur',
    });
    structureId = s.structureId;
    lea = await signedInDevice(store, structureId, s.users['lea@ex.fr']!.userId);
    marc = await signedInDevice(store, structureId, s.users['marc@ex.fr']!.userId);
    coord = await signedInDevice(store, structureId, s.users['chef@ex.fr']!.userId);
    const o = await seedStructure(store, 'Médiathèque', ['zoe@ex.fr'], { 'zoe@ex.fr': 'coordinateur' });
    otherStructureId = o.structureId;
    zoe = await signedInDevice(store, otherStructureId, o.users['zoe@ex.fr']!.userId);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  /** A mutation with `who`'s next seq. */
  const m = (
    who: Principal,
    table: SyncTable,
    recordId: string,
    patch: Record<string, unknown>,
    baseVersion = 0,
  ): Mutation => {
    const seq = (seqs.get(who.deviceId) ?? 0) + 1;
    seqs.set(who.deviceId, seq);
    return { seq, table, recordId, op: patch.deleted ? 'delete' : 'put', patch, baseVersion, at: NOW };
  };
  const push = (who: Principal, ...mutations: Mutation[]): Promise<PushResponse> =>
    store.push(who, { deviceId: who.deviceId, mutations });
  const pullAll = async (who: Principal) => {
    const records = new Map<string, PullResponse['records'][number]>();
    let cursor = 0;
    for (;;) {
      const page = await store.pull(who, cursor, 500);
      if (page === 'resync') throw new Error('resync');
      for (const r of page.records) records.set(`${r.table}:${r.id}`, r);
      cursor = page.cursor;
      if (!page.more) return { records, cursor };
    }
  };
  /** The structure's counter and the device's last mutation id: what a refused request must not move. */
  const counters = async (who: Principal) => ({
    version: (await pullAll(who)).cursor,
    ack: (await push(who)).ack,
  });

  it('refuses a record with wrong types while the rest of the batch lands', async () => {
    const good = newId();
    const bad = newId();
    const after = newId();
    const result = await push(
      lea,
      m(lea, 'beneficiaries', good, person('Martin')),
      m(lea, 'beneficiaries', bad, { ...person('Roux'), prenom: 42 }),
      m(lea, 'activities', newId(), activity({ thematiques: 'email' })),
      m(lea, 'beneficiaries', after, person('Blanc')),
    );
    expect(result.ack).toBe(seqs.get(lea.deviceId));
    expect(result.refused).toEqual([
      expect.objectContaining({
        seq: result.ack - 2,
        code: 'invalid',
        fields: { prenom: expect.any(String) },
      }),
      expect.objectContaining({
        seq: result.ack - 1,
        code: 'invalid',
        fields: { thematiques: expect.any(String) },
      }),
    ]);
    expect(result.refused![0]!.message).toMatch(/Enregistrement invalide/);
    const { records } = await pullAll(marc);
    expect(records.has(`beneficiaries:${good}`)).toBe(true);
    expect(records.has(`beneficiaries:${after}`)).toBe(true);
    expect(records.has(`beneficiaries:${bad}`)).toBe(false);
  });

  // Legend: a name, the patch of a beneficiary creation (or of an activity when marked), and the
  // field the refusal names. Each row is refused on its own and changes nothing.
  const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });
  const hostile: { name: string; table?: SyncTable; patch: Record<string, unknown>; field: string }[] = [
    { name: 'unknown field', patch: { ...person('A'), couleur: 'bleu' }, field: 'couleur' },
    { name: 'unknown La Coop code', patch: { ...person('A'), genre: 'autre' }, field: 'genre' },
    { name: 'impossible date', table: 'activities', patch: activity({ date: '2026-02-31' }), field: 'date' },
    { name: 'year 0001', table: 'activities', patch: activity({ date: '0001-01-01' }), field: 'date' },
    {
      name: 'birth year in the future',
      patch: { ...person('A'), anneeNaissance: 2999 },
      field: 'anneeNaissance',
    },
    { name: 'a 3 MB string', patch: { ...person('A'), notes: 'x'.repeat(3_000_000) }, field: 'notes' },
    { name: 'a name too long', patch: person('x'.repeat(101)), field: 'nom' },
    { name: 'a NUL character', patch: person('Ro\u0000ux'), field: 'nom' },
    {
      name: 'a prototype key',
      patch: JSON.parse('{"nom":"A","prenom":"B","__proto__":{"x":1}}'),
      field: '__proto__',
    },
    {
      name: 'a constructor key, nested',
      patch: {
        ...person('A'),
        commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000', constructor: 1 },
      },
      field: 'commune.constructor',
    },
    { name: 'deleted: "yes"', patch: { ...person('A'), deleted: 'yes' }, field: 'deleted' },
    {
      name: '20,000 fields',
      patch: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, null])),
      field: '_record',
    },
    { name: 'deep nesting', patch: { ...person('A'), commune: nested(5000) }, field: 'commune.a.a.a.a.a' },
    {
      name: 'a number where a list goes',
      table: 'activities',
      patch: activity({ materiel: 3 }),
      field: 'materiel',
    },
    {
      name: 'too many participants',
      table: 'activities',
      patch: activity({ type: 'collectif', beneficiaryIds: Array.from({ length: 501 }, () => newId()) }),
      field: 'beneficiaryIds',
    },
    {
      name: 'a record id that is not one',
      table: 'activities',
      patch: activity({ lieuId: '../x', typeLieu: 'lieu_activite' }),
      field: 'lieuId',
    },
    { name: 'a rule across fields', patch: { anonyme: false, nom: 'Sans prénom' }, field: 'prenom' },
  ];

  it.each(hostile)('refuses $name and changes nothing', async ({ table = 'beneficiaries', patch, field }) => {
    const before = await counters(lea);
    const id = newId();
    const result = await push(lea, m(lea, table, id, patch));
    expect(result.refused).toHaveLength(1);
    expect(result.refused![0]).toMatchObject({ code: 'invalid', current: null });
    expect(Object.keys(result.refused![0]!.fields ?? {})).toContain(field);
    expect(result.ack).toBe(before.ack + 1);
    const after = await pullAll(lea);
    expect(after.cursor).toBe(before.version);
    expect(after.records.has(`${table}:${id}`)).toBe(false);
  });

  it('accepts a reference to a record of the structure, even one created earlier in the same batch', async () => {
    const person1 = newId();
    const lieu = newId();
    const result = await push(
      lea,
      m(lea, 'beneficiaries', person1, person('Vidal')),
      m(lea, 'lieux', lieu, { nom: 'Médiathèque' }),
      m(
        lea,
        'activities',
        newId(),
        activity({ beneficiaryIds: [person1], typeLieu: 'lieu_activite', lieuId: lieu }),
      ),
    );
    expect(result.refused).toBeUndefined();
  });

  it('checks a reference by its owner only, and still merges an edit of the record referred to in the same batch', async () => {
    const person1 = newId();
    expect((await push(lea, m(lea, 'beneficiaries', person1, person('Vidal')))).refused).toBeUndefined();
    const first = newId();
    const later = newId();
    const created = newId();
    const result = await push(
      lea,
      // Names her first (only her owner is read), then edits her (her record is read in full), then names
      // someone the batch creates only afterwards.
      m(lea, 'activities', first, activity({ beneficiaryIds: [person1] })),
      m(lea, 'beneficiaries', person1, { nom: 'Vidal-Roux' }, 1),
      m(lea, 'activities', later, activity({ beneficiaryIds: [created] })),
      m(lea, 'beneficiaries', created, person('Nouvelle')),
    );
    // `created` did not exist yet when `later` named her: refused; the rest lands.
    expect(result.refused?.map((r) => [r.code, Object.keys(r.fields ?? {})])).toEqual([
      ['unknown_reference', ['beneficiaryIds']],
    ]);
    const records = (await pullAll(lea)).records;
    expect(records.get(`beneficiaries:${person1}`)?.data).toMatchObject({ prenom: 'Léa', nom: 'Vidal-Roux' });
    expect(records.has(`activities:${first}`)).toBe(true);
    expect(records.has(`activities:${later}`)).toBe(false);
  });

  it('refuses a reference to a record that is not the structure’s', async () => {
    const theirs = newId();
    expect((await push(zoe, m(zoe, 'beneficiaries', theirs, person('Autre')))).refused).toBeUndefined();
    const lieu = newId();
    await push(lea, m(lea, 'lieux', lieu, { nom: 'Salle' }));
    const activityId = newId();
    const result = await push(
      lea,
      m(lea, 'activities', activityId, activity({ beneficiaryIds: [theirs] })),
      m(lea, 'activities', newId(), activity({ beneficiaryIds: [newId()] })),
      m(lea, 'items', newId(), {
        type: 'tablette',
        inventoryNumber: 'T-1',
        accessoires: [],
        status: 'disponible',
        lieuId: newId(),
      }),
      m(lea, 'loans', newId(), {
        itemIds: [newId()],
        beneficiaryId: theirs,
        startDate: '2026-03-01',
        plannedReturnDate: '2026-04-01',
        extensions: [],
        handover: [],
        returns: [],
        status: 'en_cours',
      }),
    );
    expect(result.refused?.map((r) => [r.code, Object.keys(r.fields ?? {}).sort()])).toEqual([
      ['unknown_reference', ['beneficiaryIds']],
      ['unknown_reference', ['beneficiaryIds']],
      ['unknown_reference', ['lieuId']],
      ['unknown_reference', ['beneficiaryId', 'itemIds']],
    ]);
    expect((await pullAll(lea)).records.has(`activities:${activityId}`)).toBe(false);
  });

  it('takes mergedInto only on a merged-away beneficiary, naming another beneficiary of the structure', async () => {
    const theirs = newId();
    expect((await push(zoe, m(zoe, 'beneficiaries', theirs, person('Ailleurs')))).refused).toBeUndefined();
    const kept = newId();
    const [self, unknown, foreign, live, other] = [newId(), newId(), newId(), newId(), newId()];
    await push(
      lea,
      ...[kept, self, unknown, foreign, live, other].map((id) =>
        m(lea, 'beneficiaries', id, person('Double')),
      ),
    );
    const result = await push(
      lea,
      m(lea, 'beneficiaries', self, { deleted: true, mergedInto: self }, 1),
      m(lea, 'beneficiaries', unknown, { deleted: true, mergedInto: newId() }, 1),
      m(lea, 'beneficiaries', foreign, { deleted: true, mergedInto: theirs }, 1),
      m(lea, 'beneficiaries', live, { nom: 'Vivante', mergedInto: kept }, 1),
      m(lea, 'beneficiaries', other, { deleted: true, mergedInto: kept }, 1),
    );
    expect(result.refused?.map((r) => [r.code, Object.keys(r.fields ?? {})])).toEqual([
      ['invalid', ['mergedInto']],
      ['unknown_reference', ['mergedInto']],
      ['unknown_reference', ['mergedInto']],
      ['invalid', ['mergedInto']],
    ]);
    const records = (await pullAll(lea)).records;
    for (const id of [self, unknown, foreign, live]) {
      expect(records.get(`beneficiaries:${id}`)?.deleted).toBe(false);
      expect(records.get(`beneficiaries:${id}`)?.data.mergedInto).toBeUndefined();
    }
    expect(records.get(`beneficiaries:${other}`)).toMatchObject({
      deleted: true,
      data: { mergedInto: kept },
    });
  });

  it('keeps as conflicts on the kept fiche a colleague’s edit a merge carries there and the fiche refuses', async () => {
    const kept = newId();
    const other = newId();
    await push(lea, m(lea, 'beneficiaries', kept, { ...person('Double'), email: 'lea@ex.fr' }));
    await push(lea, m(lea, 'beneficiaries', other, person('Double')));
    const base = (await pullAll(marc)).cursor;
    // Marc's edit of the fiche merged away, stored as a damaged value (written outside Sillon).
    await push(marc, m(marc, 'beneficiaries', other, { notes: 'Vue mardi' }, base));
    const row = (await store.db.get<{ data: string; field_versions: string }>(
      'SELECT data, field_versions FROM records WHERE tbl = ? AND id = ?',
      ['beneficiaries', other],
    ))!;
    const stamps = JSON.parse(row.field_versions) as Record<string, unknown>;
    await store.db.run('UPDATE records SET data = ?, field_versions = ? WHERE tbl = ? AND id = ?', [
      JSON.stringify({ ...JSON.parse(row.data), email: 'pas un e-mail' }),
      JSON.stringify({ ...stamps, email: stamps.notes }),
      'beneficiaries',
      other,
    ]);
    // Léa merges it into her fiche, on the base before Marc's edit: the fiche refuses the e-mail.
    const result = await push(lea, m(lea, 'beneficiaries', other, { deleted: true, mergedInto: kept }, base));
    expect(result.refused).toBeUndefined();
    const page = await store.pull(lea, base, 500);
    if (page === 'resync') throw new Error('resync');
    // The kept fiche stays as it was; what it refused is there to review, nothing left on the other.
    expect((await pullAll(lea)).records.get(`beneficiaries:${kept}`)?.data).toMatchObject({
      email: 'lea@ex.fr',
    });
    expect(page.records.find((r) => r.id === other)).toMatchObject({ deleted: true });
    expect(page.conflicts.map((c) => [c.recordId === kept, c.field, c.keptValue, c.lostValue])).toEqual(
      expect.arrayContaining([
        [true, 'email', 'lea@ex.fr', 'pas un e-mail'],
        [true, 'notes', null, 'Vue mardi'],
      ]),
    );
    expect(page.conflicts.filter((c) => c.recordId === other)).toEqual([]);
  });

  it('checks a lieu of the directory against the national schema, as an import does', async () => {
    const lieu = {
      schemaId: 'fs-gramat',
      origine: 'structure',
      nom: 'France Services',
      pivot: '21460123400018',
      services: ['Aide aux démarches administratives'],
      adresse: '1 place de la Mairie',
      commune: 'Gramat',
      code_postal: '46500',
      date_maj: '2026-03-01',
    };
    const good = newId();
    const badHours = newId();
    const result = await push(
      coord,
      m(coord, 'annuaire', good, { ...lieu, horaires: 'Mo-Fr 09:00-12:00' }),
      m(coord, 'annuaire', badHours, { ...lieu, schemaId: 'fs-2', horaires: 'quand on peut' }),
    );
    expect(result.refused).toEqual([
      expect.objectContaining({
        seq: result.ack,
        code: 'invalid',
        message: expect.stringMatching(/^Lieu refusé par le schéma national : Horaires/),
      }),
    ]);
    const records = (await pullAll(coord)).records;
    expect(records.has(`annuaire:${good}`)).toBe(true);
    expect(records.has(`annuaire:${badHours}`)).toBe(false);
  });

  it('enforces the permissions table: template for coordinateurs, deletion by the author, history kept', async () => {
    const mine = singletonId(structureId, 'agreementTemplate');
    const refused = await push(lea, m(lea, 'settings', mine, template));
    expect(refused.refused?.[0]).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/coordinateur/),
    });
    expect((await push(coord, m(coord, 'settings', mine, template))).refused).toBeUndefined();

    const hers = newId();
    await push(lea, m(lea, 'beneficiaries', hers, person('Fabre')));
    const base = (await pullAll(marc)).records.get(`beneficiaries:${hers}`)!.version;
    // A colleague may correct her file, not delete it; she and the coordinateur may.
    expect(
      (await push(marc, m(marc, 'beneficiaries', hers, { notes: 'Rappeler' }, base))).refused,
    ).toBeUndefined();
    const deletion = await push(marc, m(marc, 'beneficiaries', hers, { deleted: true }, base));
    expect(deletion.refused?.[0]).toMatchObject({
      code: 'forbidden',
      current: { deleted: false, data: expect.objectContaining({ nom: 'Fabre', notes: 'Rappeler' }) },
    });
    expect((await push(lea, m(lea, 'beneficiaries', hers, { deleted: true }, base))).refused).toBeUndefined();

    // An activity belongs to its author.
    const session = newId();
    await push(lea, m(lea, 'activities', session, activity()));
    const v = (await pullAll(marc)).records.get(`activities:${session}`)!.version;
    expect((await push(marc, m(marc, 'activities', session, { duree: 30 }, v))).refused?.[0]?.code).toBe(
      'forbidden',
    );
    expect((await push(coord, m(coord, 'activities', session, { duree: 30 }, v))).refused).toBeUndefined();

    // An item's history is written once.
    const item = newId();
    const event = newId();
    await push(
      lea,
      m(lea, 'items', item, {
        type: 'tablette',
        inventoryNumber: 'T-9',
        accessoires: [],
        status: 'disponible',
      }),
      m(lea, 'itemEvents', event, { itemId: item, date: NOW, kind: 'creation', toStatus: 'disponible' }),
    );
    const ev = (await pullAll(coord)).records.get(`itemEvents:${event}`)!.version;
    expect(
      (await push(coord, m(coord, 'itemEvents', event, { note: 'réécrit' }, ev))).refused?.[0]?.code,
    ).toBe('forbidden');
  });

  it('gives each structure its own template, from the old fixed id too, and refuses another’s', async () => {
    // Both structures' tablets still use the one fixed id of the first version.
    expect(
      (await push(coord, m(coord, 'settings', AGREEMENT_TEMPLATE_ID, { ...template, title: 'Mairie' })))
        .refused,
    ).toBeUndefined();
    expect(
      (await push(zoe, m(zoe, 'settings', AGREEMENT_TEMPLATE_ID, { ...template, title: 'Médiathèque' })))
        .refused,
    ).toBeUndefined();
    const ours = (await pullAll(coord)).records.get(
      `settings:${singletonId(structureId, 'agreementTemplate')}`,
    );
    const theirs = (await pullAll(zoe)).records.get(
      `settings:${singletonId(otherStructureId, 'agreementTemplate')}`,
    );
    expect(ours?.data.title).toBe('Mairie');
    expect(theirs?.data.title).toBe('Médiathèque');
    // Another structure's template id, or an id that is no setting: a clear refusal, not a 403 loop.
    const foreign = await push(
      coord,
      m(coord, 'settings', singletonId(otherStructureId, 'agreementTemplate'), template),
    );
    expect(foreign.refused?.[0]?.code).toBe('wrong_id');
    expect((await push(coord, m(coord, 'settings', newId(), template))).refused?.[0]?.code).toBe('wrong_id');
    expect((await push(coord, m(coord, 'beneficiaries', newId(), person('Après')))).refused).toBeUndefined();
  });

  it('answers 400 to a gap in the device’s mutation ids or a base version from the future', async () => {
    const before = await counters(marc);
    const gap = { ...m(marc, 'beneficiaries', newId(), person('Trou')), seq: before.ack + 2 };
    await expect(push(marc, gap)).rejects.toMatchObject({ status: 400, code: 'seq_gap' });
    const huge = { ...gap, seq: Number.MAX_SAFE_INTEGER };
    await expect(push(marc, huge)).rejects.toMatchObject({ status: 400, code: 'seq_gap' });
    const future = { ...m(marc, 'beneficiaries', newId(), person('Futur')), seq: before.ack + 1 };
    await expect(push(marc, { ...future, baseVersion: before.version + 1000 })).rejects.toMatchObject({
      status: 400,
      code: 'base_version_ahead',
    });
    expect(await counters(marc)).toEqual(before);
    // The next mutation in order still lands: the device's counter did not move.
    seqs.set(marc.deviceId, before.ack);
    expect((await push(marc, m(marc, 'beneficiaries', newId(), person('Suite')))).ack).toBe(before.ack + 1);
  });

  it('takes a withdrawn mutation id in order and changes nothing else', async () => {
    const before = await counters(marc);
    const id = newId();
    const withdrawn = {
      ...m(marc, 'beneficiaries', id, person('Repris')),
      op: 'withdraw' as const,
      patch: {},
    };
    const response = await push(marc, withdrawn);
    expect(response.ack).toBe(before.ack + 1);
    expect(response.refused).toBeUndefined();
    expect(await counters(marc)).toEqual({ ...before, ack: before.ack + 1 });
    expect((await pullAll(marc)).records.has(`beneficiaries:${id}`)).toBe(false);
    // The id after it is the next one expected.
    expect((await push(marc, m(marc, 'beneficiaries', newId(), person('Après')))).ack).toBe(before.ack + 2);
  });

  it('refuses a change written in a schema version it does not know', async () => {
    const mutation = { ...m(lea, 'beneficiaries', newId(), person('Future')), schemaVersion: 99 };
    expect((await push(lea, mutation)).refused?.[0]?.code).toBe('schema_unknown');
  });

  it('checks the values of an edit that met a deletion before keeping them in a conflict', async () => {
    const id = newId();
    await push(lea, m(lea, 'beneficiaries', id, person('Vidal')));
    const base = (await pullAll(marc)).records.get(`beneficiaries:${id}`)!.version;
    await push(lea, m(lea, 'beneficiaries', id, { deleted: true }, base));
    const result = await push(marc, m(marc, 'beneficiaries', id, { genre: 'inconnu' }, base));
    expect(result).toMatchObject({ conflicts: 0, refused: [expect.objectContaining({ code: 'invalid' })] });
  });

  it('moves a template stored under the old fixed id to its structure’s own id, with a new version', async () => {
    const t2 = await openTestStore(kind);
    try {
      const s = await seedStructure(t2.store, 'Ancienne', ['a@ex.fr'], { 'a@ex.fr': 'coordinateur' });
      const a = await signedInDevice(t2.store, s.structureId, s.users['a@ex.fr']!.userId);
      // As the first version stored it (no check, fixed id).
      await t2.store.db.run(
        `INSERT INTO records (tbl, id, structure_id, version, deleted, data, field_versions, blobs, updated_at)
         VALUES ('settings', ?, ?, 1, 0, ?, '{}', '[]', ?)`,
        [
          AGREEMENT_TEMPLATE_ID,
          s.structureId,
          JSON.stringify({ ...template, id: AGREEMENT_TEMPLATE_ID }),
          NOW,
        ],
      );
      await t2.store.db.run('UPDATE structures SET last_version = 1 WHERE id = ?', [s.structureId]);
      await t2.store.migrate();
      await t2.store.migrate(); // a second start changes nothing
      const page = await t2.store.pull(a, 1, 10);
      if (page === 'resync') throw new Error('resync');
      const id = singletonId(s.structureId, 'agreementTemplate');
      expect(page.records).toEqual([
        expect.objectContaining({
          id,
          version: 2,
          data: expect.objectContaining({ id, title: 'Convention' }),
        }),
      ]);
    } finally {
      await t2.cleanup();
    }
  });

  it('moves a device into a new epoch only when one of its own mutations is taken (no seq_gap after a restore)', async () => {
    const tab = await signedInDevice(store, structureId, lea.userId);
    const pushIn = (who: Principal, epoch: string, mutations: Mutation[]) =>
      store.push(who, { deviceId: who.deviceId, epoch, mutations });
    /** A restore of a backup taken when the tablet's counter was `lastSeq`. */
    const restore = async (lastSeq: number) => {
      const epoch = await store.db.tx((sql) => startNewEpoch(sql));
      await store.db.run('UPDATE devices SET last_seq = ? WHERE id = ?', [lastSeq, tab.deviceId]);
      return epoch;
    };
    const first = await readEpoch(store.db);
    const three = [1, 2, 3].map(() => m(tab, 'beneficiaries', newId(), person('Avant')));
    expect((await pushIn(tab, first, three)).ack).toBe(3);

    // After a restore, a push with no change of its own (conflict resolutions only)…
    const second = await restore(1);
    expect((await pushIn(tab, second, [])).ack).toBe(1);
    // …leaves the tablet free to go on from its next id (3 was acknowledged before the restore).
    expect((await pushIn(tab, second, [m(tab, 'beneficiaries', newId(), person('Après'))])).ack).toBe(4);

    // After another restore, a coordinateur imports a file of the tablet's changes (its id 2 again)…
    const third = await restore(1);
    const imported = await store.push(coord, {
      deviceId: coord.deviceId,
      importedFrom: tab.deviceId,
      epoch: third,
      mutations: [
        {
          seq: 2,
          table: 'beneficiaries',
          recordId: newId(),
          op: 'put',
          patch: person('Fichier'),
          baseVersion: 0,
          at: NOW,
        },
      ],
    });
    expect(imported.ack).toBe(2);
    // …and the tablet's own next change is still taken.
    expect((await pushIn(tab, third, [m(tab, 'beneficiaries', newId(), person('Ensuite'))])).ack).toBe(5);
  });
});
