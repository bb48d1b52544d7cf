import { describe, expect, it } from 'vitest';

import { loadSeedCommunes } from '../../scripts/seed/communes';
import { checkLieuMediation } from '../../src/domain/lieu-mediation-check';
import { toSchemaRow } from '../../src/domain/lieu-mediation';
import { AnnuaireSeed } from '../../src/domain/seed-annuaire';

describe('the national directory of the benchmarks', () => {
  const communes = loadSeedCommunes('all');
  const seed = new AnnuaireSeed(1, communes);

  it('is deterministic and spread over France', () => {
    expect(seed.lieu(42)).toEqual(new AnnuaireSeed(1, communes).lieu(42));
    expect(seed.record(42).id).toBe(new AnnuaireSeed(1, communes).record(42).id);
    const lieux = Array.from({ length: 20_000 }, (_, i) => seed.lieu(i));
    const departements = new Set(lieux.map((l) => l.code_insee!.slice(0, 2)));
    expect(departements.size).toBeGreaterThan(90);
    const hours = new Set(lieux.map((l) => l.horaires).filter(Boolean));
    expect(hours.size).toBeGreaterThan(1000);
    expect(lieux.filter((l) => !l.horaires).length / lieux.length).toBeCloseTo(0.3, 1);
  });

  it('passes the national schema, the published library and the opening hours', () => {
    for (let i = 0; i < 300; i++) {
      const check = checkLieuMediation(toSchemaRow(seed.lieu(i)) as unknown as Record<string, unknown>);
      expect(check.ok ? [] : check.messages, `lieu ${i}`).toEqual([]);
    }
  });
});
