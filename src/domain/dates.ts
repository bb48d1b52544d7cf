/** A calendar day as 'YYYY-MM-DD' in the device's local time zone. */
export const toDay = (date: Date): string => {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
};

/** Days Sillon accepts anywhere: a real calendar day between these (year 0001 or 9999 is a typo). */
export const MIN_DAY = '1900-01-01';
export const MAX_DAY = '2100-12-31';

/** A real calendar day 'YYYY-MM-DD' (2026-02-31 is not one) between MIN_DAY and MAX_DAY. */
export const isDay = (value: string): boolean => {
  // Read digit by digit: the server checks every date of every pushed record with it.
  if (typeof value !== 'string' || value.length !== 10 || value < MIN_DAY || value > MAX_DAY) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false; // '-'
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  return realDay(year, month, day);
};

const realDay = (year: number, month: number, day: number): boolean => {
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the decimal digits of value[from, to), or -1 if one is not a digit. */
const digits = (value: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
};

/**
 * An instant as devices and the server write it (`Date.toISOString()`, or with an offset), between
 * 1970 and the end of MAX_DAY's year.
 */
export const isInstant = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return false;
  if (!isDay(value.slice(0, 10))) return false;
  const time = Date.parse(value);
  return Number.isFinite(time) && time >= 0 && time < Date.UTC(2101, 0, 1);
};

/**
 * Whether `value` is an instant exactly as `Date.toISOString()` writes it for a real moment from
 * 1970 on ('YYYY-MM-DDTHH:mm:ss.sssZ', a real day, hours 00–23): such a string is its own
 * toISOString(), and two of them compare as their times do. Read character by character: the server
 * reads two dates of every record it stores.
 */
export const isCanonicalInstant = (value: string): boolean => {
  if (value.length !== 24 || value < '1970-01-01T00:00:00.000Z') return false;
  for (const [at, code] of SEPARATORS) if (value.charCodeAt(at) !== code) return false;
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (digits(value, 20, 23) < 0) return false;
  return realDay(digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10));
};

/** Where toISOString() writes '-', 'T', ':', '.' and 'Z'. */
const SEPARATORS: [number, number][] = [
  [4, 45],
  [7, 45],
  [10, 84],
  [13, 58],
  [16, 58],
  [19, 46],
  [23, 90],
];

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
