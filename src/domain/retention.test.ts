import { describe, expect, it } from 'vitest';

import { mergeMutation } from './merge';
import {
  anonymiseConflictValues,
  anonymisedConflict,
  anonymisedMerge,
  isPersonalField,
  type ConflictValues,
} from './retention';

const conflict = (over: Partial<ConflictValues>): ConflictValues => ({
  table: 'beneficiaries',
  field: 'telephone',
  keptValue: '+33755443322',
  lostValue: '+33611111111',
  ...over,
});

describe('conflict anonymisation when a beneficiary is deleted', () => {
  it.each([
    ['a personal field: both values go', conflict({}), { keptValue: null, lostValue: null }],
    [
      'the name',
      conflict({ field: 'nom', keptValue: 'Durand', lostValue: 'Durant' }),
      { keptValue: null, lostValue: null },
    ],
    [
      'a cleared field on one side',
      conflict({ field: 'notes', keptValue: null, lostValue: 'RDV' }),
      { keptValue: null, lostValue: null },
    ],
    [
      'a statistics field stays',
      conflict({ field: 'genre', keptValue: 'feminin', lostValue: 'masculin' }),
      undefined,
    ],
    [
      'the derived tranche d’âge stays',
      conflict({ field: 'trancheAge', keptValue: 'x', lostValue: 'y' }),
      undefined,
    ],
    ['already empty: nothing to do', conflict({ keptValue: null, lostValue: undefined }), undefined],
    [
      'a deletion snapshot loses her identity, keeps the statistics, and becomes anonymous',
      conflict({
        field: 'deleted',
        keptValue: true,
        lostValue: {
          prenom: 'Jeanne',
          nom: 'Durand',
          telephone: '+33755443322',
          genre: 'feminin',
          anneeNaissance: 1950,
          searchTokens: ['jeanne'],
          sortKey: 'durand',
        },
      }),
      { keptValue: true, lostValue: { genre: 'feminin', anneeNaissance: 1950, anonyme: true } },
    ],
    [
      'an edit kept after the deletion, the same',
      conflict({
        field: 'deleted',
        keptValue: true,
        lostValue: { email: 'j@ex.fr', statutSocial: 'retraite' },
      }),
      { keptValue: true, lostValue: { statutSocial: 'retraite', anonyme: true } },
    ],
    [
      'a deletion snapshot without personal data is left alone',
      conflict({ field: 'deleted', keptValue: true, lostValue: { genre: 'feminin' } }),
      undefined,
    ],
    ['other tables are not anonymised by deletion', conflict({ table: 'loans', field: 'notes' }), undefined],
  ])('%s', (_label, input, expected) => {
    expect(anonymiseConflictValues(input)).toEqual(expected);
  });

  it('returns the same object when nothing changes, a copy otherwise', () => {
    const kept = conflict({ field: 'genre' });
    expect(anonymisedConflict(kept)).toBe(kept);
    const phone = { ...conflict({}), id: 'c1' };
    expect(anonymisedConflict(phone)).toEqual({ ...phone, keptValue: null, lostValue: null });
    expect(phone.keptValue).toBe('+33755443322');
  });

  it('knows which fields are personal', () => {
    expect(isPersonalField('beneficiaries', 'adresse')).toBe(true);
    expect(isPersonalField('beneficiaries', 'commune')).toBe(false);
    expect(isPersonalField('activities', 'notes')).toBe(false);
  });
});

describe('a merge that ends with a deleted beneficiary', () => {
  const author = { deviceId: 'device-A', userId: 'a' };
  const stored = {
    data: { prenom: 'Jeanne', nom: 'Durand', telephone: '+33755443322', genre: 'feminin' },
    stamps: {
      prenom: [3, 'device-B', 'b'],
      nom: [3, 'device-B', 'b'],
      telephone: [8, 'device-B', 'b'],
      genre: [3, 'device-B', 'b'],
    },
    deleted: false,
  } as const;

  it('writes no personal field and keeps none in the conflicts it creates', () => {
    // A deletion that did not clear the fields (an old or hostile client) and met an edit.
    const merged = anonymisedMerge(
      'beneficiaries',
      mergeMutation({
        stored: structuredClone(stored) as never,
        change: { op: 'delete', patch: { deleted: true }, baseVersion: 5 },
        author,
        version: 10,
      }),
      false,
    );
    expect(merged.record?.data).toEqual({ genre: 'feminin', deleted: true });
    expect(merged.conflicts).toHaveLength(1);
    expect(merged.conflicts[0]).toMatchObject({
      field: 'deleted',
      keptValue: true,
      lostValue: { genre: 'feminin', anonyme: true },
    });
  });

  it('anonymises an edit that meets her deletion, and leaves other merges alone', () => {
    const tombstone = {
      data: { genre: 'feminin', deleted: true },
      stamps: { deleted: [9, 'device-B', 'b'] },
      deleted: true,
    } as const;
    const edit = mergeMutation({
      stored: structuredClone(tombstone) as never,
      change: { op: 'put', patch: { telephone: '+33611111111' }, baseVersion: 5 },
      author,
      version: 10,
    });
    expect(anonymisedMerge('beneficiaries', edit, true).conflicts[0]).toMatchObject({
      field: 'deleted',
      lostValue: { anonyme: true },
    });
    expect(anonymisedMerge('activities', edit, true)).toBe(edit);
    const alive = mergeMutation({
      stored: structuredClone(stored) as never,
      change: { op: 'put', patch: { nom: 'Durant' }, baseVersion: 5 },
      author,
      version: 10,
    });
    expect(anonymisedMerge('beneficiaries', alive, false)).toBe(alive);
  });
});
