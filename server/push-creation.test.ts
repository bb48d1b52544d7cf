import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { stampServerFields, warmCreationChecks } from './push-creation';

const writer = { userId: 'u', deviceId: 'd', structureId: 's' };

/** The rule as first written (read every date, write it again): the fast path must agree with it. */
const reference = (value: unknown, clock: Date, now: string): string => {
  const limit = clock.getTime() + 5 * 60 * 1000;
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(time) && time <= limit && time >= 0 ? new Date(time).toISOString() : now;
};

describe('stampServerFields', () => {
  it('keeps a device’s dates, clamped to the server’s clock, as the full reading would', () => {
    const instant = fc
      .date({
        min: new Date('1969-12-30T00:00:00Z'),
        max: new Date('2027-06-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
    const value = fc.oneof(
      instant,
      instant.map((s) => s.replace('.000Z', 'Z')),
      instant.map((s) => s.replace('Z', '+02:00')),
      fc.constantFrom('2026-02-31T10:00:00.000Z', '2026-12-02T24:00:00.000Z', 'hier', '', null, 12),
      fc.string({ maxLength: 24 }),
    );
    const clock = fc.date({
      min: new Date('2026-01-01T00:00:00Z'),
      max: new Date('2027-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(value, value, clock, (createdAt, at, serverClock) => {
        const now = serverClock.toISOString();
        const data: Record<string, unknown> = { createdAt };
        stampServerFields(data, { recordId: 'r', writer, created: true, at, clock: serverClock, now });
        expect(data.createdAt).toBe(reference(createdAt, serverClock, now));
        expect(data.updatedAt).toBe(reference(at, serverClock, now));
        expect(data).toMatchObject({ id: 'r', structureId: 's', createdBy: 'u' });
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the stored creation date of a record that existed', () => {
    const clock = new Date('2026-12-04T10:00:00.000Z');
    const data: Record<string, unknown> = { createdAt: '2025-01-01T00:00:00.000Z', createdBy: 'x' };
    stampServerFields(data, {
      recordId: 'r',
      writer,
      created: false,
      at: '2099-01-01T00:00:00.000Z',
      clock,
      now: clock.toISOString(),
    });
    expect(data).toMatchObject({
      createdAt: '2025-01-01T00:00:00.000Z',
      createdBy: 'x',
      updatedAt: clock.toISOString(),
    });
  });
});

describe('warmCreationChecks', () => {
  it('runs the creation checks over valid made-up records of every main table', () => {
    expect(warmCreationChecks(300)).toBe(300);
  });
});
