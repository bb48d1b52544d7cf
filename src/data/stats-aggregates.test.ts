// The fast path (day and people aggregates of src/data/stats-aggregates.ts, rebuilt from what writes
// marked stale) against the full computation on the same database, with statistics asked between
// random writes: new sessions and edits (a command's record and outbox), a date or participants
// changed, tombstones, hard deletions (retention purges), fiches edited, anonymised or removed,
// merges (sessions moved to the kept fiche), pulled pages written in one transaction with the outbox
// and the cursor, a table cleared; filters the aggregates answer and those that take the full path;
// the schema upgrade; and a write's marker committed or aborted with the write itself.
import Dexie from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

import type { Activity } from '../domain/activity';
import type { Beneficiary, CommuneRef } from '../domain/beneficiary';
import { TYPES_LIEU } from '../domain/enums';
import type { Lieu } from '../domain/lieu';
import type { StatsFilters } from '../domain/stats';
import { SillonDB } from './db';
import { aggregatesAnswer, statsFor, statsFromActivities, statsFromAggregates, warmStats } from './stats';
import { GENERATION_KEY, refreshAggregates } from './stats-aggregates';

const COMMUNES: CommuneRef[] = [
  { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
  { codeInsee: '46102', nom: 'Figeac', codePostal: '46100' },
  { codeInsee: '47001', nom: 'Agen', codePostal: '47000' },
];
const PEOPLE = ['p-01', 'p-02', 'p-13', 'p-14', 'p-25', 'p-26', 'p-37'];
const ACTIVITY_IDS = ['a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6', 'a-7', 'a-8', 'a-9'];
const ADVISORS = ['u1', 'u2'];
const DAYS = ['2025-12-30', '2026-01-05', '2026-01-31', '2026-02-01', '2026-02-14', '2026-03-01', '2026-03-20'];
const TODAY = '2026-04-10';
const meta = { structureId: 's1', createdAt: '2026-01-01T09:00:00Z', updatedAt: '2026-01-01T09:00:00Z' };

const lieux: Lieu[] = [
  { ...meta, id: 'L1', createdBy: 'u1', nom: 'Médiathèque', adresse: '1 rue', commune: COMMUNES[0]! },
  { ...meta, id: 'L2', createdBy: 'u1', nom: 'Mairie', adresse: '2 rue', commune: COMMUNES[1]! },
];

/** true once in `n + 1` draws, else absent. */
const sometimes = (n: number) =>
  fc.oneof({ weight: n, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(true as const) });

const activityArb = fc
  .record({
    id: fc.constantFrom(...ACTIVITY_IDS),
    type: fc.constantFrom('individuel' as const, 'collectif' as const),
    date: fc.constantFrom(...DAYS),
    createdBy: fc.option(fc.constantFrom(...ADVISORS), { nil: undefined }),
    typeLieu: fc.constantFrom(...TYPES_LIEU.map((t) => t.value)),
    lieuId: fc.option(fc.constantFrom('L1', 'L2', 'L-gone'), { nil: undefined }),
    lieuCommune: fc.option(fc.constantFrom(...COMMUNES), { nil: undefined }),
    duree: fc.constantFrom(15, 30, 60, 120),
    thematiques: fc.subarray(['diagnostic_numerique', 'prendre_en_main_du_materiel', 'papiers_elections_citoyennete']),
    materiel: fc.subarray(['ordinateur', 'telephone']),
    beneficiaryIds: fc.uniqueArray(fc.constantFrom(...PEOPLE), { maxLength: 3 }),
    anonymes: fc.nat(3),
    dejaAccompagne: fc.nat(2),
    orientation: fc.option(fc.constantFrom('O1', 'O2'), { nil: undefined }),
    deleted: sometimes(5),
    seul: fc.option(
      fc.record({ genre: fc.constantFrom('feminin', 'masculin'), commune: fc.constantFrom(...COMMUNES) }),
      { nil: undefined },
    ),
  })
  .map(
    (r) =>
      ({
        ...meta,
        id: r.id,
        type: r.type,
        date: r.date,
        ...(r.createdBy ? { createdBy: r.createdBy } : {}),
        typeLieu: r.typeLieu,
        ...(r.lieuId ? { lieuId: r.lieuId } : {}),
        ...(r.lieuCommune ? { lieuCommune: r.lieuCommune } : {}),
        duree: r.duree,
        thematiques: r.thematiques,
        materiel: r.materiel,
        beneficiaryIds: r.beneficiaryIds,
        ...(r.type === 'collectif'
          ? {
              participantsAnonymes: {
                total: r.anonymes,
                dejaAccompagne: Math.min(r.dejaAccompagne, r.anonymes),
                genre: { feminin: Math.min(1, r.anonymes) },
              },
            }
          : {}),
        ...(r.type === 'individuel' && r.seul
          ? { beneficiaireAnonyme: { ...r.seul, dejaAccompagne: r.dejaAccompagne > 0 } }
          : {}),
        ...(r.type === 'individuel' && r.orientation
          ? {
              orienteVersStructure: true,
              lieuOrientation: { id: r.orientation, nom: `Lieu ${r.orientation}`, services: ['aide'] },
            }
          : {}),
        ...(r.deleted ? { deleted: true } : {}),
      }) as unknown as Activity,
  );

const beneficiaryArb = fc
  .record({
    id: fc.constantFrom(...PEOPLE),
    anonyme: fc.boolean(),
    genre: fc.constantFrom('feminin', 'masculin', 'non_communique'),
    anneeNaissance: fc.option(fc.integer({ min: 1940, max: 2010 }), { nil: undefined }),
    commune: fc.option(fc.constantFrom(...COMMUNES), { nil: undefined }),
    deleted: sometimes(6),
  })
  .map(
    (r) =>
      ({
        ...meta,
        createdBy: 'u1',
        id: r.id,
        anonyme: r.anonyme,
        genre: r.genre,
        trancheAge: 'non_communique',
        ...(r.anneeNaissance ? { anneeNaissance: r.anneeNaissance } : {}),
        ...(r.commune ? { commune: r.commune } : {}),
        ...(r.deleted ? { deleted: true } : {}),
        sortKey: r.id,
        searchTokens: [],
      }) as unknown as Beneficiary,
  );

type Op =
  | { kind: 'putActivity'; a: Activity }
  | { kind: 'deleteActivity'; id: string }
  | { kind: 'tombstone'; id: string }
  | { kind: 'putBeneficiary'; b: Beneficiary }
  | { kind: 'deleteBeneficiary'; id: string }
  | { kind: 'page'; activities: Activity[]; beneficiaries: Beneficiary[] }
  | { kind: 'merge'; from: string; into: string }
  | { kind: 'anonymise'; id: string }
  | { kind: 'purge'; ids: string[] }
  | { kind: 'clear'; table: 'activities' | 'beneficiaries' }
  | { kind: 'warm' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // The warm-up after a sync: the stale aggregates rebuilt and each calendar year's figures kept.
  { weight: 1, arbitrary: fc.constant({ kind: 'warm' as const }) },
  { weight: 6, arbitrary: activityArb.map((a) => ({ kind: 'putActivity' as const, a })) },
  { weight: 1, arbitrary: fc.constantFrom(...ACTIVITY_IDS).map((id) => ({ kind: 'deleteActivity' as const, id })) },
  { weight: 1, arbitrary: fc.constantFrom(...ACTIVITY_IDS).map((id) => ({ kind: 'tombstone' as const, id })) },
  { weight: 2, arbitrary: beneficiaryArb.map((b) => ({ kind: 'putBeneficiary' as const, b })) },
  { weight: 1, arbitrary: fc.constantFrom(...PEOPLE).map((id) => ({ kind: 'deleteBeneficiary' as const, id })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        activities: fc.array(activityArb, { maxLength: 6 }),
        beneficiaries: fc.array(beneficiaryArb, { maxLength: 3 }),
      })
      .map((p) => ({ kind: 'page' as const, ...p })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...PEOPLE), fc.constantFrom(...PEOPLE))
      .filter(([x, y]) => x !== y)
      .map(([from, into]) => ({ kind: 'merge' as const, from, into })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...PEOPLE).map((id) => ({ kind: 'anonymise' as const, id })) },
  {
    weight: 1,
    arbitrary: fc
      .uniqueArray(fc.constantFrom(...ACTIVITY_IDS), { minLength: 1, maxLength: 4 })
      .map((ids) => ({ kind: 'purge' as const, ids })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('activities' as const, 'beneficiaries' as const)
      .map((table) => ({ kind: 'clear' as const, table })),
  },
);

