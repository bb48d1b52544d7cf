import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  activities,
  beneficiaries,
  items,
  lieux,
  loans,
  PERIOD,
  TODAY,
} from '../../tests/fixtures/stats-dataset';
import type { Item, Loan } from '../domain/loans';
import { SillonDB } from './db';
import { accompaniedBefore, exportFor, statsFor } from './stats';

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

  it('finds earlier accompagnements by the date index or person by person, alike', async () => {
    const ids = ['B1', 'B2', 'B3', 'B4'];
    // Only B4 has a session before March (A7, 20 February).
    expect([...(await accompaniedBefore(db, ids, PERIOD.from))]).toEqual(['B4']);
    expect([...(await accompaniedBefore(db, ids, PERIOD.from, 0))]).toEqual(['B4']);
    // Before April: B1 (A1, A3), B2, B3, B4; the deleted A8 alone would not count.
    expect([...(await accompaniedBefore(db, ids, '2026-04-01', 0))].sort()).toEqual(ids);
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
      meta: { structureName: 'X', period: '', filterLabels: [], generatedAt: '' },
    });
    expect(file.fileName).toBe('sillon-accompagnements-2026-03-01-2026-03-31.csv');
    const bytes = new Uint8Array(await file.blob.arrayBuffer());
    // UTF-8 byte order mark, so that French Excel reads the accents right.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]!.startsWith('Date;Enregistré le;')).toBe(true);
    expect(lines.filter((l) => l.includes(';A4'))).toHaveLength(8);
  });
});
