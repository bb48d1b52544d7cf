import { describe, expect, it } from 'vitest';

import { mergeMutation, type FieldStamp, type MergeChange, type StoredState } from './merge';

// Legend
// ------
// Devices: A pushes (user a); B is another device of the structure (user b).
// Stamps: 'B3' = field last written at server version 3 by device B (user b).
// The structure's version before every merge is 10: the first conflict or the record takes 11.
// stored:   `{ fields, stamps, deleted? }`, or `none` (the server has no such record).
// change:   `put` or `delete`, its patch (null clears a field), its base version.
// expected: the record's fields and deleted flag after the merge (`unchanged`: nothing written),
//           the stamps that changed, and the conflicts in version order
//           `[field, kept, lost, keptBy, lostBy, version]`.
// redirect: the record an edit goes to instead (a beneficiary a merge deleted; nothing written here).
// forwarded: what a merge's deletion carries to the kept record, `[recordId, author, patch, base]`.

const A = { deviceId: 'device-A', userId: 'a' };
const stamp = (code: string): FieldStamp => {
  const device = code[0]!;
  return [Number(code.slice(1)), `device-${device}`, device.toLowerCase()];
};

interface Row {
  name: string;
  stored: 'none' | { fields: Record<string, unknown>; stamps: Record<string, string>; deleted?: boolean };
  change: [MergeChange['op'], Record<string, unknown>, number];
  expected:
    | 'unchanged'
    | { fields: Record<string, unknown>; deleted: boolean; stamps: Record<string, string>; version: number };
  conflicts?: [string, unknown, unknown, string | undefined, string | undefined, number][];
  redirect?: string;
  forwarded?: [string, string, Record<string, unknown>, number][];
}