const run = async (db: SillonDB, op: Op) => {
  switch (op.kind) {
    case 'putActivity':
      // As a command does: the record and its outbox entry in one transaction.
      return db.transaction('rw', db.activities, db.outbox, async () => {
        await db.activities.put(op.a);
        await db.outbox.add({ table: 'activities', recordId: op.a.id, op: 'put', patch: {} } as never);
      });
    case 'deleteActivity':
      return db.activities.delete(op.id);
    case 'tombstone':
      return db.activities.update(op.id, { deleted: true });
    case 'putBeneficiary':
      return db.beneficiaries.put(op.b);
    case 'deleteBeneficiary':
      return db.beneficiaries.delete(op.id);
    case 'page':
      // As a pulled page is applied: bulkPut per table in one transaction with the outbox and meta.
      return db.transaction('rw', [db.activities, db.beneficiaries, db.outbox, db.meta], async () => {
        await db.outbox.where('recordId').anyOf(op.activities.map((a) => a.id)).toArray();
        await db.activities.bulkPut(op.activities);
        await db.beneficiaries.bulkPut(op.beneficiaries);
        await db.meta.put({ key: 'sync.cursor', value: 1 });
      });
    case 'merge':
      // As a merge: the merged-away person's sessions name the kept one, her fiche becomes a tombstone.
      return db.transaction('rw', db.activities, db.beneficiaries, async () => {
        await db.activities
          .where('beneficiaryIds')
          .equals(op.from)
          .modify((a: Activity) => {
            a.beneficiaryIds = [...new Set(a.beneficiaryIds.map((id) => (id === op.from ? op.into : id)))];
          });
        const gone = await db.beneficiaries.get(op.from);
        if (gone) await db.beneficiaries.put({ ...gone, anonyme: true, genre: undefined, deleted: true } as never);
      });
    case 'anonymise':
      // As the retention job's change lands: the fiche stays, anonymous, its personal fields gone.
      return db.transaction('rw', db.beneficiaries, db.conflicts, async () => {
        const b = await db.beneficiaries.get(op.id);
        if (b) await db.beneficiaries.put({ ...b, anonyme: true, commune: undefined, anneeNaissance: undefined } as never);
      });
    case 'purge':
      // Tombstones and old records dropped by the retention purge: hard deletions in one transaction.
      return db.transaction('rw', db.activities, db.meta, () => db.activities.bulkDelete(op.ids));
    case 'clear':
      return db.table(op.table).clear();
    case 'warm':
      return warmStats(db, '2025-01-01', '2026-12-31', TODAY);
  }
};

