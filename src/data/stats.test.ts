import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  activities,
  beneficiaries,
  CAHORS,
  items,
  lieux,
  loans,
  PERIOD,
  TODAY,
} from '../../tests/fixtures/stats-dataset';
import type { Item, Loan } from '../domain/loans';
import { SillonDB } from './db';
import { accompaniedBefore, exportFor, statsFor } from './stats';
import { getStructureCommune, saveStructureCommune } from './structure-profile';

// The fixture holds only the fields the statistics read.
const asRecords = <T>(rows: object[]) =>
  rows.map((r) => ({ createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...r })) as T[];

describe('statistics from IndexedDB', () => {
  let db: SillonDB;
  beforeEach(async () => {
    db = new SillonDB(`stats-${Math.random()}`);
    await db.activities.bulkPut(activities);
    await db.beneficiaries.bulkPut(beneficiaries);
    await db.lieux.bulkPut(lieux);
    await db.items.bulkPut(asRecords<Item>(items));
    await db.loans.bulkPut(asRecords<Loan>(loans));
  });
  afterEach(async () => {
    await db.delete();
  });

  it('loads the period and finds who was accompanied before it', async () => {
    const { stats, options } = await statsFor(db, PERIOD, TODAY);
    // Same hand counts as src/domain/stats.test.ts; B4's February session is found through the
    // beneficiaryIds index, so B4 is not new: 8 « nouveaux ».
    expect(stats.general).toMatchObject({ accompagnements: 13, activites: 6, nouveauxBeneficiaires: 8 });
    expect(stats.loans).toMatchObject({ started: 3, returned: 2, overdue: 2 });
    expect(options.advisorIds).toEqual(['u1', 'u2']);
    expect(options.lieux.map((l) => l.nom)).toEqual(['Mairie de Figeac', 'Médiathèque de Cahors']);
    expect(options.communes.map((c) => c.nom)).toEqual(['Cahors', 'Figeac']);
  });

  it('finds who was accompanied before a date through the participations index', async () => {
    const ids = ['B1', 'B2', 'B3', 'B4'];
    // Only B4 has a session before March (A7, 20 February).
    expect([...(await accompaniedBefore(db, ids, PERIOD.from))]).toEqual(['B4']);
    // Before April: B1 (A1, A3), B2, B3, B4; the deleted A8 alone would not count.
    expect([...(await accompaniedBefore(db, ids, '2026-04-01'))].sort()).toEqual(ids);
    // A session on the date itself is not « before ».
    expect([...(await accompaniedBefore(db, ['B4'], '2026-02-20'))]).toEqual([]);
  });

  it('keeps the participations index true through edits, deletions and sync-style puts', async () => {
    const a7 = (await db.activities.get('A7'))!;
    expect([...(await accompaniedBefore(db, ['B4'], PERIOD.from))]).toEqual(['B4']);
    // Moved into the period: B4 is new again.
    await db.activities.update('A7', { date: '2026-03-02' });
    expect([...(await accompaniedBefore(db, ['B4'], PERIOD.from))]).toEqual([]);
    // Back, then deleted (a tombstone stays, without index keys).
    await db.activities.put({ ...a7 });
    expect([...(await accompaniedBefore(db, ['B4'], PERIOD.from))]).toEqual(['B4']);
    await db.activities.put({ ...a7, deleted: true });
    expect([...(await accompaniedBefore(db, ['B4'], PERIOD.from))]).toEqual([]);
    expect((await db.activities.get('A7')) as unknown).toMatchObject({ participations: [] });
  });

  it('keeps every filter choice offered when one is applied', async () => {
    const { stats, options } = await statsFor(db, { ...PERIOD, type: 'collectif', advisorId: 'u2' }, TODAY);
    expect(stats.general).toMatchObject({ activites: 1, accompagnements: 8 });
    expect(options.advisorIds).toEqual(['u1', 'u2']);
  });

  it('exports the filtered accompagnements as CSV through the [type+date] index', async () => {
    const file = await exportFor(db, { ...PERIOD, type: 'collectif' }, TODAY, {
      kind: 'accompagnements',
      format: 'csv',
      team: false,
      user: { roleLabel: 'Conseiller Numérique' },
      generatedAt: '2026-04-10T12:00:00Z',
    });
    expect(file.fileName).toBe('sillon-accompagnements-2026-03-01-2026-03-31.csv');
    const bytes = new Uint8Array(await file.blob.arrayBuffer());
    // UTF-8 byte order mark, so that French Excel reads the accents right.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]!.startsWith('Date;Enregistré le;')).toBe(true);
    expect(lines.filter((l) => l.includes(';A4'))).toHaveLength(8);
  });

  it('counts « à distance » sessions in the structure’s commune once a coordinateur gives it', async () => {
    await saveStructureCommune(db, CAHORS);
    expect(await getStructureCommune(db)).toEqual(CAHORS);
    // Saved on the structure's settings record, as an ordinary change for the next sync.
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({ table: 'settings', patch: { structureCommune: CAHORS } });
    const { stats } = await statsFor(db, PERIOD, TODAY);
    expect(stats.communes.map((c) => [c.label, c.count])).toEqual([
      ['Figeac · 46100', 9],
      ['Cahors · 46000', 4],
    ]);
  });

  it('fills the participations index of a version 1 database when it opens', async () => {
    const name = `stats-v1-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores({ activities: 'id, date, [type+date], *beneficiaryIds, lieuId, updatedAt' });
    await old.table('activities').bulkPut(activities);
    old.close();
    const upgraded = new SillonDB(name);
    try {
      expect([...(await accompaniedBefore(upgraded, ['B1', 'B4'], PERIOD.from))]).toEqual(['B4']);
      expect(await upgraded.activities.count()).toBe(activities.length);
    } finally {
      await upgraded.delete();
    }
  });
});
