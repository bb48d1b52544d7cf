import { describe, expect, it } from 'vitest';

import { PERIOD, statsInput } from '../../tests/fixtures/stats-dataset';
import type { Activity } from './activity';
import { computeStats } from './stats';

const oriented = (
  id: string,
  lieu: { id: string; nom: string; services: string[] } | undefined,
): Activity => ({
  id,
  createdAt: '2026-03-10T10:00:00.000Z',
  updatedAt: '2026-03-10T10:00:00.000Z',
  type: 'individuel',
  date: '2026-03-10',
  duree: 30,
  typeLieu: 'a_distance',
  thematiques: ['email'],
  materiel: [],
  beneficiaryIds: [],
  orienteVersStructure: true,
  structureDeRedirection: 'administration',
  ...(lieu ? { lieuOrientation: lieu } : {}),
});

describe('orientations to lieux of the directory', () => {
  it('are counted by lieu and by the lieu’s services', () => {
    const gramat = {
      id: 'g',
      nom: 'France Services de Gramat',
      services: ['Aide aux démarches administratives', 'Accès internet et matériel informatique'],
    };
    const caf = {
      id: 'c',
      nom: 'Point d’accès numérique CAF de Marmande',
      services: ['Aide aux démarches administratives'],
    };
    const input = statsInput();
    const stats = computeStats(
      {
        ...input,
        activities: [
          ...input.activities,
          oriented('o1', gramat),
          oriented('o2', gramat),
          oriented('o3', caf),
          oriented('o4', undefined),
        ],
      },
      PERIOD,
    );
    expect(stats.orientationsParLieu.map((e) => [e.label, e.count])).toEqual([
      ['France Services de Gramat', 2],
      ['Point d’accès numérique CAF de Marmande', 1],
    ]);
    expect(stats.orientationsParService.map((e) => [e.label, e.count])).toEqual([
      ['Aide aux démarches administratives', 3],
      ['Accès internet et matériel informatique', 2],
    ]);
    expect(computeStats(input, PERIOD).orientationsParLieu).toEqual([]);
  });
});
