import type { DBCore, DBCoreTable, Middleware } from 'dexie';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  countBeneficiaries,
  deleteBeneficiary,
  derivedFields,
  findDuplicates,
  findDuplicatesOfMany,
  getBeneficiariesByIds,
  getBeneficiary,
  listBeneficiaries,
  saveBeneficiary,
  searchBeneficiaries,
  sessionsOf,
} from '../../src/data/beneficiaries';
import { SillonDB } from '../../src/data/db';
import { saveRecord } from '../../src/data/records';
import type { Activity } from '../../src/domain/activity';
import {
  beneficiaryInputSchema,
  type Beneficiary,
  type BeneficiaryInput,
} from '../../src/domain/beneficiary';

const NOW = new Date('2026-11-23T10:00:00Z');
const schema = beneficiaryInputSchema(NOW);
const input = (fields: Partial<BeneficiaryInput>): BeneficiaryInput =>
  schema.parse({ anonyme: false, ...fields });

const CAHORS = { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' };
const AGEN = { codeInsee: '47001', nom: 'Agen', codePostal: '47000' };

/** Records every read request that reaches IndexedDB for the beneficiaries table. */
interface Read {
  op: string;
  index: string;
  range: string;
}
const readLog = (reads: Read[]): Middleware<DBCore> => ({
  stack: 'dbcore',
  name: 'read-log',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      if (name !== 'beneficiaries') return table;
      const log = (op: string, q: { index: { name: string | null }; range: { type: number } }) =>
        reads.push({ op, index: q.index.name ?? '', range: q.range.type === 3 ? 'any' : 'bounded' });
      const wrapped: DBCoreTable = {
        ...table,
        query: (req) => {
          log('query', req.query);
          return table.query(req);
        },
        openCursor: (req) => {
          log('openCursor', req.query);
          return table.openCursor(req);
        },
        count: (req) => {
          log('count', req.query);
          return table.count(req);
        },
        getMany: (req) => {
          reads.push({ op: 'getMany', index: ':id', range: String(req.keys.length) });
          return table.getMany(req);
        },
      };
      return wrapped;
    },
  }),
});

let db: SillonDB;
let n = 0;
beforeEach(() => {
  db = new SillonDB(`beneficiaries-test-${++n}`);
});
afterEach(async () => {
  await db.delete();
});

describe('saving a beneficiary', () => {
  it('derives the tranche d’âge, the sort key and the search tokens', async () => {
    const b = await saveBeneficiary(
      db,
      undefined,
      input({
        prenom: 'Élodie',
        nom: 'Saint-Géry',
        anneeNaissance: 1950,
        telephone: '06 12 34 56 78',
        commune: CAHORS,
      }),
      NOW,
    );
    expect(b.trancheAge).toBe('soixante_dix_plus');
    expect(b.sortKey).toBe('saint gery elodie');
    expect(b.telephone).toBe('+33612345678');
    expect(b.searchTokens).toEqual(
      expect.arrayContaining(['elodie', 'saint', 'gery', 'cahors', '0612345678', '33612345678']),
    );
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ op: 'put', recordId: b.id, table: 'beneficiaries' });
  });

  it('clears on an edit the fields emptied in the form, and sends only what changed', async () => {
    const b = await saveBeneficiary(
      db,
      undefined,
      input({ prenom: 'Ana', nom: 'Lopez', email: 'ana@example.fr' }),
      NOW,
    );
    await saveBeneficiary(db, b.id, input({ prenom: 'Ana', nom: 'Lopez', anneeNaissance: 2000 }), NOW);
    const saved = await db.beneficiaries.get(b.id);
    expect(saved?.email).toBeUndefined();
    expect(saved?.trancheAge).toBe('vingt_cinq_trente_neuf');
    const [, edit] = await db.outbox.toArray();
    expect(edit?.patch).toEqual({ email: null, anneeNaissance: 2000, trancheAge: 'vingt_cinq_trente_neuf' });
  });

  it('stores an anonymous beneficiary without identity, sorted after the names', async () => {
    await saveBeneficiary(db, undefined, input({ prenom: 'Zoé', nom: 'Zola' }), NOW);
    const anon = await saveBeneficiary(
      db,
      undefined,
      input({ anonyme: true, prenom: 'X', genre: 'feminin', commune: AGEN }),
      NOW,
    );
    expect(anon.prenom).toBeUndefined();
    expect(anon.searchTokens).toEqual(['agen']);
    const page = await listBeneficiaries(db);
    expect(page.items.map((b) => b.anonyme)).toEqual([false, true]);
  });
});

