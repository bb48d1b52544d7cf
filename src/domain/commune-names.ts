// How a commune's name is compared, by the commune search and by the beneficiaries import alike.
import { normalize } from './text';

/** Advisors type « St » and « Ste » for Saint and Sainte. */
export const COMMUNE_ABBREVIATIONS: Readonly<Record<string, string>> = { st: 'saint', ste: 'sainte' };

/** A commune's name as compared: normalised (case, accents, dashes), « St »/« Ste » read in full. */
export const communeNameKey = (name: string): string =>
  normalize(name)
    .split(' ')
    .map((word) => COMMUNE_ABBREVIATIONS[word] ?? word)
    .join(' ');
