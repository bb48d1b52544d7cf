// Phone numbers as La Coop de la médiation numérique reads and stores them. The rule follows
// apps/web/src/features/beneficiaire/domain/telephone.ts (and its spec) of
// inclusion-numerique/coop-mediation-numerique: what it accepts, and the canonical international
// form it stores. The form, the import, the server's validation and the exports all call it.

/** Country codes La Coop accepts: metropolitan France, overseas départements, Luxembourg. */
export const PHONE_COUNTRY_CODES = ['33', '262', '352', '590', '594', '596'] as const;

const CODES = PHONE_COUNTRY_CODES.join('|');
const SEPARATORS = '[\\s()./-]';

/**
 * « (+33) 6 12… », « +33 6 12… », « 0033 6 12… » (a country code, then nine digits with any
 * separators), or a national « 06 12 34 56 78 » (ten digits, at most one separator between two).
 */
export const PHONE_PATTERN = new RegExp(
  `^(?:(?:\\(\\+(?:${CODES})\\)|\\+(?:${CODES})|00(?:${CODES}))${SEPARATORS}*(?:\\d${SEPARATORS}*){8}\\d|0\\d(?:[\\s./-]?\\d){8})$`,
);

/**
 * A national number of an overseas département keeps its own country code: « 0262 … » (La Réunion)
 * becomes +262 262…, « 0269 … » (Mayotte) +262 269…; any other national number is metropolitan.
 */
const COUNTRY_CODE_BY_NATIONAL_PREFIX: Readonly<Record<string, string>> = {
  '262': '262',
  '269': '262',
  '590': '590',
  '594': '594',
  '596': '596',
};

const compact = (raw: string): string => raw.replace(/[\s()./-]/g, '');

/**
 * The canonical international form La Coop stores (« +33612345678 », « +262262202020 »), or undefined
 * when La Coop would refuse the number. Surrounding spaces are ignored (a pasted cell often has some).
 */
export const normalizePhone = (input: string | null | undefined): string | undefined => {
  const trimmed = (input ?? '').trim();
  if (!PHONE_PATTERN.test(trimmed)) return undefined;
  const digits = compact(trimmed);
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  const national = digits.slice(1);
  return `+${COUNTRY_CODE_BY_NATIONAL_PREFIX[national.slice(0, 3)] ?? '33'}${national}`;
};

/** Splits a canonical number into its country code and its nine national digits. */
export const splitPhone = (phone: string): { countryCode: string; national: string } | undefined => {
  const match = /^\+(\d+)$/.exec(phone);
  if (!match) return undefined;
  const countryCode = PHONE_COUNTRY_CODES.find(
    (code) => match[1]!.startsWith(code) && match[1]!.length === code.length + 9,
  );
  return countryCode ? { countryCode, national: match[1]!.slice(countryCode.length) } : undefined;
};

const pairs = (digits: string): string => digits.replace(/(\d{2})(?=\d)/g, '$1 ');

/**
 * For display: the national form when La Coop would read it back to the same number
 * (« 06 12 34 56 78 », « 02 62 20 20 20 »), else the international one (« +262 6 92 12 34 56 »).
 */
export const formatPhone = (phone: string | undefined): string => {
  if (!phone) return '';
  const parts = splitPhone(phone);
  if (!parts) return phone;
  const national = `0${parts.national}`;
  if (normalizePhone(national) === phone) return pairs(national);
  return `+${parts.countryCode} ${parts.national.slice(0, 1)} ${pairs(parts.national.slice(1))}`;
};

/** Digit strings a search may type for this number: « 0612345678 » and « 33612345678 ». */
export const phoneSearchTokens = (phone: string | undefined): string[] => {
  if (!phone) return [];
  const parts = splitPhone(phone);
  const international = phone.replace(/\D/g, '');
  return parts ? [`0${parts.national}`, international] : [international];
};