describe('search', () => {
  beforeEach(async () => {
    await saveBeneficiary(
      db,
      undefined,
      input({ prenom: 'Hélène', nom: 'Dupré', telephone: '0612345678', commune: CAHORS }),
      NOW,
    );
    await saveBeneficiary(db, undefined, input({ prenom: 'Marc', nom: 'Dupont', commune: AGEN }), NOW);
    await saveBeneficiary(
      db,
      undefined,
      input({ prenom: 'Jean-Marc', nom: 'Lefèvre', telephone: '+33 7 98 76 54 32' }),
      NOW,
    );
  });

  const names = (list: Beneficiary[]) => list.map((b) => `${b.prenom} ${b.nom}`);

  it('finds by name with accents and case ignored, word prefixes in any order', async () => {
    expect(names(await searchBeneficiaries(db, 'HELENE'))).toEqual(['Hélène Dupré']);
    expect(names(await searchBeneficiaries(db, 'dup'))).toEqual(['Marc Dupont', 'Hélène Dupré']);
    expect(names(await searchBeneficiaries(db, 'marc dup'))).toEqual(['Marc Dupont']);
    expect(names(await searchBeneficiaries(db, 'lefevre jean'))).toEqual(['Jean-Marc Lefèvre']);
    expect(await searchBeneficiaries(db, 'dupuis')).toEqual([]);
  });

  it('finds by phone, national or international, with or without spaces', async () => {
    expect(names(await searchBeneficiaries(db, '06 12 34'))).toEqual(['Hélène Dupré']);
    expect(names(await searchBeneficiaries(db, '+33 6 12'))).toEqual(['Hélène Dupré']);
    expect(names(await searchBeneficiaries(db, '0798.76'))).toEqual(['Jean-Marc Lefèvre']);
    expect(names(await searchBeneficiaries(db, '0033798'))).toEqual(['Jean-Marc Lefèvre']);
  });

  it('finds by commune', async () => {
    expect(names(await searchBeneficiaries(db, 'cahors'))).toEqual(['Hélène Dupré']);
    expect(names(await searchBeneficiaries(db, 'Agen marc'))).toEqual(['Marc Dupont']);
  });

  it('reads further when the first keys of a lone word belong to one person', async () => {
    // Nine « q… » tokens for one person fill the first keys read (4 × the limit of 2).
    await saveBeneficiary(db, undefined, input({ prenom: 'Qa Qb Qc Qd Qe', nom: 'Qf Qg Qh Qi' }), NOW);
    await saveBeneficiary(db, undefined, input({ prenom: 'Qz', nom: 'Zola' }), NOW);
    expect(names(await searchBeneficiaries(db, 'q', 2))).toEqual(['Qa Qb Qc Qd Qe Qf Qg Qh Qi', 'Qz Zola']);
  });

  it('never finds a deleted beneficiary', async () => {
    const [helene] = await searchBeneficiaries(db, 'helene');
    await deleteBeneficiary(db, helene!.id);
    expect(await searchBeneficiaries(db, 'helene')).toEqual([]);
    expect(await searchBeneficiaries(db, '0612')).toEqual([]);
    expect(names(await searchBeneficiaries(db, 'dup'))).toEqual(['Marc Dupont']);
  });
});

