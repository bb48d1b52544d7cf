import { beforeEach, describe, expect, it } from 'vitest';

import {
  activateAccount,
  activeDatabaseName,
  databaseForEmail,
  deactivateAccount,
  readRegistry,
} from './accounts';
import { backoffDelay } from './scheduler';

describe('one database per account on a shared tablet', () => {
  beforeEach(() => localStorage.clear());

  it('lets the first account adopt what was typed before any sign-in, and keeps the next ones apart', () => {
    expect(activeDatabaseName()).toBe('sillon');
    // Léa signs in first: she adopts the anonymous database (nothing typed is lost).
    expect(databaseForEmail('Lea@ex.fr')).toBe('sillon');
    activateAccount('u-lea', 'Lea@ex.fr', 'sillon');
    expect(activeDatabaseName()).toBe('sillon');
    // She signs out: the app opens a fresh anonymous database, not hers.
    deactivateAccount();
    expect(activeDatabaseName()).toBe('sillon-anonyme-1');
    // Marc adopts that one; Léa finds hers again by e-mail.
    expect(databaseForEmail('marc@ex.fr')).toBe('sillon-anonyme-1');
    activateAccount('u-marc', 'marc@ex.fr', 'sillon-anonyme-1');
    expect(databaseForEmail(' lea@ex.fr')).toBe('sillon');
    activateAccount('u-lea', 'lea@ex.fr', 'sillon');
    expect(activeDatabaseName()).toBe('sillon');
    expect(readRegistry().owners).toEqual({
      'u-lea': { db: 'sillon', email: 'lea@ex.fr' },
      'u-marc': { db: 'sillon-anonyme-1', email: 'marc@ex.fr' },
    });
  });
});

describe('retry backoff', () => {
  it('grows exponentially with jitter and is capped', () => {
    expect(backoffDelay(0, () => 0)).toBe(2500);
    expect(backoffDelay(0, () => 1)).toBe(7500);
    expect(backoffDelay(3, () => 0.5)).toBe(40_000);
    expect(backoffDelay(50, () => 0.5)).toBe(15 * 60 * 1000);
  });
});