const rows: Row[] = [
  {
    name: 'creation: every field written, stamped by its author',
    stored: 'none',
    change: ['put', { nom: 'Roux', prenom: 'Léa' }, 0],
    expected: {
      fields: { nom: 'Roux', prenom: 'Léa' },
      deleted: false,
      stamps: { nom: 'A11', prenom: 'A11' },
      version: 11,
    },
  },
  {
    name: 'plain write: the field’s last write is older than the base',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'B3' } },
    change: ['put', { nom: 'Blanc' }, 5],
    expected: { fields: { nom: 'Blanc' }, deleted: false, stamps: { nom: 'A11' }, version: 11 },
  },
  {
    name: 'plain write: the field’s last write is the base itself',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'B5' } },
    change: ['put', { nom: 'Blanc' }, 5],
    expected: { fields: { nom: 'Blanc' }, deleted: false, stamps: { nom: 'A11' }, version: 11 },
  },
  {
    name: 'same device: its own later write on an old base is no conflict',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'A8' } },
    change: ['put', { nom: 'Blanc' }, 5],
    expected: { fields: { nom: 'Blanc' }, deleted: false, stamps: { nom: 'A11' }, version: 11 },
  },
  {
    name: 'same field from two devices: the later push wins, the other value is kept',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'B8' } },
    change: ['put', { nom: 'Blanc' }, 5],
    expected: { fields: { nom: 'Blanc' }, deleted: false, stamps: { nom: 'A11' }, version: 11 },
    conflicts: [['nom', 'Blanc', 'Roux', 'a', 'b', 12]],
  },
  {
    name: 'same field from two devices with the same value: nothing to review',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'B8' } },
    change: ['put', { nom: 'Roux' }, 5],
    expected: { fields: { nom: 'Roux' }, deleted: false, stamps: { nom: 'A11' }, version: 11 },
  },
  {
    name: 'different fields from two devices: both survive',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'B8' } },
    change: ['put', { prenom: 'Léa' }, 5],
    expected: {
      fields: { nom: 'Roux', prenom: 'Léa' },
      deleted: false,
      stamps: { prenom: 'A11' },
      version: 11,
    },
  },
  {
    name: 'derived field from two devices: recomputed by the devices, never a conflict',
    stored: { fields: { sortKey: 'roux' }, stamps: { sortKey: 'B8' } },
    change: ['put', { sortKey: 'blanc' }, 5],
    expected: { fields: { sortKey: 'blanc' }, deleted: false, stamps: { sortKey: 'A11' }, version: 11 },
  },
  {
    name: 'cleared field: null removes it and stamps the clearing',
    stored: { fields: { nom: 'Roux', notes: 'x' }, stamps: { nom: 'B3', notes: 'B3' } },
    change: ['put', { notes: null }, 5],
    expected: { fields: { nom: 'Roux' }, deleted: false, stamps: { notes: 'A11' }, version: 11 },
  },
  {
    name: 'cleared field that another device edited meanwhile: the clearing wins, the text is kept',
    stored: { fields: { notes: 'x' }, stamps: { notes: 'B8' } },
    change: ['put', { notes: null }, 5],
    expected: { fields: {}, deleted: false, stamps: { notes: 'A11' }, version: 11 },
    conflicts: [['notes', null, 'x', 'a', 'b', 12]],
  },
  {
    name: 'delete meets edit: the deletion wins, the record as it was is kept',
    stored: {
      fields: { nom: 'Roux', commune: 'Agen', createdAt: 'T0' },
      stamps: { nom: 'B3', commune: 'B8' },
    },
    change: ['delete', { deleted: true, nom: null }, 5],
    expected: {
      fields: { commune: 'Agen', createdAt: 'T0', deleted: true },
      deleted: true,
      stamps: { nom: 'A12', deleted: 'A12' },
      version: 12,
    },
    conflicts: [['deleted', true, { nom: 'Roux', commune: 'Agen' }, 'a', 'b', 11]],
  },
  {
    name: 'delete meets edits of two others: the latest editor is named',
    stored: { fields: { nom: 'Roux', commune: 'Agen' }, stamps: { nom: 'C9', commune: 'B8' } },
    change: ['delete', { deleted: true }, 5],
    expected: {
      fields: { nom: 'Roux', commune: 'Agen', deleted: true },
      deleted: true,
      stamps: { deleted: 'A12' },
      version: 12,
    },
    conflicts: [['deleted', true, { nom: 'Roux', commune: 'Agen' }, 'a', 'c', 11]],
  },
  {
    name: 'delete with no edit elsewhere since the base: a plain tombstone',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'B3' } },
    change: ['delete', { deleted: true }, 5],
    expected: {
      fields: { nom: 'Roux', deleted: true },
      deleted: true,
      stamps: { deleted: 'A11' },
      version: 11,
    },
  },
  {
    name: 'a put carrying deleted: true deletes like a delete',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'B8' } },
    change: ['put', { deleted: true }, 5],
    expected: {
      fields: { nom: 'Roux', deleted: true },
      deleted: true,
      stamps: { deleted: 'A12' },
      version: 12,
    },
    conflicts: [['deleted', true, { nom: 'Roux' }, 'a', 'b', 11]],
  },
  {
    name: 'edit meets delete: the record stays deleted, the edit is kept',
    stored: { fields: { deleted: true }, stamps: { deleted: 'B8' }, deleted: true },
    change: ['put', { telephone: '0600000000' }, 5],
    expected: 'unchanged',
    conflicts: [['deleted', true, { telephone: '0600000000' }, 'b', 'a', 11]],
  },
  {
    name: 'edit of a record the same device deleted: written, still deleted',
    stored: { fields: { deleted: true }, stamps: { deleted: 'A8' }, deleted: true },
    change: ['put', { notes: 'x' }, 5],
    expected: { fields: { deleted: true, notes: 'x' }, deleted: true, stamps: { notes: 'A11' }, version: 11 },
  },
  {
    name: 'edit of a record deleted before the base: written, still deleted',
    stored: { fields: { deleted: true }, stamps: { deleted: 'B4' }, deleted: true },
    change: ['put', { notes: 'x' }, 5],
    expected: { fields: { deleted: true, notes: 'x' }, deleted: true, stamps: { notes: 'A11' }, version: 11 },
  },
  {
    name: 'restore: deleted cleared on a deleted record brings it back',
    stored: { fields: { deleted: true }, stamps: { deleted: 'B8' }, deleted: true },
    change: ['put', { deleted: null, nom: 'Roux' }, 5],
    expected: {
      fields: { nom: 'Roux' },
      deleted: false,
      stamps: { deleted: 'A11', nom: 'A11' },
      version: 11,
    },
  },
  {
    name: 'purged tombstone: the edit is kept and the tombstone written again',
    stored: 'none',
    change: ['put', { nom: 'Roux' }, 5],
    expected: { fields: { deleted: true }, deleted: true, stamps: { deleted: 'A12' }, version: 12 },
    conflicts: [['deleted', true, { nom: 'Roux' }, undefined, 'a', 11]],
  },
  {
    name: 'deletion of a purged record: a tombstone, nothing to review',
    stored: 'none',
    change: ['delete', { deleted: true }, 5],
    expected: { fields: { deleted: true }, deleted: true, stamps: { deleted: 'A11' }, version: 11 },
  },
  {
    name: 'server fields are never written by a device',
    stored: 'none',
    change: [
      'put',
      { id: 'x', structureId: 's', createdBy: 'u', updatedAt: 'T', serverVersion: 9, nom: 'Roux' },
      0,
    ],
    expected: { fields: { nom: 'Roux' }, deleted: false, stamps: { nom: 'A11' }, version: 11 },
  },
  {
    name: 'createdAt is taken at creation…',
    stored: 'none',
    change: ['put', { createdAt: 'T1', nom: 'Roux' }, 0],
    expected: {
      fields: { createdAt: 'T1', nom: 'Roux' },
      deleted: false,
      stamps: { createdAt: 'A11', nom: 'A11' },
      version: 11,
    },
  },
  {
    name: '…and never changed afterwards',
    stored: { fields: { createdAt: 'T0' }, stamps: {} },
    change: ['put', { createdAt: 'T1', nom: 'Roux' }, 0],
    expected: {
      fields: { createdAt: 'T0', nom: 'Roux' },
      deleted: false,
      stamps: { nom: 'A11' },
      version: 11,
    },
  },
  {
    name: 'edit of a beneficiary a merge deleted: it goes to the kept one, nothing written here',
    stored: {
      fields: { deleted: true, mergedInto: 'kept', genre: 'feminin' },
      stamps: { deleted: 'B8' },
      deleted: true,
    },
    change: ['put', { telephone: '+33612345678' }, 5],
    expected: 'unchanged',
    redirect: 'kept',
  },
  {
    name: 'edit of a record deleted without a merge: no redirect, a deleted conflict',
    stored: { fields: { deleted: true }, stamps: { deleted: 'B8' }, deleted: true },
    change: ['put', { telephone: '+33612345678' }, 5],
    expected: 'unchanged',
    conflicts: [['deleted', true, { telephone: '+33612345678' }, 'b', 'a', 11]],
  },
  {
    name: 'restoration of a merged-away beneficiary stays on her record',
    stored: { fields: { deleted: true, mergedInto: 'kept' }, stamps: { deleted: 'A8' }, deleted: true },
    change: ['put', { deleted: false, nom: 'Roux' }, 8],
    expected: {
      fields: { mergedInto: 'kept', nom: 'Roux' },
      deleted: false,
      stamps: { deleted: 'A11', nom: 'A11' },
      version: 11,
    },
  },
  {
    name: 'deletion of a merged-away beneficiary stays on her record',
    stored: { fields: { deleted: true, mergedInto: 'kept' }, stamps: { deleted: 'B8' }, deleted: true },
    change: ['delete', { deleted: true }, 5],
    expected: {
      fields: { deleted: true, mergedInto: 'kept' },
      deleted: true,
      stamps: { deleted: 'A11' },
      version: 11,
    },
  },
  {
    name: 'a merge’s deletion meeting edits made elsewhere: deleted, the edits carried to the kept one, by author',
    stored: {
      fields: {
        nom: 'Roux',
        telephone: '+33612345678',
        email: 'old@ex.fr',
        searchTokens: ['roux'],
        sortKey: 'roux',
      },
      stamps: { nom: 'B3', telephone: 'B8', email: 'C9', searchTokens: 'B8', sortKey: 'D9' },
    },
    change: ['delete', { deleted: true, mergedInto: 'kept', nom: null, telephone: null }, 5],
    expected: {
      fields: {
        email: 'old@ex.fr',
        searchTokens: ['roux'],
        sortKey: 'roux',
        mergedInto: 'kept',
        deleted: true,
      },
      deleted: true,
      stamps: { deleted: 'A11', mergedInto: 'A11', nom: 'A11', telephone: 'A11' },
      version: 11,
    },
    forwarded: [
      // Index keys go with their author's typed fields (D typed nothing: its sortKey stays).
      ['kept', 'B', { telephone: '+33612345678', searchTokens: ['roux'] }, 5],
      ['kept', 'C', { email: 'old@ex.fr' }, 5],
    ],
  },
  {
    name: 'a merge’s deletion meeting a field cleared elsewhere: the clearing is carried',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'B3', notes: 'B8' } },
    change: ['delete', { deleted: true, mergedInto: 'kept', nom: null }, 5],
    expected: {
      fields: { mergedInto: 'kept', deleted: true },
      deleted: true,
      stamps: { deleted: 'A11', mergedInto: 'A11', nom: 'A11' },
      version: 11,
    },
    forwarded: [['kept', 'B', { notes: null }, 5]],
  },
  {
    name: 'a merge’s deletion of a record no one else changed: nothing carried',
    stored: { fields: { nom: 'Roux' }, stamps: { nom: 'B3', email: 'A8' } },
    change: ['delete', { deleted: true, mergedInto: 'kept', nom: null }, 5],
    expected: {
      fields: { mergedInto: 'kept', deleted: true },
      deleted: true,
      stamps: { deleted: 'A11', mergedInto: 'A11', nom: 'A11' },
      version: 11,
    },
  },
];

