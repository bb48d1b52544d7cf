import { describe, expect, it } from 'vitest';

import { originOf, parseUnsyncedFile, summariseUnsyncedFile, type UnsyncedExport } from './unsynced-export';

const device = '018f2c3a-0000-7000-8000-000000000001';
const other = '018f2c3a-0000-7000-8000-000000000002';
const ben = '018f2c3a-0000-7000-8000-0000000000b1';
const act = '018f2c3a-0000-7000-8000-0000000000a1';

const file = (over: Partial<UnsyncedExport> = {}): Record<string, unknown> => ({
  kind: 'sillon-unsynced-export',
  format: 1,
  exportedAt: '2026-12-01T10:00:00.000Z',
  deviceId: device,
  outbox: [
    {
      seq: 3,
      table: 'beneficiaries',
      recordId: ben,
      op: 'put',
      patch: { nom: 'Martin' },
      baseVersion: 0,
      at: 'x',
    },
    {
      seq: 4,
      table: 'beneficiaries',
      recordId: ben,
      op: 'put',
      patch: { telephone: '+33611223344' },
      baseVersion: 0,
      at: 'x',
    },
    {
      seq: 7,
      table: 'activities',
      recordId: act,
      op: 'delete',
      patch: { deleted: true },
      baseVersion: 2,
      at: 'x',
      origin: { deviceId: other, seq: 12 },
    },
  ],
  records: { beneficiaries: [{ id: ben, nom: 'Martin' }], activities: [{ id: act, deleted: true }] },
  conflicts: [],
  ...over,
});

describe('the unsynced-changes file', () => {
  it('reads a valid file and says what it holds', () => {
    const parsed = parseUnsyncedFile(JSON.stringify(file()));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(summariseUnsyncedFile(parsed.file)).toMatchObject({
      records: 2,
      changes: 3,
      deletions: 1,
      refused: 0,
      byTable: { beneficiaries: 1, activities: 1 },
    });
    // A change keeps the identity it was born with: an imported one, its first device's.
    expect(originOf(parsed.file, parsed.file.outbox[0]!)).toEqual({ deviceId: device, seq: 3 });
    expect(originOf(parsed.file, parsed.file.outbox[2]!)).toEqual({ deviceId: other, seq: 12 });
  });

  it('reads the copies of records as a tablet stores them (with its own fields beside them)', () => {
    const stored = file({
      records: {
        beneficiaries: [{ id: ben, nom: 'Martin', serverVersion: 4 }],
        activities: [{ id: act, deleted: true, participations: [`${ben}|2026-03-02`] }],
      },
    });
    expect(parseUnsyncedFile(JSON.stringify(stored)).ok).toBe(true);
  });

  it('accepts the first files, written before the format had a version', () => {
    const { format: _f, ...first } = file();
    expect(parseUnsyncedFile(JSON.stringify(first)).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{"kind": "sillon', 'not_json'],
    ['another file', JSON.stringify({ name: 'Bénéficiaires' }), 'not_sillon'],
    ['a future format', JSON.stringify(file({ format: 2 as 1 })), 'invalid'],
    [
      'changes out of order',
      JSON.stringify(file({ outbox: [...(file().outbox as []).reverse()] })),
      'invalid',
    ],
    [
      'a change of a record it lacks',
      JSON.stringify(file({ records: { beneficiaries: [{ id: ben }] } })),
      'invalid',
    ],
    [
      'an unknown field',
      JSON.stringify(
        file({
          outbox: [
            {
              seq: 1,
              table: 'beneficiaries',
              recordId: ben,
              op: 'put',
              patch: { pirate: 1 },
              baseVersion: 0,
              at: 'x',
            },
          ],
        }),
      ),
      'invalid',
    ],
    [
      'a record copy its table would not hold',
      JSON.stringify(
        file({
          records: { beneficiaries: [{ id: ben, nom: 42 }], activities: [{ id: act, deleted: true }] },
        }),
      ),
      'invalid',
    ],
    [
      'a record copy with a field its table does not know',
      JSON.stringify(
        file({
          records: {
            beneficiaries: [{ id: ben, nom: 'Martin', pirate: 1 }],
            activities: [{ id: act, deleted: true }],
          },
        }),
      ),
      'invalid',
    ],
    [
      'a bad id',
      JSON.stringify(
        file({
          outbox: [
            { seq: 1, table: 'beneficiaries', recordId: 'x', op: 'put', patch: {}, baseVersion: 0, at: 'x' },
          ],
        }),
      ),
      'invalid',
    ],
  ])('refuses %s with a French reason', (_name, text, problem) => {
    const parsed = parseUnsyncedFile(text);
    expect(parsed).toMatchObject({ ok: false, problem });
    if (!parsed.ok) expect(parsed.message).toMatch(/fichier/);
  });
});