describe('with 10,000 beneficiaries', () => {
  const FIRST = ['Jean', 'Marie', 'Pierre', 'Hélène', 'Louis', 'Camille', 'Paul', 'Léa', 'Hugo', 'Chloé'];
  const LAST = [
    'Martin',
    'Bernard',
    'Dubois',
    'Thomas',
    'Robert',
    'Richard',
    'Petit',
    'Durand',
    'Leroy',
    'Moreau',
  ];
  const TOWNS = [CAHORS, AGEN, { codeInsee: '46102', nom: 'Figeac', codePostal: '46100' }];

  const reads: Read[] = [];
  let big: SillonDB;
  beforeAll(async () => {
    big = new SillonDB(`beneficiaries-big`);
    big.use(readLog(reads));
    await seed(big);
  }, 120_000);
  afterAll(async () => {
    await big.delete();
  });

  async function seed(database: SillonDB) {
    const rows: Beneficiary[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      // Names repeat 100 times each; a numbered suffix makes every nom unique ("Martin0042").
      const fields = input({
        prenom: FIRST[i % 10],
        nom: `${LAST[Math.floor(i / 10) % 10]}${String(i).padStart(4, '0')}`,
        telephone: `06${String(i).padStart(8, '0')}`,
        commune: TOWNS[i % 3],
        anneeNaissance: 1940 + (i % 60),
      });
      rows.push({
        ...fields,
        id: `id-${String(i).padStart(5, '0')}`,
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
        ...derivedFields(fields, NOW),
      } as Beneficiary);
    }
    await database.beneficiaries.bulkPut(rows);
  }

  it('answers from the searchTokens index without reading the table', async () => {
    reads.length = 0;
    const found = await searchBeneficiaries(big, 'helene figeac');
    // i % 10 = 3 (Hélène) and i % 3 = 2 (Figeac): i ≡ 23 (mod 30), 333 of them; capped at 50.
    expect(found).toHaveLength(50);
    expect(found.every((b) => b.prenom === 'Hélène' && b.commune?.nom === 'Figeac')).toBe(true);
    const exact = await searchBeneficiaries(big, 'dubois0023');
    expect(exact.map((b) => b.id)).toEqual(['id-00023']);
    expect(exact[0]?.prenom).toBe('Hélène');
    const phone = await searchBeneficiaries(big, '06 00 00 99 99');
    expect(phone.map((b) => b.id)).toEqual(['id-09999']);
    // Every read went through the searchTokens index, on a bounded key range, or fetched a chunk of
    // records by primary key: never a table scan.
    expect(reads.length).toBeGreaterThan(0);
    expect(
      reads.every(
        (r) =>
          (r.index === 'searchTokens' && r.range === 'bounded') ||
          (r.op === 'getMany' && Number(r.range) <= 200),
      ),
    ).toBe(true);
    // Several words: their key ranges are intersected, so only the people matching all are opened.
    reads.length = 0;
    const both = await searchBeneficiaries(big, 'helene dubois00');
    // Hélène (i % 10 = 3) Dubois00xx (i < 100, nom Dubois for i / 10 % 10 = 2): i = 23 only.
    expect(both.map((b) => b.id)).toEqual(['id-00023']);
    expect(reads.filter((r) => r.op === 'getMany').map((r) => r.range)).toEqual(['1']);
    // A word longer than the hashed prefixes is checked on the opened rows: the ten « dubois00… », once.
    reads.length = 0;
    expect(await searchBeneficiaries(big, 'dubois0023')).toHaveLength(1);
    expect(reads.filter((r) => r.op === 'getMany').map((r) => r.range)).toEqual(['10']);
    // A one-letter query fetches only the records it shows.
    reads.length = 0;
    expect(await searchBeneficiaries(big, 'h')).toHaveLength(50);
    expect(reads.filter((r) => r.op === 'getMany').map((r) => r.range)).toEqual(['50']);
  });

  it('pages through the alphabetical list (held in memory) and counts through the sortKey index', async () => {
    reads.length = 0;
    expect(await countBeneficiaries(big)).toBe(10_000);
    expect(reads.every((r) => r.index === 'sortKey')).toBe(true);
    // The sortKey index holds hashes: the order is read once, then pages are read by key.
    const first = await listBeneficiaries(big, undefined, 50);
    expect(first.items).toHaveLength(50);
    expect(first.items[0]?.nom).toBe('Bernard0010');
    reads.length = 0;
    const second = await listBeneficiaries(big, first.next, 50);
    expect(second.items[0]?.nom).toBe('Bernard0510');
    const keys = [...first.items, ...second.items].map((b) => b.sortKey);
    expect(keys).toEqual([...keys].sort());
    expect(reads.map((r) => r.op)).toEqual(['getMany']);
  });
});

