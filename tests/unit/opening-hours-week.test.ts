// The common shape of opening hours read without the library gives the library's answers: every
// text the benchmark's national directory uses, and the tricky orders (a holiday rule before or
// after weekdays, ranges across Sunday, 24:00, a rule for every day), at every half hour around
// public holidays and over an ordinary week.
import OpeningHours from 'opening_hours';
import { describe, expect, it } from 'vitest';

import { loadSeedCommunes } from '../../scripts/seed/communes';
import { isOpenAt, isOpenOnDay, OPENING_HOURS_PLACE } from '../../src/domain/lieu-hours';
import { toDay } from '../../src/domain/dates';
import { frenchPublicHolidays, readWeekHours } from '../../src/domain/opening-hours-week';
import { AnnuaireSeed } from '../../src/domain/seed-annuaire';

const library = (text: string) =>
  new OpeningHours(text, OPENING_HOURS_PLACE, { locale: 'fr', mode: 0 } as never);

const HAND = [
  'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
  'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off',
  'PH off; Mo-Fr 09:00-17:00',
  'Mo-Su 08:00-20:00; PH 10:00-12:00',
  'Sa-Mo 10:00-18:00',
  'Mo-Fr,PH 10:00-12:00',
  'Tu,Th,Fr 13:00-18:00; We,Sa 10:00-18:00',
  '09:00-17:00',
  '09:00-17:00; Su off',
  'Mo-Fr 08:00-24:00',
  'Mo-Fr 09:00-18:00; We 09:00-12:00',
  'Mo-Fr 09:00-18:00; We off; PH closed',
  'off',
  'Mo 00:00-24:00',
  'Sa,PH 09:00-12:00',
];

const instants = (): Date[] => {
  const out: Date[] = [];
  for (const [y, m, d] of [
    [2026, 11, 7], // an ordinary week from Monday 7 December 2026
    [2026, 11, 24], // Christmas
    [2027, 2, 27], // Easter Monday 29 March 2027
    [2027, 4, 6], // Ascension 6 May 2027, 8 May
    [2026, 6, 13], // 14 July
  ] as const)
    for (let day = 0; day < (d === 7 ? 7 : 3); day++)
      for (let half = 0; half < 48; half++)
        out.push(new Date(y, m, d + day, Math.floor(half / 2), (half % 2) * 30));
  return out;
};

describe('opening hours in the common shape', () => {
  const seed = new AnnuaireSeed(1, loadSeedCommunes(['46', '47']));
  const generated = [
    ...new Set(Array.from({ length: 3000 }, (_, i) => seed.lieu(i).horaires).filter(Boolean)),
  ] as string[];

  it('reads the common shape and leaves the rest to the library', () => {
    for (const text of [...HAND, ...generated]) expect(readWeekHours(text), text).toBeDefined();
    for (const text of [
      'Mo-Fr 09:00-12:00, We 14:00-16:00',
      'Mo-Fr 22:00-02:00',
      'Jan-Jun Mo-Fr 09:00-12:00',
      'Mo-Fr 09:00-12:00 "sur rendez-vous"',
      '24/7',
      'Mo-Fr 9:00-12:00',
      'Mo-Fr 09:00-12:00 || "sur rendez-vous"',
    ])
      expect(readWeekHours(text), text).toBeUndefined();
  });

  it('answers as the library at every instant, holidays included', () => {
    const at = instants();
    const texts = [...HAND, ...generated.slice(0, 50)];
    for (const text of texts) {
      const lib = library(text);
      for (const t of at) expect(isOpenAt(text, t), `${text} at ${t.toString()}`).toBe(lib.getState(t));
      for (const t of at.filter((x) => x.getHours() === 0 && x.getMinutes() === 0)) {
        const next = new Date(t.getFullYear(), t.getMonth(), t.getDate() + 1);
        expect(isOpenOnDay(text, t), `${text} on ${t.toDateString()}`).toBe(
          lib.getOpenIntervals(t, next).length > 0,
        );
      }
    }
  });

  it('knows the public holidays the library knows, year after year', () => {
    const ph = library('PH');
    for (let year = 2020; year <= 2040; year++) {
      const days = new Set<string>();
      for (const [from] of ph.getOpenIntervals(new Date(year, 0, 1), new Date(year + 1, 0, 1)))
        days.add(toDay(from));
      expect([...frenchPublicHolidays(year)].sort(), String(year)).toEqual([...days].sort());
    }
  });

  it('still reads the other shapes with the library', () => {
    const monday = new Date(2026, 11, 7, 10);
    expect(isOpenAt('Mo-Fr 09:00-12:00, We 14:00-16:00', monday)).toBe(true);
    expect(isOpenAt('Mo-Fr 22:00-02:00', new Date(2026, 11, 8, 1))).toBe(true);
    expect(isOpenAt('Dec Mo-Fr 09:00-12:00', monday)).toBe(true);
    expect(isOpenAt('n’importe quoi', monday)).toBeUndefined();
  });
});
