// @vitest-environment node
import 'fake-indexeddb/auto';
import readExcelFile from 'read-excel-file/universal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { activityInputSchema } from '../domain/activity';
import { beneficiaryInputSchema, type BeneficiaryInput } from '../domain/beneficiary';
import { createActivity, deleteActivity } from './activities';
import { saveBeneficiary } from './beneficiaries';
import { accompagnementsCounts, beneficiariesExportFor } from './beneficiaries-export';
import { SillonDB } from './db';

const NOW = new Date('2026-04-10T12:00:00Z');
const input = (fields: Partial<BeneficiaryInput>) => beneficiaryInputSchema(NOW).parse({ anonyme: false, ...fields });
const author = { user: { prenom: 'Alice', nom: 'Marchal', roleLabel: 'Conseiller Numérique' }, generatedAt: NOW.toISOString(), timeZone: 'Europe/Paris' };
const session = (beneficiaryIds: string[], date = '2026-03-02', type: 'individuel' | 'collectif' = 'individuel') =>
  activityInputSchema.parse({ type, date, duree: 30, typeLieu: 'a_distance', thematiques: ['email'], beneficiaryIds });

describe('the beneficiaries list’s exports', () => {
  let db: SillonDB;
  const ids: Record<string, string> = {};
  beforeEach(async () => {
    db = new SillonDB(`benef-export-${Math.random()}`);
    for (const [key, fields] of Object.entries({
      martin: { prenom: 'Alice', nom: 'Martin', telephone: '06 12 34 56 78' },
      durand: { prenom: 'Bruno', nom: 'Durand' },
      marty: { prenom: 'Marc', nom: 'Marty', anneeNaissance: 1956 },
      anonyme: { anonyme: true, genre: 'feminin' as const },
    })) {
      ids[key] = (await saveBeneficiary(db, undefined, input(fields), NOW)).id;
    }
    await createActivity(db, session([ids.martin!]));
    await createActivity(db, session([ids.martin!], '2025-11-02'));
    const deleted = await createActivity(db, session([ids.martin!], '2026-01-02'));
    await deleteActivity(db, deleted.id);
    await createActivity(db, session([ids.durand!, ids.martin!], '2026-03-02', 'collectif'));
  });
  afterEach(async () => {
    await db.delete();
  });

  it('counts every accompagnement of each person, all time, deleted sessions aside', async () => {
    const counts = await accompagnementsCounts(db);
    expect(counts.get(ids.martin!)).toBe(3);
    expect(counts.get(ids.durand!)).toBe(1);
    expect(counts.get(ids.marty!)).toBeUndefined();
  });

  it('writes La Coop’s « Bénéficiaires » for the list’s search', async () => {
    const file = await beneficiariesExportFor(db, { ...author, format: 'xlsx', query: 'mar' });
    expect(file.summary).toEqual({ count: 2 });
    const [sheet] = await readExcelFile(file.blob);
    const rows = sheet!.data;
    expect(rows[9]!.slice(0, 2)).toEqual(['Recherche', 'mar']);
    expect(rows.slice(13).map((r) => [r[0], r[1], r[9], r[11]])).toEqual([
      ['Martin', 'Alice', 'Non communiqué', 3],
      // Born in 1956: 70 in 2026.
      ['Marty', 'Marc', '70 ans et plus', 0],
    ]);
  });

  it('writes « Exporter pour La Coop » and says how many went in', async () => {
    const file = await beneficiariesExportFor(db, { ...author, format: 'lacoop', query: '' });
    expect(file.fileName).toBe('sillon-pour-la-coop-beneficiaires-2026-04-10.xlsx');
    expect(file.summary).toEqual({ count: 3, leftOut: {}, communesUnknown: 0, phonesDropped: 0 });
    const [sheet] = await readExcelFile(file.blob);
    expect(sheet!.sheet).toBe('Bénéficiaires');
    expect(sheet!.data.slice(3).map((r) => [r[0], r[1], r[6]])).toEqual([
      ['Durand', 'Bruno', null],
      ['Martin', 'Alice', '+33612345678'],
      ['Marty', 'Marc', null],
    ]);
  });
});
