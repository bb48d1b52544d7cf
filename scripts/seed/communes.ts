// The communes of the Lot (46) and the Lot-et-Garonne (47), with their population, from
// @etalab/decoupage-administratif (the same source as the app's commune autocomplete).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { SeedCommune } from '../../src/domain/seed';

interface SourceCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  codesPostaux?: string[];
  population?: number;
}

const require = createRequire(import.meta.url);

/** The communes of these départements (`'all'`: every one of France, for the national directory). */
export const loadSeedCommunes = (departements: readonly string[] | 'all' = ['46', '47']): SeedCommune[] => {
  const file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
  const all = JSON.parse(readFileSync(file, 'utf8')) as SourceCommune[];
  return all
    .filter(
      (c) =>
        c.type === 'commune-actuelle' &&
        (departements === 'all' || departements.includes(c.departement ?? '')),
    )
    .filter((c) => c.codesPostaux?.length)
    .map((c) => ({
      codeInsee: c.code,
      nom: c.nom,
      codePostal: c.codesPostaux![0]!,
      population: c.population ?? 0,
    }));
};
