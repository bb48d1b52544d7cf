import { describe, expect, it } from 'vitest';

import { loadSeedCommunes } from '../../scripts/seed/communes';
import { activityInputSchema } from '../../src/domain/activity';
import { beneficiaryInputSchema, trancheAge } from '../../src/domain/beneficiary';
import { isUuid } from '../../src/domain/ids';
import { itemInputSchema } from '../../src/domain/loans';
import { derivedFields } from '../../src/data/beneficiaries';
import { generateStructure, SeedGenerator } from '../../src/domain/seed';

const communes = loadSeedCommunes();
const options = { seed: 42, communes, beneficiaries: 400, activities: 3000, items: 50 };

describe('seed data', () => {
  it('reads the communes of the Lot and the Lot-et-Garonne with their population', () => {
    expect(communes.length).toBeGreaterThan(500);
    expect(communes.every((c) => /^4[67]\d{3}$/.test(c.codeInsee))).toBe(true);
    expect(communes.find((c) => c.nom === 'Cahors')?.population).toBeGreaterThan(15_000);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateStructure(options);
    const b = generateStructure(options);
    const c = generateStructure({ ...options, seed: 43 });
    expect(JSON.stringify(a)).toEqual(JSON.stringify(b));
    expect(a.beneficiaries[0]).not.toEqual(c.beneficiaries[0]);
    // Addressable by index: the same record whatever the order of generation.
    const g = new SeedGenerator(options);
    expect(g.activity(2999, 3000)).toEqual(a.activities[2999]);
    expect(g.beneficiaryId(7)).toBe(a.beneficiaries[7]!.id);
  });

  it('produces records the app’s own validation accepts', () => {
    const { beneficiaries, activities, lieux } = generateStructure(options);
    const now = new Date('2026-11-20T17:00:00Z');
    const schema = beneficiaryInputSchema(now);
    for (const b of beneficiaries) {
      const parsed = schema.safeParse({
        ...b,
        telephone: b.telephone ? `0${b.telephone.slice(3)}` : undefined,
      });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(b.trancheAge).toBe(trancheAge(b.anneeNaissance, now));
      // Index keys exactly as the beneficiaries feature derives them, so that search finds them.
      const derived = derivedFields(parsed.data!, now);
      expect(b.searchTokens).toEqual(derived.searchTokens);
      expect(b.sortKey).toBe(derived.sortKey);
      expect(isUuid(b.id)).toBe(true);
    }
    for (const a of activities) {
      const parsed = activityInputSchema.safeParse(a);
      expect(parsed.success, `${JSON.stringify(a)}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    expect(new Set(lieux.map((l) => l.id)).size).toBe(lieux.length);
    for (const item of generateStructure(options).items) {
      const parsed = itemInputSchema.safeParse(item);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('references only records that exist', () => {
    const { beneficiaries, activities, lieux, items } = generateStructure(options);
    const beneficiaryIds = new Set(beneficiaries.map((b) => b.id));
    const lieuIds = new Set(lieux.map((l) => l.id));
    for (const a of activities) {
      for (const id of a.beneficiaryIds) expect(beneficiaryIds.has(id)).toBe(true);
      if (a.lieuId) expect(lieuIds.has(a.lieuId)).toBe(true);
    }
    for (const item of items) expect(lieuIds.has(item.lieuId!)).toBe(true);
    expect(new Set(items.map((i) => i.inventoryNumber)).size).toBe(items.length);
  });

  it('draws La Coop’s enumerations at realistic frequencies', () => {
    const { beneficiaries, activities } = generateStructure({
      ...options,
      beneficiaries: 2000,
      activities: 10_000,
    });
    const share = <T>(list: T[], test: (x: T) => boolean) => list.filter(test).length / list.length;
    expect(share(activities, (a) => a.type === 'individuel')).toBeGreaterThan(0.8);
    expect(share(activities, (a) => a.type === 'individuel')).toBeLessThan(0.92);
    expect(
      share(activities, (a) => a.thematiques.includes('aide_aux_demarches_administratives')),
    ).toBeGreaterThan(0.2);
    expect(share(beneficiaries, (b) => b.trancheAge === 'soixante_dix_plus')).toBeGreaterThan(0.25);
    expect(share(beneficiaries, (b) => b.genre === 'feminin')).toBeGreaterThan(0.5);
    // Residents follow population: Agen, Cahors and Villeneuve-sur-Lot weigh more than a village.
    const inTown = share(beneficiaries, (b) =>
      ['Agen', 'Cahors', 'Villeneuve-sur-Lot'].includes(b.commune?.nom ?? ''),
    );
    expect(inTown).toBeGreaterThan(0.08);
    // About a fifth of five years of sessions fall in one calendar year.
    expect(share(activities, (a) => a.date.startsWith('2025'))).toBeCloseTo(0.2, 1);
    expect(activities.every((a) => new Date(`${a.date}T12:00:00Z`).getUTCDay() !== 0)).toBe(true);
  });

  it('lets the search tokens find a beneficiary by name, phone and commune', () => {
    const g = new SeedGenerator(options);
    const b = [0, 1, 2, 3, 4, 5]
      .map((i) => g.beneficiary(i))
      .find((x) => !x.anonyme && x.telephone && x.commune)!;
    expect(b.searchTokens).toContain(
      b
        .nom!.toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .split(/[ '-]/)[0],
    );
    expect(b.searchTokens).toContain(`0${b.telephone!.slice(3)}`);
  });
});
