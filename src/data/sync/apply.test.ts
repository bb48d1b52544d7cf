import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { activityInputSchema } from '../../domain/activity';
import type { PullResponse } from '../../domain/sync';
import { createActivity } from '../activities';
import { SillonDB } from '../db';
import { setIdentity } from '../meta';
import { CURSOR_KEY, applyPage, dropVanished } from './apply';

const STRUCTURE = '01900000-0000-7000-8000-0000000000aa';
const LEA = '01900000-0000-7000-8000-0000000000bb';
const MARC = '01900000-0000-7000-8000-0000000000cc';

describe('applying a pulled page', () => {
  let db: SillonDB;
  beforeEach(() => {
    db = new SillonDB(`apply-${Math.random()}`);
    setIdentity({ userId: LEA, role: 'conseiller', structureId: STRUCTURE });
  });
  afterEach(async () => {
    await db.delete();
    setIdentity({});
  });

  it('follows a merge it brings in the same transaction as its cursor', async () => {
    const mergedAway = '01900000-0000-7000-8000-000000000001';
    const kept = '01900000-0000-7000-8000-000000000002';
    const at = '2026-04-10T12:00:00.000Z';
    const activity = await createActivity(
      db,
      activityInputSchema.parse({
        type: 'individuel',
        date: '2026-03-02',
        duree: 30,
        typeLieu: 'a_distance',
        thematiques: ['email'],
        beneficiaryIds: [mergedAway],
      }),
    );
    const person = { anonyme: false, structureId: STRUCTURE, createdBy: MARC, createdAt: at, updatedAt: at };
    const page: PullResponse = {
      records: [
        {
          table: 'beneficiaries',
          id: kept,
          version: 1,
          deleted: false,
          data: { ...person, prenom: 'Chloé', nom: 'Roux', sortKey: 'roux chloe', searchTokens: ['roux', 'chloe'] },
          blobs: [],
        },
        { table: 'beneficiaries', id: mergedAway, version: 2, deleted: true, data: { ...person, mergedInto: kept }, blobs: [] },
      ],
      conflicts: [],
      cursor: 2,
      more: false,
      latest: 2,
    };
    await applyPage(db, page);
    // Nothing else runs after the page (the tablet may close right then): the activity moved with it.
    expect((await db.activities.get(activity.id))?.beneficiaryIds).toEqual([kept]);
    expect((await db.meta.get(CURSOR_KEY))?.value).toBe(2);
  });

  it('after a pull from zero, drops exactly the records the server no longer sent, across key pages', async () => {
    // More rows than one read of keys (2,000): the vanished ones sit in every page, the last included.
    const ids = Array.from({ length: 4_500 }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    await db.items.bulkPut(ids.map((id) => ({ id, structureId: STRUCTURE, nom: `Tablette ${id.slice(-4)}` })) as never);
    const vanished = new Set([ids[0]!, ids[1_999]!, ids[2_000]!, ids[3_333]!, ids[4_499]!]);
    // A vanished record that carries a local change stays: the change is still to be sent.
    const edited = ids[4_000]!;
    await db.outbox.add({ table: 'items', recordId: edited, op: 'update', patch: {} } as never);
    const seen = new Set(ids.filter((id) => !vanished.has(id) && id !== edited).map((id) => `items:${id}`));
    let pauses = 0;
    const removed = await dropVanished(db, seen, async () => void (pauses += 1));
    expect(removed).toBe(vanished.size);
    const left = new Set(await db.items.toCollection().primaryKeys());
    for (const id of ids) expect(left.has(id), id).toBe(!vanished.has(id));
    expect(pauses).toBeGreaterThanOrEqual(2);
  });
});
