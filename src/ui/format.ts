import { format, formatDistanceToNow, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale';

/** '2026-11-23' → '23 novembre 2026'. */
export const formatDay = (day: string | undefined): string =>
  day ? format(parseISO(day), 'd MMMM yyyy', { locale: fr }) : '';

/** '2026-11-23' → '23/11/2026'. */
export const formatDayShort = (day: string | undefined): string =>
  day ? format(parseISO(day), 'dd/MM/yyyy', { locale: fr }) : '';

/** An ISO instant → '23/11/2026 à 14:05'. */
export const formatDateTime = (iso: string | undefined): string =>
  iso ? format(parseISO(iso), "dd/MM/yyyy 'à' HH:mm", { locale: fr }) : '';

export const formatAgo = (iso: string): string =>
  formatDistanceToNow(parseISO(iso), { locale: fr, addSuffix: true });

/**
 * A formatter made on its first use, not at load: the first French number or date of a page loads
 * ICU's locale data (see warm-intl.ts), which is not to fall in the task that evaluates a screen's
 * modules.
 */
export const onFirstUse = <F>(make: () => F): (() => F) => {
  let made: F | undefined;
  return () => (made ??= make());
};

const numberFormat = onFirstUse(() => new Intl.NumberFormat('fr-FR'));
export const formatNumber = (n: number): string => numberFormat().format(n);

const euroFormat = onFirstUse(() => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }));
export const formatEuros = (n: number): string => euroFormat().format(n);

export const formatBytes = (bytes: number): string => {
  const units = ['o', 'Ko', 'Mo', 'Go', 'To'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
};
