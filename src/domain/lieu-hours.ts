// A lieu's opening hours (`horaires`), in OpenStreetMap's opening_hours syntax as the national
// schema asks (« Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00 »), read with the opening_hours
// library: whether it is open at a moment or on a day, and the week in French for the lieu's page.
// Public holidays (« PH off ») are France's. Parsing costs about a millisecond, so a parsed value is
// kept per distinct text: a directory of 20,000 lieux shares many. Whether a lieu is open — what the
// directory's search asks of thousands of lieux at once — is read from the text's week when it has
// the common shape (opening-hours-week.ts, read as the library reads it), from the library otherwise.
import OpeningHours from 'opening_hours';

import { toDay } from './dates';
import { frenchPublicHolidays, openAt, readWeekHours, spansOn, type WeekHours } from './opening-hours-week';

/** France, for public holidays (the state only selects school holidays, which the schema does not use). */
export const OPENING_HOURS_PLACE = {
  lat: 44.45,
  lon: 1.44,
  address: { country_code: 'fr', state: 'Occitanie' },
};

const parsed = new Map<string, OpeningHours | null>();
const MAX_CACHED = 50_000;

/** The parsed hours, or null when the text is not valid opening_hours. */
const hoursOf = (horaires: string): OpeningHours | null => {
  let value = parsed.get(horaires);
  if (value === undefined) {
    try {
      value = new OpeningHours(horaires, OPENING_HOURS_PLACE, { locale: 'fr', mode: 0 } as never);
    } catch {
      value = null;
    }
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(horaires, value);
  }
  return value;
};

/** Why `horaires` is not valid OSM opening_hours (in French), or undefined when it is. */
export const horairesError = (horaires: string): string | undefined =>
  hoursOf(horaires)
    ? undefined
    : `Horaires illisibles : « ${horaires} » (syntaxe OpenStreetMap attendue, ex. « Mo-Fr 09:00-12:00 »)`;

const weeks = new Map<string, WeekHours | null>();
/** The text's week in the common shape, or null (then the library reads it). */
const weekOf = (horaires: string): WeekHours | null => {
  let week = weeks.get(horaires);
  if (week === undefined) {
    week = readWeekHours(horaires) ?? null;
    if (weeks.size >= MAX_CACHED) weeks.clear();
    weeks.set(horaires, week);
  }
  return week;
};

/** Reads the texts in the common shape now (a directory made ready for its search), not at the first « ouvert maintenant ». */
export const readHoursAhead = (texts: readonly string[]): void => {
  for (const text of texts) weekOf(text);
};

const holidayYears = new Map<number, ReadonlySet<string>>();
const holidaysOf = (year: number): ReadonlySet<string> => {
  let days = holidayYears.get(year);
  if (!days) holidayYears.set(year, (days = frenchPublicHolidays(year)));
  return days;
};

/** The last day asked about (a search asks of the same instant for every lieu). */
let lastDay: { from: number; to: number; holiday: boolean } | undefined;
const isHoliday = (at: Date): boolean => {
  const t = at.getTime();
  if (lastDay && t >= lastDay.from && t < lastDay.to) return lastDay.holiday;
  const from = new Date(at.getFullYear(), at.getMonth(), at.getDate());
  const to = new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1);
  lastDay = { from: from.getTime(), to: to.getTime(), holiday: holidaysOf(at.getFullYear()).has(toDay(at)) };
  return lastDay.holiday;
};

/** Open at `at`; undefined when the lieu gives no (readable) hours. */
export const isOpenAt = (horaires: string | undefined, at: Date): boolean | undefined => {
  if (!horaires) return undefined;
  const week = weekOf(horaires);
  if (week) return openAt(week, at, isHoliday(at));
  const hours = hoursOf(horaires);
  return hours ? hours.getState(at) : undefined;
};

const startOfDay = (day: Date): Date => new Date(day.getFullYear(), day.getMonth(), day.getDate());
const addDays = (day: Date, n: number): Date =>
  new Date(day.getFullYear(), day.getMonth(), day.getDate() + n);

/** Open at some time of the day of `day` (local time); undefined when no readable hours. */
export const isOpenOnDay = (horaires: string | undefined, day: Date): boolean | undefined => {
  if (!horaires) return undefined;
  const week = weekOf(horaires);
  if (week) return spansOn(week, day, isHoliday(day)).length > 0;
  const hours = hoursOf(horaires);
  if (!hours) return undefined;
  const from = startOfDay(day);
  return hours.getOpenIntervals(from, addDays(from, 1)).length > 0;
};

export const WEEKDAYS_FR = ['Dimanche', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'];

const hhmm = (d: Date): string =>
  `${String(d.getHours()).padStart(2, '0')}h${String(d.getMinutes()).padStart(2, '0')}`;

export interface DayHours {
  /** « Lundi ». */
  day: string;
  /** YYYY-MM-DD (local). */
  date: string;
  /** « 09h00 – 12h00 », … (an interval ending at midnight of the next day shows 24h00). */
  intervals: string[];
}

/**
 * The seven days from `from` (local), each with its opening intervals, in French; undefined when
 * the lieu gives no readable hours.
 */
export const weekHours = (horaires: string | undefined, from: Date): DayHours[] | undefined => {
  if (!horaires) return undefined;
  const hours = hoursOf(horaires);
  if (!hours) return undefined;
  const start = startOfDay(from);
  return Array.from({ length: 7 }, (_, i) => {
    const day = addDays(start, i);
    const next = addDays(start, i + 1);
    const intervals = hours
      .getOpenIntervals(day, next)
      .map(([a, b]) => `${hhmm(a)} – ${b.getTime() >= next.getTime() ? '24h00' : hhmm(b)}`);
    return { day: WEEKDAYS_FR[day.getDay()]!, date: toDay(day), intervals };
  });
};

/** One line per day for a message or a fiche: « Lundi : 09h00 – 12h00, 14h00 – 18h30 » (closed days left out). */
export const hoursLines = (horaires: string | undefined, from: Date): string[] => {
  const week = weekHours(horaires, from);
  if (!week) return [];
  const monday = week.findIndex((d) => d.day === 'Lundi');
  const ordered = [...week.slice(monday), ...week.slice(0, monday)];
  return ordered.filter((d) => d.intervals.length).map((d) => `${d.day} : ${d.intervals.join(', ')}`);
};
