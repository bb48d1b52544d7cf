import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isCanonicalInstant, isDay, isInstant } from './dates';

describe('isDay', () => {
  it.each([
    ['2026-12-02', true],
    ['2024-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400
    ['1900-02-29', false], // divisible by 100 only (and the first day accepted is 1900-01-01)
    ['2026-02-29', false],
    ['2026-02-31', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['1899-12-31', false], // before MIN_DAY
    ['0001-01-01', false],
    ['2101-01-01', false], // after MAX_DAY
    ['2026-1-01', false],
    ['2026/01/01', false],
    ['2026-01-0a', false],
    ['2026-01-01T00:00:00Z', false],
    ['', false],
  ])('%s → %s', (value, expected) => expect(isDay(value)).toBe(expected));

  it('agrees with the calendar of Date for every day 1900–2100 and their neighbours', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const date = new Date(Date.UTC(y, m - 1, d));
          const real = m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
          expect(isDay(text)).toBe(real);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('isInstant', () => {
  it.each([
    ['2026-12-02T13:45:00.000Z', true],
    ['2026-12-02T13:45:00+01:00', true],
    ['2026-12-02T13:45Z', true],
    ['2026-02-31T10:00:00Z', false],
    ['1969-12-31T23:59:59Z', false],
    ['2026-12-02 13:45:00Z', false],
    ['2026-12-02', false],
  ])('%s → %s', (value, expected) => expect(isInstant(value)).toBe(expected));
});

describe('isCanonicalInstant', () => {
  it.each([
    ['2026-12-02T13:45:00.000Z', true],
    ['1970-01-01T00:00:00.000Z', true],
    ['2028-02-29T23:59:59.999Z', true],
    ['2026-02-29T10:00:00.000Z', false],
    ['2026-04-31T10:00:00.000Z', false],
    ['2026-12-02T24:00:00.000Z', false],
    ['2026-12-02T13:60:00.000Z', false],
    ['2026-12-02T13:45:00.000+', false],
    ['2026-12-02T13:45:00+01:00', false],
    ['1969-12-31T23:59:59.999Z', false],
    ['2026-12-02 13:45:00.000Z', false],
    ['2026-1x-02T13:45:00.000Z', false],
  ])('%s → %s', (value, expected) => expect(isCanonicalInstant(value)).toBe(expected));

  it('holds exactly for the strings that are their own toISOString() from 1970 on', () => {
    const piece = (max: number, width: number) =>
      fc.integer({ min: 0, max }).map((n) => String(n).padStart(width, '0'));
    const nearlyIso = fc
      .tuple(
        piece(2200, 4),
        piece(13, 2),
        piece(32, 2),
        piece(25, 2),
        piece(61, 2),
        piece(61, 2),
        piece(999, 3),
      )
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(fc.oneof(nearlyIso, fc.string({ maxLength: 26 })), (value) => {
        const time = Date.parse(value);
        const own = Number.isFinite(time) && time >= 0 && new Date(time).toISOString() === value;
        expect(isCanonicalInstant(value)).toBe(own);
      }),
      { numRuns: 5000 },
    );
  });
});
