// A lieu's opening hours (`horaires`), in OpenStreetMap's opening_hours syntax as the national
// schema asks (« Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00 »), read with the opening_hours
// library: whether it is open at a moment or on a day, and the week in French for the lieu's page.
// Public holidays (« PH off ») are France's. Parsing costs about a millisecond, so a parsed value is
// kept per distinct text: a directory of 20,000 lieux shares many. Whether a lieu is open — what the
// directory's search asks of thousands of lieux at once — is read without the library when the text
// has the common shape (lieu-hours-open.ts, which the directory's screen loads alone); this module
// gives it the library for the other texts, once it is loaded.
import OpeningHours from 'opening_hours';

import { toDay } from './dates';
import { registerHoursLibrary } from './lieu-hours-open';

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

const startOfDay = (day: Date): Date => new Date(day.getFullYear(), day.getMonth(), day.getDate());
const addDays = (day: Date, n: number): Date =>
  new Date(day.getFullYear(), day.getMonth(), day.getDate() + n);

// Every text the common shape does not cover is read here, for the search and the badges.
registerHoursLibrary({
  isOpenAt: (horaires, at) => hoursOf(horaires)?.getState(at),
  isOpenOnDay: (horaires, day) => {
    const hours = hoursOf(horaires);
    if (!hours) return undefined;
    const from = startOfDay(day);
    return hours.getOpenIntervals(from, addDays(from, 1)).length > 0;
  },
});

export { isOpenAt, isOpenOnDay, readHoursAhead } from './lieu-hours-open';

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