describe('pagination', () => {
  it('walks every beneficiary once, homonyms included', async () => {
    for (let i = 0; i < 7; i += 1)
      await saveBeneficiary(db, undefined, input({ prenom: 'Jean', nom: 'Martin' }), NOW);
    await saveBeneficiary(db, undefined, input({ prenom: 'Alain', nom: 'Abel' }), NOW);
    const seen: string[] = [];
    let page = await listBeneficiaries(db, undefined, 3);
    seen.push(...page.items.map((b) => b.id));
    while (page.next) {
      page = await listBeneficiaries(db, page.next, 3);
      seen.push(...page.items.map((b) => b.id));
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
  });
});

describe('duplicates', () => {
  it('matches the same normalised name, and the same birth year when both are known', async () => {
    const a = await saveBeneficiary(
      db,
      undefined,
      input({ prenom: 'Jean-Luc', nom: 'Durand', anneeNaissance: 1960 }),
      NOW,
    );
    const b = await saveBeneficiary(db, undefined, input({ prenom: 'Jean Luc', nom: 'DURAND' }), NOW);
    const ids = async (q: Parameters<typeof findDuplicates>[1]) =>
      (await findDuplicates(db, q)).map((x) => x.id).sort();

    expect(await ids({ prenom: 'jean-luc', nom: 'durand' })).toEqual([a.id, b.id].sort());
    expect(await ids({ prenom: 'Jean-Luc', nom: 'Durand', anneeNaissance: 1960 })).toEqual(
      [a.id, b.id].sort(),
    );
    // A different known birth year is another person; an unknown one may be the same.
    expect(await ids({ prenom: 'Jean-Luc', nom: 'Durand', anneeNaissance: 1985 })).toEqual([b.id]);
    expect(await ids({ prenom: 'Jean-Luc', nom: 'Durand', excludeId: b.id })).toEqual([a.id]);
    expect(await ids({ prenom: 'Jean', nom: 'Durand' })).toEqual([]);
    expect(await ids({ nom: 'Durand' })).toEqual([]);
    await deleteBeneficiary(db, a.id);
    expect(await ids({ prenom: 'Jean-Luc', nom: 'Durand' })).toEqual([b.id]);
  });

  it('finds the duplicates of a whole file with one read per name, as findDuplicates finds each', async () => {
    const reads: Read[] = [];
    const logged = new SillonDB(`beneficiaries-many-${++n}`);
    logged.use(readLog(reads));
    try {
      const people = [
        { prenom: 'Jean-Luc', nom: 'Durand', anneeNaissance: 1960 },
        { prenom: 'Jean Luc', nom: 'DURAND' },
        { prenom: 'Chloé', nom: 'Roux', anneeNaissance: 1990 },
        { prenom: 'Chloé', nom: 'Roux', anneeNaissance: 1990, deleted: true },
        ...Array.from({ length: 12 }, (_, i) => ({ prenom: 'Paul', nom: 'Vidal', anneeNaissance: 1950 + i })),
      ];
      for (const { deleted, ...fields } of people) {
        const saved = await saveBeneficiary(logged, undefined, input(fields), NOW);
        if (deleted) await deleteBeneficiary(logged, saved.id);
      }
      const queries = [
        { prenom: 'jean-luc', nom: 'durand' },
        { prenom: 'Jean-Luc', nom: 'Durand', anneeNaissance: 1985 },
        { prenom: 'Jean-Luc', nom: 'Durand', anneeNaissance: 1960 },
        { prenom: 'Chloé', nom: 'Roux', anneeNaissance: 1988 },
        { prenom: 'CHLOE', nom: 'roux' },
        // More than ten namesakes: the first ten, as the form lists them.
        { prenom: 'Paul', nom: 'Vidal' },
        { prenom: 'Paul', nom: 'Vidal', anneeNaissance: 1961 },
        { prenom: 'Jean', nom: 'Durand' },
        { nom: 'Durand' },
        {},
      ];
      const one = [];
      for (const q of queries) one.push((await findDuplicates(logged, q)).map((b) => b.id));
      reads.length = 0;
      const many = await findDuplicatesOfMany(logged, [...queries, ...queries]);
      expect(many.map((found) => found.map((b) => b.id))).toEqual([...one, ...one]);
      expect(one.map((ids) => ids.length)).toEqual([2, 1, 2, 0, 1, 10, 1, 0, 0, 0]);
      // One read of the sortKey index per distinct name (four), not one per person (twenty).
      expect(reads).toHaveLength(4);
      expect(reads.every((r) => r.index === 'sortKey')).toBe(true);
    } finally {
      await logged.delete();
    }
  });
});

describe('deletion', () => {
  it('writes a tombstone and a delete entry in the outbox, with the identity removed', async () => {
    const b = await saveBeneficiary(
      db,
      undefined,
      input({
        prenom: 'Paul',
        nom: 'Vidal',
        telephone: '0611223344',
        email: 'paul@example.fr',
        adresse: '3 rue du Lot',
        notes: 'Veut apprendre les mails',
        anneeNaissance: 1980,
        genre: 'masculin',
        statutSocial: 'en_emploi',
        commune: CAHORS,
      }),
      NOW,
    );
    await deleteBeneficiary(db, b.id);
    const stored = await db.beneficiaries.get(b.id);
    expect(stored).toMatchObject({
      id: b.id,
      deleted: true,
      genre: 'masculin',
      statutSocial: 'en_emploi',
      trancheAge: 'quarante_cinquante_neuf',
      commune: CAHORS,
    });
    for (const field of [
      'prenom',
      'nom',
      'telephone',
      'email',
      'adresse',
      'notes',
      'pasDeTelephone',
      'searchTokens',
      'sortKey',
    ]) {
      expect(stored).not.toHaveProperty(field);
    }
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ op: 'delete', recordId: b.id, table: 'beneficiaries' });
    expect(entries[1]?.patch).toMatchObject({
      deleted: true,
      prenom: null,
      nom: null,
      telephone: null,
      email: null,
    });
    expect(await getBeneficiary(db, b.id)).toBeUndefined();
    expect(await getBeneficiariesByIds(db, [b.id])).toEqual([]);
    expect(await countBeneficiaries(db)).toBe(0);
    expect((await listBeneficiaries(db)).items).toEqual([]);
  });
});

