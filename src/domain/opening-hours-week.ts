// The common shape of OSM opening_hours, read in microseconds: rules separated by `;`, each a list
// of weekdays (ranges, lists, `PH`) or none, then time spans (`09:00-12:00,14:00-17:30`) or `off` /
// `closed` — « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off », what nearly every lieu of the
// cartographie gives. Read as the opening_hours library reads it (a later rule replaces the earlier
// ones on the days it selects; a span ends before its end minute; PH: France's eleven public
// holidays), checked against it by a test over many texts, instants and years. Anything else (months,
// weeks, comments, `||`, spans past midnight…) is not read here: undefined, and the caller asks the
// library. The library takes about a millisecond to parse a text, 40 µs for one state, at full CPU
// speed: the directory's « ouvert maintenant » over 20,000 lieux could not afford it.

import { toDay } from './dates';

/** Minutes from midnight, [start, end). */
type Span = readonly [number, number];

interface Rule {
  /** Weekdays selected (0 = Sunday); all when `any`. */
  days: ReadonlySet<number>;
  any: boolean;
  holidays: boolean;
  spans: readonly Span[];
}

export interface WeekHours {
  /** The spans of each weekday (0 = Sunday), on an ordinary day and on a public holiday. */
  days: readonly (readonly Span[])[];
  holidays: readonly (readonly Span[])[];
}

const WEEKDAYS = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'];
const DAY_ITEM = /^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$|^PH$/;
const SPANS =
  /^(?:[01]\d|2[0-3]):[0-5]\d-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)(?:,(?:[01]\d|2[0-3]):[0-5]\d-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00))*$/;

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const readRule = (text: string): Rule | undefined => {
  const parts = text.split(' ');
  if (parts.length > 2 || parts.some((p) => !p)) return undefined;
  const [first, second] = parts as [string, string | undefined];
  const selector = second === undefined ? undefined : first;
  const value = second ?? first;
  const days = new Set<number>();
  let holidays = false;
  if (selector !== undefined) {
    for (const item of selector.split(',')) {
      const match = DAY_ITEM.exec(item);
      if (!match) return undefined;
      if (item === 'PH') {
        holidays = true;
        continue;
      }
      const from = WEEKDAYS.indexOf(match[1]!);
      const to = match[2] ? WEEKDAYS.indexOf(match[2]) : from;
      for (let d = from; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === to) break;
      }
    }
  }
  let spans: Span[];
  if (value === 'off' || value === 'closed') spans = [];
  else if (SPANS.test(value)) {
    spans = value.split(',').map((s) => [minutes(s.slice(0, 5)), minutes(s.slice(6, 11))] as const);
    if (spans.some(([a, b]) => b <= a)) return undefined; // past midnight: the library's business
  } else return undefined;
  return { days, any: selector === undefined, holidays, spans };
};

/** The week of a text in the common shape, or undefined (then only the library can read it). */
export const readWeekHours = (horaires: string): WeekHours | undefined => {
  const texts = horaires.trim().split(/\s*;\s*/);
  const rules: Rule[] = [];
  for (const text of texts) {
    const rule = readRule(text);
    if (!rule) return undefined;
    rules.push(rule);
  }
  if (!rules.length) return undefined;
  // A later rule replaces the earlier ones on the days it selects.
  const spansOf = (weekday: number, holiday: boolean): readonly Span[] => {
    let spans: readonly Span[] = [];
    for (const rule of rules)
      if (rule.any || rule.days.has(weekday) || (rule.holidays && holiday)) spans = rule.spans;
    return spans;
  };
  return {
    days: [0, 1, 2, 3, 4, 5, 6].map((d) => spansOf(d, false)),
    holidays: [0, 1, 2, 3, 4, 5, 6].map((d) => spansOf(d, true)),
  };
};

/** The spans of a day (local), `holiday` telling whether it is a public holiday. */
export const spansOn = (week: WeekHours, day: Date, holiday: boolean): readonly Span[] =>
  (holiday ? week.holidays : week.days)[day.getDay()]!;

/** Open at the minute of `at` (local). */
export const openAt = (week: WeekHours, at: Date, holiday: boolean): boolean => {
  const minute = at.getHours() * 60 + at.getMinutes();
  for (const [a, b] of spansOn(week, at, holiday)) if (minute >= a && minute < b) return true;
  return false;
};

/** Easter Sunday of a Gregorian year (the anonymous algorithm, « Meeus/Jones/Butcher »). */
const easter = (year: number): Date => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return new Date(year, Math.floor(n / 31) - 1, (n % 31) + 1);
};

/**
 * France's public holidays of a year, YYYY-MM-DD (the library's « PH » for France outside
 * Alsace-Moselle): 1 January, Easter Monday, 1 and 8 May, Ascension, Whit Monday, 14 July, 15 August,
 * 1 and 11 November, 25 December.
 */
export const frenchPublicHolidays = (year: number): ReadonlySet<string> => {
  const e = easter(year);
  const fromEaster = (days: number) => toDay(new Date(year, e.getMonth(), e.getDate() + days));
  const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map(
    (d) => `${year}-${d}`,
  );
  return new Set([...fixed, fromEaster(1), fromEaster(39), fromEaster(50)]);
};
