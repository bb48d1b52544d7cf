// Whether a lieu is open at a moment or on a day, from its OSM opening hours, without the
// opening_hours library: the directory's search asks it of thousands of lieux at once, and the
// library (a chunk of several hundred kilobytes, with every country's holidays) must not stand between
// the advisor and the directory's first screen. The common shape (« Mo-Fr 09:00-12:00,14:00-17:00;
// PH off », nearly every lieu) is read here as the library reads it (opening-hours-week.ts); any other
// text is read by the library once lieu-hours.ts is loaded (it registers itself here): until then such
// a lieu's state is unknown (undefined), and a screen that loads the library asks again.
import { toDay } from './dates';
import { frenchPublicHolidays, openAt, readWeekHours, spansOn, type WeekHours } from './opening-hours-week';

/** What the library answers for a text outside the common shape. */
export interface HoursLibraryReader {
  isOpenAt: (horaires: string, at: Date) => boolean | undefined;
  isOpenOnDay: (horaires: string, day: Date) => boolean | undefined;
}

let library: HoursLibraryReader | undefined;
/** Called by lieu-hours.ts when it is loaded. */
export const registerHoursLibrary = (reader: HoursLibraryReader): void => {
  library = reader;
};
/** Whether every text can be read now (the library is loaded). */
export const hoursLibraryLoaded = (): boolean => library !== undefined;

const MAX_CACHED = 50_000;

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
  return library?.isOpenAt(horaires, at);
};

/** Open at some time of the day of `day` (local time); undefined when no readable hours. */
export const isOpenOnDay = (horaires: string | undefined, day: Date): boolean | undefined => {
  if (!horaires) return undefined;
  const week = weekOf(horaires);
  if (week) return spansOn(week, day, isHoliday(day)).length > 0;
  return library?.isOpenOnDay(horaires, day);
};
