import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { activityInputSchema } from '../../domain/activity';
import type { PullResponse } from '../../domain/sync';
import { createActivity } from '../activities';
import { SillonDB } from '../db';
import { setIdentity } from '../meta';
import { CURSOR_KEY, applyPage } from './apply';

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
});
