// The directory's screen reads opening hours without the opening_hours library (lieu-hours-open.ts):
// the common shape at once, any other text once the library is loaded. This file imports nothing that
// loads the library, until the test does.
import { describe, expect, it } from 'vitest';

import type { AnnuaireLieu } from './annuaire';
import { searchAnnuaire } from './annuaire-search';
import { hoursLibraryLoaded, isOpenAt, isOpenOnDay } from './lieu-hours-open';
import { readWeekHours } from './opening-hours-week';

const lieu = (id: string, horaires: string): AnnuaireLieu =>
  ({
    id,
    schemaId: id,
    nom: `Lieu ${id}`,
    adresse: '1 place de la Mairie',
    commune: 'Gramat',
    code_postal: '46500',
    services: ['Aide aux démarches administratives'],
    horaires,
  }) as unknown as AnnuaireLieu;

const COMMON = 'Mo-Fr 09:00-12:00,14:00-17:00; PH off';
/** A month and day selector: not the common shape, only the library reads it. */
const RARE = 'Dec 09 10:00-12:00';
// Wednesday 9 December 2026, 11:00 local time.
const AT = new Date(2026, 11, 9, 11, 0);

describe('opening hours without the library', () => {
  it('answers the common shape at once, the rest once the library is loaded, and the search follows', async () => {
    expect(readWeekHours(RARE)).toBeUndefined();
    expect(hoursLibraryLoaded()).toBe(false);
    const lieux = [lieu('common', COMMON), lieu('rare', RARE)];
    expect(isOpenAt(COMMON, AT)).toBe(true);
    expect(isOpenOnDay(COMMON, new Date(2026, 11, 12))).toBe(false); // a Saturday
    expect(isOpenAt(RARE, AT)).toBeUndefined();
    const open = { ouvert: { at: AT } };
    expect(searchAnnuaire(lieux, open).map((l) => l.id)).toEqual(['common']);

    await import('./lieu-hours');
    expect(hoursLibraryLoaded()).toBe(true);
    expect(isOpenAt(RARE, AT)).toBe(true);
    expect(isOpenAt(RARE, new Date(2026, 11, 10, 11, 0))).toBe(false);
    expect(isOpenOnDay(RARE, new Date(2026, 11, 9))).toBe(true);
    // The same criteria again: not the last search's answer, which did not know those hours.
    expect(searchAnnuaire(lieux, open).map((l) => l.id)).toEqual(['common', 'rare']);
  });
});
