import { describe, expect, it } from 'vitest';

import { checkRecord } from './record-check';
import {
  acceptedUntil,
  canMove,
  daysLeft,
  effectivePassStatus,
  isAccepted,
  passCodeFromScan,
  passesToValidate,
  passReconciliationSheet,
  validityOn,
  validUntil,
  type Pass,
} from './pass-numerique';

describe('Pass Numérique validity (APTIC)', () => {
  it('is valid until 31 December of its year, accepted until 31 January of the next', () => {
    expect(validUntil(2026)).toBe('2026-12-31');
    expect(acceptedUntil(2026)).toBe('2027-01-31');
    expect(validityOn(2026, '2026-01-01')).toBe('valide');
    expect(validityOn(2026, '2026-12-31')).toBe('valide');
    expect(validityOn(2026, '2027-01-01')).toBe('tolere');
    expect(validityOn(2026, '2027-01-31')).toBe('tolere');
    expect(validityOn(2026, '2027-02-01')).toBe('expire');
    expect(validityOn(2026, '2025-12-31')).toBe('futur');
    expect(isAccepted(2026, '2027-01-31')).toBe(true);
    expect(isAccepted(2026, '2027-02-01')).toBe(false);
  });
  it('counts days left across the year boundary (2028 is a leap year)', () => {
    expect(daysLeft(2026, '2027-01-31')).toBe(0);
    expect(daysLeft(2026, '2026-12-31')).toBe(31);
    expect(daysLeft(2027, '2028-02-01')).toBe(-1);
    expect(daysLeft(2028, '2028-12-31')).toBe(31);
  });
  it('runs à valider → validé → payé, or refusé / expiré, and no other way', () => {
    expect(canMove('a_valider', 'valide')).toBe(true);
    expect(canMove('valide', 'paye')).toBe(true);
    expect(canMove('a_valider', 'refuse')).toBe(true);
    expect(canMove('a_valider', 'expire')).toBe(true);
    expect(canMove('a_valider', 'paye')).toBe(false);
    expect(canMove('paye', 'valide')).toBe(false);
    expect(canMove('refuse', 'valide')).toBe(false);
  });
  it('shows a pass still waiting after 31 January as expired, a validated one as owed', () => {
    expect(effectivePassStatus({ status: 'a_valider', annee: 2026 }, '2027-02-01')).toBe('expire');
    expect(effectivePassStatus({ status: 'a_valider', annee: 2026 }, '2027-01-31')).toBe('a_valider');
    expect(effectivePassStatus({ status: 'valide', annee: 2026 }, '2027-03-01')).toBe('valide');
  });
  it('lists the passes to validate, soonest to expire first', () => {
    const list = passesToValidate(
      [
        { status: 'a_valider', annee: 2027, dateReception: '2027-01-05' },
        { status: 'a_valider', annee: 2026, dateReception: '2026-12-20' },
        { status: 'valide', annee: 2026, dateReception: '2026-11-01' },
        { status: 'a_valider', annee: 2025, dateReception: '2025-12-01' }, // expired by then
      ],
      '2027-01-10',
    );
    expect(list.map((p) => p.annee)).toEqual([2026, 2027]);
  });
  it('the server refuses a pass linked to nothing', () => {
    const pass = {
      code: 'APTIC-1',
      valeur: 10,
      annee: 2026,
      dateReception: '2026-03-02',
      status: 'a_valider',
    };
    expect(checkRecord('passes', pass, { level: 'full' }).ok).toBe(false);
    expect(
      checkRecord('passes', { ...pass, sessionId: '01890a5d-ac96-774b-bcce-b302099a8000' }, { level: 'full' })
        .ok,
    ).toBe(true);
    expect(
      checkRecord(
        'passes',
        { ...pass, sessionId: '01890a5d-ac96-774b-bcce-b302099a8000', status: 'gratuit' },
        { level: 'full' },
      ).ok,
    ).toBe(false);
  });
});

describe('monthly reconciliation', () => {
  const pass = (code: string, status: Pass['status'], dateReception: string, valeur = 10): Pass => ({
    id: code,
    createdAt: '',
    updatedAt: '',
    code,
    status,
    dateReception,
    valeur,
    annee: 2026,
    sessionId: 's',
  });
  it('lists the month’s passes by status with totals, and only them', () => {
    const sheet = passReconciliationSheet(
      [
        pass('B', 'paye', '2026-03-10'),
        pass('A', 'a_valider', '2026-03-02', 20),
        pass('C', 'valide', '2026-04-01'),
      ],
      { month: '2026-03', linkOf: () => 'Atelier du 2 mars' },
    );
    const table = sheet.rows.slice(sheet.tableStart);
    expect(table.map((r) => r.cells[0])).toEqual(['Code', 'A', 'B']);
    expect(table[1]!.cells).toEqual([
      'A',
      '',
      2026,
      20,
      new Date('2026-03-02T00:00:00Z'),
      'À valider',
      null,
      'Atelier du 2 mars',
    ]);
    const totals = sheet.rows.find((r) => r.cells[0] === 'Total')!;
    expect(totals.cells).toEqual(['Total', 2, 30]);
    expect(sheet.rows.find((r) => r.cells[0] === 'Payé')!.cells).toEqual(['Payé', 1, 10]);
  });
});

describe('pass code read from its QR code', () => {
  it('takes the code itself, or the code an address carries, and nothing else', () => {
    expect(passCodeFromScan(' aptic-4600123 ')).toBe('APTIC-4600123');
    expect(passCodeFromScan('https://www.aptic.fr/cheque?code=46-00123&v=1')).toBe('46-00123');
    expect(passCodeFromScan('https://pass.example.fr/p/ABC123')).toBe('ABC123');
    expect(passCodeFromScan('Bonjour le monde')).toBeUndefined();
    expect(passCodeFromScan('https://example.fr/')).toBeUndefined();
    expect(passCodeFromScan('')).toBeUndefined();
  });
});
