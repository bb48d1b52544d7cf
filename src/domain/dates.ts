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
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match || value < MIN_DAY || value > MAX_DAY) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
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

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
