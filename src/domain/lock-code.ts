// The lock's rules (issue 14): which 6-digit codes an account may choose, and what wrong codes lead
// to. Pure, so that the tablet's screens and their tests share one rule.

export const LOCK_CODE_LENGTH = 6;

/** After this many wrong codes in a row the password is required (it works offline). */
export const PASSWORD_AFTER_FAILURES = 5;

/** After this many the tablet erases this account's code and password copies: online sign-in only. */
export const ERASE_AFTER_FAILURES = 10;

/** Codes that are easy to guess by looking at a keypad or a calendar, refused on top of the runs. */
const COMMON_CODES = new Set([
  '121212',
  '112233',
  '123123',
  '101010',
  '696969',
  '159753',
  '147258',
  '258369',
  '147852',
  '789456',
  '456123',
  '102030',
  '010203',
  '007007',
  '131313',
  '252525',
]);

const isRun = (code: string, step: number): boolean => {
  for (let i = 1; i < code.length; i++) {
    if ((Number(code[i - 1]) + step + 10) % 10 !== Number(code[i])) return false;
  }
  return true;
};

/** Two digits repeated (« 121212 »), three (« 123123 »), or pairs that follow each other (« 112233 »). */
const isPattern = (code: string): boolean => {
  if (code.slice(0, 2).repeat(3) === code) return true;
  if (code.slice(0, 3).repeat(2) === code) return true;
  // aabbcc with a, b, c consecutive (112233, 998877)
  if (code[0] === code[1] && code[2] === code[3] && code[4] === code[5]) {
    const a = Number(code[0]);
    const b = Number(code[2]);
    const c = Number(code[4]);
    if (Math.abs(b - a) === 1 && c - b === b - a) return true;
  }
  return false;
};

/** A date of birth is the first code a thief tries: DDMMAA (« 140392 »). */
const isDateLike = (code: string): boolean => {
  const dd = Number(code.slice(0, 2));
  const mm = Number(code.slice(2, 4));
  return dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12;
};

/**
 * Why `code` cannot be the account's code, in French; undefined when it is acceptable. Refused:
 * anything but 6 digits, one digit repeated (000000), runs up or down (123456, 654321, 890123),
 * digits repeated in groups (121212, 123123, 112233), a short list of well-known codes, and codes
 * that read as a date (DDMMAA: the birthday is the first code a thief tries).
 */
export const lockCodeProblem = (code: string): string | undefined => {
  if (!new RegExp(`^\\d{${LOCK_CODE_LENGTH}}$`).test(code))
    return `Le code doit faire ${LOCK_CODE_LENGTH} chiffres.`;
  if (new Set(code).size === 1) return 'Ce code est trop simple : un seul chiffre répété.';
  if (isRun(code, 1) || isRun(code, -1)) return 'Ce code est trop simple : des chiffres qui se suivent.';
  if (isPattern(code) || COMMON_CODES.has(code))
    return 'Ce code est trop courant : choisissez des chiffres sans motif.';
  if (isDateLike(code)) return 'Ce code ressemble à une date : choisissez-en un qui n’en est pas une.';
  return undefined;
};

export type LockStep = 'code' | 'password' | 'erased';

/** What the lock screen asks for after `failures` wrong codes in a row. */
export const lockStepAfter = (failures: number): LockStep =>
  failures >= ERASE_AFTER_FAILURES ? 'erased' : failures >= PASSWORD_AFTER_FAILURES ? 'password' : 'code';
