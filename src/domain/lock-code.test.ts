import { describe, expect, it } from 'vitest';

import { ERASE_AFTER_FAILURES, lockCodeProblem, lockStepAfter, PASSWORD_AFTER_FAILURES } from './lock-code';

describe('lockCodeProblem', () => {
  it.each(['428163', '907153', '385027', '640917', '731946'])('accepts %s', (code) => {
    expect(lockCodeProblem(code)).toBeUndefined();
  });

  it.each([
    ['', 'Le code doit faire 6 chiffres.'],
    ['12345', 'Le code doit faire 6 chiffres.'],
    ['1234567', 'Le code doit faire 6 chiffres.'],
    ['12a456', 'Le code doit faire 6 chiffres.'],
    [' 428163', 'Le code doit faire 6 chiffres.'],
    ['４２８１６３', 'Le code doit faire 6 chiffres.'],
  ])('refuses %j: not 6 digits', (code, message) => {
    expect(lockCodeProblem(code)).toBe(message);
  });

  it.each(['000000', '111111', '999999'])('refuses %s: one digit repeated', (code) => {
    expect(lockCodeProblem(code)).toMatch(/un seul chiffre/);
  });

  it.each(['123456', '654321', '012345', '567890', '890123', '987654', '210987'])(
    'refuses %s: a run up or down',
    (code) => {
      expect(lockCodeProblem(code)).toMatch(/se suivent/);
    },
  );

  it.each(['121212', '909090', '123123', '428428', '112233', '998877', '159753', '147258'])(
    'refuses %s: a pattern or a well-known code',
    (code) => {
      expect(lockCodeProblem(code)).toMatch(/trop courant/);
    },
  );

  it.each(['140392', '010100', '311299', '250785'])('refuses %s: reads as a date (DDMMAA)', (code) => {
    expect(lockCodeProblem(code)).toMatch(/date/);
  });

  it('refuses few codes: most random codes are accepted', () => {
    let accepted = 0;
    for (let n = 0; n < 1_000_000; n += 997) if (!lockCodeProblem(String(n).padStart(6, '0'))) accepted++;
    // 1,003 codes tried: the date rule alone refuses about 4 %, the others a handful.
    expect(accepted).toBeGreaterThan(930);
  });
});

describe('lockStepAfter', () => {
  it('asks for the code, then the password, then an online sign-in', () => {
    expect(PASSWORD_AFTER_FAILURES).toBe(5);
    expect(ERASE_AFTER_FAILURES).toBe(10);
    expect([0, 1, 4].map(lockStepAfter)).toEqual(['code', 'code', 'code']);
    expect([5, 6, 9].map(lockStepAfter)).toEqual(['password', 'password', 'password']);
    expect([10, 11].map(lockStepAfter)).toEqual(['erased', 'erased']);
  });
});
