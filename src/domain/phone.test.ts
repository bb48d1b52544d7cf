import { describe, expect, it } from 'vitest';

import { formatPhone, normalizePhone, phoneSearchTokens } from './phone';

// The accepted and refused numbers of La Coop's own spec
// (apps/web/src/features/beneficiaire/domain/telephone.spec.ts), plus the « (+33) » and overseas
// forms the issue names.
describe('normalizePhone, as La Coop', () => {
  it.each([
    ['0102030405', '+33102030405'],
    ['01 02 03 04 05', '+33102030405'],
    ['01.02.03.04.05', '+33102030405'],
    ['01-02-03-04-05', '+33102030405'],
    ['+33102030405', '+33102030405'],
    ['+33 1 02 03 04 05', '+33102030405'],
    ['0033102030405', '+33102030405'],
    ['(+33)102030405', '+33102030405'],
    ['(+33) 6 12 34 56 78', '+33612345678'],
    ['0262202020', '+262262202020'],
    ['0269600102', '+262269600102'],
    ['0590 12 34 56', '+590590123456'],
    ['0594123456', '+594594123456'],
    ['0596123456', '+596596123456'],
    ['+590690000001', '+590690000001'],
    ['+262262202020', '+262262202020'],
    ['00352621365161', '+352621365161'],
    ['+352621365161', '+352621365161'],
    ['  06 12 34 56 78 ', '+33612345678'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    '',
    '123',
    '01020304',
    'abcdefghij',
    '+1234567890',
    '00112030405',
    '06  12 34 56 78',
    '+3306123456789',
  ])('refuses %j', (input) => {
    expect(normalizePhone(input)).toBeUndefined();
  });

  it('maps a national mobile of an overseas département as La Coop does (its prefix, not the island)', () => {
    // La Coop only keeps 0262, 0269, 0590, 0594 and 0596 overseas: « 0692 » reads as metropolitan.
    expect(normalizePhone('0692123456')).toBe('+33692123456');
    expect(normalizePhone('+262 692 12 34 56')).toBe('+262692123456');
  });
});

describe('formatPhone', () => {
  it('shows the national form when it reads back to the same number', () => {
    expect(formatPhone('+33612345678')).toBe('06 12 34 56 78');
    expect(formatPhone('+262262202020')).toBe('02 62 20 20 20');
    expect(normalizePhone(formatPhone('+262262202020'))).toBe('+262262202020');
  });

  it('keeps the international form otherwise, so that an edit never changes the number', () => {
    expect(formatPhone('+262692123456')).toBe('+262 6 92 12 34 56');
    expect(normalizePhone(formatPhone('+262692123456'))).toBe('+262692123456');
    expect(formatPhone('+352621365161')).toBe('+352 6 21 36 51 61');
    expect(formatPhone(undefined)).toBe('');
  });

  it('gives the digits a search may type', () => {
    expect(phoneSearchTokens('+33612345678')).toEqual(['0612345678', '33612345678']);
    expect(phoneSearchTokens('+262692123456')).toEqual(['0692123456', '262692123456']);
  });
});