const filtersArb: fc.Arbitrary<StatsFilters> = fc
  .record({
    range: fc.uniqueArray(
      fc.constantFrom(...DAYS, '2025-01-01', '2025-12-01', '2025-12-31', '2026-01-01', '2026-02-28', '2026-03-31', '2026-12-31'),
      { minLength: 2, maxLength: 2 },
    ),
    type: fc.option(fc.constantFrom('individuel' as const, 'collectif' as const), { nil: undefined }),
    advisorId: fc.option(fc.constantFrom(...ADVISORS, 'u-none'), { nil: undefined }),
    // The filters only the full computation answers.
    full: fc.option(
      fc.oneof(
        fc.constantFrom('L1', 'L2').map((lieuId) => ({ lieuId })),
        fc.constantFrom('46042', '47001').map((communeInsee) => ({ communeInsee })),
        fc.constantFrom('diagnostic_numerique' as const, 'papiers_elections_citoyennete' as const).map((thematique) => ({ thematique })),
      ),
      { nil: undefined, freq: 3 },
    ),
  })
  .map(({ range, type, advisorId, full }) => {
    const [from, to] = [...range].sort() as [string, string];
    return { from, to, ...(type ? { type } : {}), ...(advisorId ? { advisorId } : {}), ...full };
  });

/** The app's answer (fast path where the filters allow) equals the full computation. */
const check = async (db: SillonDB, filters: StatsFilters) => {
  const full = await statsFromActivities(db, filters, TODAY);
  expect(await statsFor(db, filters, TODAY)).toEqual(full);
  if (aggregatesAnswer(filters)) {
    // Asked again, nothing is stale: the stored rows alone give the same answer.
    const again = await refreshAggregates(db, filters.from, filters.to);
    expect(again.rebuilt).toEqual({ months: 0, people: 0 });
    expect(await statsFromAggregates(db, filters, TODAY)).toEqual(full);
  }
};