describe('history', () => {
  it('lists the sessions of a beneficiary, most recent first, deleted ones left out', async () => {
    const b = await saveBeneficiary(db, undefined, input({ prenom: 'Rose', nom: 'Blanc' }), NOW);
    const other = await saveBeneficiary(db, undefined, input({ prenom: 'Noé', nom: 'Noir' }), NOW);
    const activity = (date: string, beneficiaryIds: string[], extra: Partial<Activity> = {}) =>
      saveRecord<Activity>(db, 'activities', undefined, {
        type: beneficiaryIds.length > 1 ? 'collectif' : 'individuel',
        date,
        duree: 60,
        typeLieu: 'lieu_activite',
        thematiques: ['email'],
        materiel: [],
        beneficiaryIds,
        ...extra,
      });
    const old = await activity('2026-01-10', [b.id]);
    const workshop = await activity('2026-06-02', [other.id, b.id]);
    const gone = await activity('2026-07-01', [b.id]);
    await saveRecord<Activity>(db, 'activities', gone.id, { deleted: true });
    await activity('2026-08-01', [other.id]);
    expect((await sessionsOf(db, b.id)).map((a) => a.id)).toEqual([workshop.id, old.id]);
    expect(await getBeneficiariesByIds(db, [other.id, b.id, 'missing'])).toEqual([
      expect.objectContaining({ id: other.id }),
      expect.objectContaining({ id: b.id }),
    ]);
  });
});