describe('mergeMutation', () => {
  it.each(rows)('$name', ({ stored, change, expected, conflicts = [], redirect, forwarded = [] }) => {
    const state: StoredState | undefined =
      stored === 'none'
        ? undefined
        : {
            data: structuredClone(stored.fields),
            stamps: Object.fromEntries(Object.entries(stored.stamps).map(([f, s]) => [f, stamp(s)])),
            deleted: stored.deleted ?? false,
          };
    const before = structuredClone(state);
    const [op, patch, baseVersion] = change;
    const result = mergeMutation({
      stored: state,
      change: { op, patch, baseVersion },
      author: A,
      version: 10,
    });

    expect(result.conflicts).toEqual(
      conflicts.map(([field, keptValue, lostValue, keptBy, lostBy, version]) => ({
        field,
        keptValue,
        lostValue,
        keptBy,
        lostBy,
        version,
      })),
    );
    expect(state).toEqual(before); // pure: the stored state is not modified
    expect(result.redirect).toBe(redirect);
    expect(result.forwarded ?? []).toEqual(
      forwarded.map(([recordId, device, fields, baseVersion]) => ({
        recordId,
        author: { deviceId: `device-${device}`, userId: device.toLowerCase() },
        change: { op: 'put', patch: fields, baseVersion },
      })),
    );
    if (expected === 'unchanged') {
      expect(result.record).toBeUndefined();
      expect(result.version).toBe(10 + conflicts.length);
      return;
    }
    const record = result.record!;
    expect(record.data).toEqual(expected.fields);
    expect(record.deleted).toBe(expected.deleted);
    expect(record.version).toBe(expected.version);
    expect(result.version).toBe(Math.max(expected.version, ...conflicts.map((c) => c[5])));
    const changed = Object.fromEntries(
      Object.entries(record.stamps).filter(
        ([field, s]) => JSON.stringify(s) !== JSON.stringify(state?.stamps[field]),
      ),
    );
    expect(changed).toEqual(
      Object.fromEntries(Object.entries(expected.stamps).map(([f, s]) => [f, stamp(s)])),
    );
  });
});