const dbs: SillonDB[] = [];
const freshDb = async () => {
  const db = new SillonDB(`stats-agg-${Math.random()}`);
  dbs.push(db);
  await db.lieux.bulkPut(lieux);
  return db;
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('statistics aggregates', () => {
  it('answer as the full computation, asked between any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(opArb, fc.option(filtersArb, { nil: undefined })), { minLength: 1, maxLength: 14 }),
        fc.array(filtersArb, { minLength: 1, maxLength: 3 }),
        async (steps, filtersList) => {
          const db = await freshDb();
          for (const [op, asked] of steps) {
            await run(db, op);
            if (asked) await check(db, asked);
          }
          for (const filters of filtersList) await check(db, filters);
          await db.delete();
        },
      ),
      { numRuns: 150 },
    );
  }, 240_000);

  it('answer a year asked again from its one stored row, kept through writes that do not change it', async () => {
    const db = await freshDb();
    const sessions = fc.sample(activityArb.filter((x) => !x.deleted && x.beneficiaryIds.length > 0), { numRuns: 8, seed: 11 });
    const people = fc.sample(beneficiaryArb, { numRuns: 7, seed: 5 });
    await db.beneficiaries.bulkPut(people);
    await db.activities.bulkPut(sessions.map((a, i) => ({ ...a, id: `y-${i}`, date: i % 2 ? '2025-03-04' : '2025-11-20' })));
    const year = { from: '2025-01-01', to: '2025-12-31' };
    await warmStats(db, '2025-01-01', '2026-12-31', TODAY);
    const expected = await statsFromActivities(db, year, TODAY);
    const generation = async () => ((await db.statsPeriods.get(GENERATION_KEY)) as { gen: number } | undefined)?.gen;
    const before = await generation();
    // A session of 2026 marks its month and its participants, whose entries for 2025 do not change.
    await db.activities.put({ ...sessions[0]!, id: 'later', date: '2026-03-20' });
    expect(await db.statsDirty.count()).toBeGreaterThan(0);
    expect(await statsFor(db, year, TODAY)).toEqual(expected);
    expect(await generation()).toBe(before);
    // Without the month rows and the buckets of people, only the stored year can answer.
    await db.statsMonths.clear();
    await db.statsPeople.clear();
    expect(await statsFor(db, year, TODAY)).toEqual(expected);
  });

  it('mark a write in its own transaction: committed with it, or gone with it', async () => {
    const db = await freshDb();
    const [a] = fc.sample(activityArb.filter((x) => !x.deleted && x.beneficiaryIds.length > 0), { numRuns: 1, seed: 7 });
    const session = { ...a!, date: '2026-02-01' };
    await expect(
      db.transaction('rw', db.activities, db.outbox, async () => {
        await db.activities.put(session);
        await db.outbox.add({ table: 'activities', recordId: session.id, op: 'put', patch: {} } as never);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await db.activities.count()).toBe(0);
    expect(await db.statsDirty.count()).toBe(0);
    await db.transaction('rw', db.activities, db.outbox, async () => {
      await db.activities.put(session);
      await db.outbox.add({ table: 'activities', recordId: session.id, op: 'put', patch: {} } as never);
    });
    const marks = (await db.statsDirty.toArray()).map((m) => m.key).sort();
    expect(marks).toEqual(['m:2026-02', ...session.beneficiaryIds.map((id) => `p:${id}`)].sort());
    // Read, rebuilt and cleared; an edit of the session's content marks its month only.
    await refreshAggregates(db, '2026-01-01', '2026-12-31');
    expect(await db.statsDirty.count()).toBe(0);
    await db.activities.update(session.id, { duree: 90 });
    expect((await db.statsDirty.toArray()).map((m) => m.key)).toEqual(['m:2026-02']);
  });

  it('mark what a large write replaced, its ids close together or far apart, twice in one transaction', async () => {
    const db = await freshDb();
    const [a] = fc.sample(activityArb.filter((x) => !x.deleted), { numRuns: 1, seed: 11 });
    const id = (i: number) => `act-${String(i).padStart(2, '0')}`;
    const stored = Array.from({ length: 40 }, (_, i) => ({ ...a!, id: id(i), date: '2026-01-10', beneficiaryIds: [`old-${i}`] }));
    await db.activities.bulkPut(stored);
    await refreshAggregates(db, '2026-01-01', '2026-12-31');
    expect(await db.statsDirty.count()).toBe(0);
    /** The markers the write renewed (a new `n`) or added. */
    const marksOf = async (ids: string[]) => {
      const before = new Map((await db.statsDirty.toArray()).map((m) => [m.key, m.n]));
      await db.transaction('rw', db.activities, async () => {
        // Two slices of one pulled page: the second names the same people and months again.
        for (let k = 0; k < 2; k++)
          await db.activities.bulkPut(ids.map((x) => ({ ...a!, id: x, date: '2026-03-05', beneficiaryIds: ['new'] })));
      });
      return (await db.statsDirty.toArray())
        .filter((m) => before.get(m.key) !== m.n)
        .map((m) => m.key)
        .sort();
    };
    // Close together (one read lists the stored keys of the range): 3 stored, 7 new in between.
    const close = [id(10), `${id(10)}-a`, `${id(10)}-b`, id(11), `${id(11)}-a`, `${id(11)}-b`, `${id(11)}-c`, id(12), `${id(12)}-a`, `${id(12)}-b`];
    expect(await marksOf(close)).toEqual(['m:2026-01', 'm:2026-03', 'p:new', 'p:old-10', 'p:old-11', 'p:old-12']);
    // Far apart (the range holds far more stored keys than were written: each one is read).
    const far = [id(0), id(5), id(20), id(39), 'act-00-x', 'act-21-x', 'act-38-x', 'act-39-x'];
    expect(await marksOf(far)).toEqual(['m:2026-01', 'm:2026-03', 'p:new', 'p:old-0', 'p:old-20', 'p:old-39', 'p:old-5']);
    expect(await statsFromAggregates(db, { from: '2026-01-01', to: '2026-12-31' }, TODAY)).toEqual(
      await statsFromActivities(db, { from: '2026-01-01', to: '2026-12-31' }, TODAY),
    );
  });

  it('keep a marker a write renewed while the statistics were rebuilding', async () => {
    const db = await freshDb();
    const [a] = fc.sample(activityArb.filter((x) => !x.deleted), { numRuns: 1, seed: 3 });
    await db.activities.put({ ...a!, date: '2026-02-01' });
    // A write lands between the statistics' read of the markers and their commit.
    const original = db.transaction.bind(db);
    let once = false;
    (db as unknown as { transaction: unknown }).transaction = (...args: unknown[]) => {
      if (args[0] === 'rw' && !once) {
        once = true;
        return db.activities.update(a!.id, { duree: 15 }).then(() => (original as (...x: unknown[]) => unknown)(...args));
      }
      return (original as (...x: unknown[]) => unknown)(...args);
    };
    await refreshAggregates(db, '2026-01-01', '2026-12-31');
    (db as unknown as { transaction: unknown }).transaction = original;
    expect((await db.statsDirty.toArray()).map((m) => m.key)).toContain('m:2026-02');
    expect(await statsFromAggregates(db, { from: '2026-01-01', to: '2026-12-31' }, TODAY)).toEqual(
      await statsFromActivities(db, { from: '2026-01-01', to: '2026-12-31' }, TODAY),
    );
  });

  it('are rebuilt after the schema upgrade from the records already stored', async () => {
    const name = `stats-upgrade-${Math.random()}`;
    const [activities, people] = fc.sample(fc.tuple(fc.array(activityArb, { minLength: 5, maxLength: 20 }), fc.array(beneficiaryArb, { maxLength: 7 })), 1)[0]!;
    // The database as version 6 wrote it (clear rows, no aggregate tables), filled before the upgrade.
    const old = new Dexie(name);
    old.version(6).stores({
      beneficiaries: 'id, *searchTokens, sortKey, updatedAt, anneeNaissance, commune.codeInsee, mergedInto',
      activities: 'id, date, [type+date], *beneficiaryIds, *participations, lieuId, updatedAt',
      lieux: 'id, nom',
      items: 'id, inventoryNumber, status, type, lieuId, updatedAt',
      loans: 'id, *itemIds, beneficiaryId, status, plannedReturnDate, startDate, updatedAt',
      itemEvents: 'id, itemId, date',
      settings: 'id',
      blobs: 'hash',
      drafts: 'id, kind, updatedAt',
      outbox: '++seq, recordId, table',
      conflicts: 'id, [table+recordId], resolvedAt',
      meta: 'key',
      setAside: 'key, table',
      annuaire: 'id, schemaId, code_insee',
      cycles: 'id, updatedAt',
      cycleSessions: 'id, cycleId, date',
      registrations: 'id, cycleId, sessionId, beneficiaryId',
      attendances: 'id, sessionId, beneficiaryId',
      passes: 'id, status, sessionId, activityId, dateReception',
    });
    await old.table('activities').bulkPut(
      activities.map((a) => ({
        ...a,
        participations: a.deleted ? [] : a.beneficiaryIds.map((id) => `${id}|${a.date}`),
      })),
    );
    await old.table('beneficiaries').bulkPut(people);
    await old.table('lieux').bulkPut(lieux);
    old.close();
    const db = new SillonDB(name);
    dbs.push(db);
    // Every stored day and person marked stale, nothing built yet.
    expect(await db.statsDirty.count()).toBeGreaterThan(0);
    expect(await db.statsMonths.count()).toBe(0);
    for (const filters of [{ from: '2025-01-01', to: '2026-12-31' }, { from: '2026-02-01', to: '2026-02-28' }]) {
      expect(await statsFromAggregates(db, filters, TODAY)).toEqual(await statsFromActivities(db, filters, TODAY));
    }
  });
});
