import { describe, expect, it } from 'vitest';

import {
  agreementDue,
  agreementMonthsOf,
  anonymisationDue,
  anonymisingPatch,
  dueSoon,
  namingTables,
  retentionCutoff,
} from './anonymisation';
import { anonymisedConflictValues } from './retention';

describe('anonymisation rules', () => {
  it('removes a beneficiary’s identity and keeps what the statistics read', () => {
    const patch = anonymisingPatch('beneficiaries', {
      anonyme: false,
      prenom: 'Jeanne',
      nom: 'Durand',
      telephone: '+33755443322',
      notes: 'RDV',
      genre: 'feminin',
      anneeNaissance: 1950,
      commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
      sortKey: 'durand jeanne',
      searchTokens: ['jeanne', 'durand', 'cahors', '0755443322'],
    });
    expect(patch).toEqual({
      prenom: null,
      nom: null,
      telephone: null,
      notes: null,
      anonyme: true,
      sortKey: '~',
      searchTokens: ['cahors'],
    });
  });

  it('leaves an anonymous record alone, and only a session’s notes go', () => {
    expect(
      anonymisingPatch('beneficiaries', { anonyme: true, genre: 'feminin', sortKey: '~' }),
    ).toBeUndefined();
    expect(anonymisingPatch('activities', { notes: 'x', duree: 30 })).toEqual({ notes: null });
    expect(anonymisingPatch('activities', { duree: 30 })).toBeUndefined();
    expect(anonymisingPatch('items', { notes: 'x' })).toBeUndefined();
  });

  it('is due a year after the latest update of her record or of what names her', () => {
    expect(anonymisationDue(['2025-01-10T09:00:00Z', undefined, '2025-03-01T00:00:00Z']).toISOString()).toBe(
      '2026-03-01T00:00:00.000Z',
    );
    expect(retentionCutoff(new Date('2026-03-01T00:00:00Z')).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    const now = new Date('2026-02-01T00:00:00Z');
    expect(dueSoon(new Date('2026-03-02T00:00:00Z'), now)).toBe(true);
    expect(dueSoon(new Date('2026-03-04T00:00:00Z'), now)).toBe(false);
  });

  it('counts every table whose records name a beneficiary (sessions, loans, and any later one)', () => {
    expect(namingTables()).toEqual(expect.arrayContaining(['activities', 'loans']));
    expect(namingTables()).not.toContain('beneficiaries');
    expect(namingTables()).not.toContain('items');
  });

  it('keeps an agreement while the loan is open, then the structure’s months after the return', () => {
    const loan = { status: 'rendu', returnedDate: '2025-06-01', agreement: { pdf: 'x' } };
    expect(agreementDue({ ...loan, status: 'en_cours' }, 3, new Date('2030-01-01'))).toBe(false);
    expect(agreementDue(loan, 3, new Date('2025-08-31T23:00:00Z'))).toBe(false);
    expect(agreementDue(loan, 3, new Date('2025-09-01T00:00:00Z'))).toBe(true);
    expect(agreementDue({ ...loan, agreement: undefined }, 3, new Date('2030-01-01'))).toBe(false);
    expect(agreementMonthsOf(undefined)).toBe(3);
    expect(agreementMonthsOf({ agreementRetentionMonths: 0 })).toBe(0);
    expect(agreementMonthsOf({ agreementRetentionMonths: -1 })).toBe(3);
  });

  it('a conflict of an anonymised record loses the removed fields’ values', () => {
    expect(anonymisedConflictValues({ field: 'nom', keptValue: 'A', lostValue: 'B' }, ['nom'])).toEqual({
      keptValue: null,
      lostValue: null,
    });
    expect(
      anonymisedConflictValues({ field: 'genre', keptValue: 'a', lostValue: 'b' }, ['nom']),
    ).toBeUndefined();
    expect(
      anonymisedConflictValues({ field: 'deleted', keptValue: true, lostValue: { nom: 'A', genre: 'f' } }, [
        'nom',
      ]),
    ).toEqual({ keptValue: true, lostValue: { genre: 'f' } });
  });
});
