// The figures the issue asks to be La Coop's: tranche d'âge of the year the statistics are computed
// (a 1 January boundary), type de lieu order, « à distance » sessions, anonymous individual sessions
// and La Coop's caps on anonymous counts.
import { describe, expect, it } from 'vitest';

import { CAHORS, FIGEAC } from '../../tests/fixtures/stats-dataset';
import { activityInputSchema, type Activity } from './activity';
import type { Beneficiary } from './beneficiary';
import { TYPES_LIEU } from './enums';
import { computeStats, type StatsInput } from './stats';
import { validate } from './validation';

const meta = (id: string) => ({ id, createdAt: '2025-12-01T09:00:00Z', updatedAt: '2025-12-01T09:00:00Z' });

const person = (id: string, fields: Partial<Beneficiary>): Beneficiary => ({
  ...meta(id),
  anonyme: false,
  trancheAge: 'non_communique',
  sortKey: id,
  searchTokens: [],
  ...fields,
});

const session = (id: string, fields: Partial<Activity>): Activity => ({
  ...meta(id),
  type: 'individuel',
  date: '2025-12-30',
  duree: 30,
  typeLieu: 'domicile',
  lieuCommune: FIGEAC,
  thematiques: ['email'],
  materiel: [],
  beneficiaryIds: [],
  ...fields,
});

const input = (activities: Activity[], beneficiaries: Beneficiary[], today: string): StatsInput => ({
  activities,
  beneficiaries: new Map(beneficiaries.map((b) => [b.id, b])),
  lieux: new Map(),
  previouslyAccompanied: new Set(),
  today,
});

const DECEMBER = { from: '2025-12-01', to: '2025-12-31' };
const countOf = (entries: { value: string; count: number }[], value: string) =>
  entries.find((e) => e.value === value)?.count;

describe('tranche d’âge at a 1 January boundary', () => {
  // Born in 1956: 69 in 2025, 70 in 2026. Her record still holds the tranche stored in 2025.
  const jeanne = person('P1', {
    prenom: 'Jeanne',
    nom: 'Roux',
    anneeNaissance: 1956,
    trancheAge: 'soixante_soixante_neuf',
  });
  // No birth year: only the stored tranche is known, and it stays.
  const marc = person('P2', { prenom: 'Marc', nom: 'Lys', trancheAge: 'quarante_cinquante_neuf' });
  const activities = [session('S1', { beneficiaryIds: ['P1'] }), session('S2', { beneficiaryIds: ['P2'] })];

  it('is 60 – 69 ans when the figures are computed on 31 December', () => {
    const stats = computeStats(input(activities, [jeanne, marc], '2025-12-31'), DECEMBER);
    expect(countOf(stats.tranchesAge, 'soixante_soixante_neuf')).toBe(1);
    expect(countOf(stats.tranchesAge, 'soixante_dix_plus')).toBe(0);
    expect(countOf(stats.tranchesAge, 'quarante_cinquante_neuf')).toBe(1);
  });

  it('is 70 ans et plus for the same December once computed on 1 January, whatever was stored', () => {
    const stats = computeStats(input(activities, [jeanne, marc], '2026-01-01'), DECEMBER);
    expect(countOf(stats.tranchesAge, 'soixante_soixante_neuf')).toBe(0);
    expect(countOf(stats.tranchesAge, 'soixante_dix_plus')).toBe(1);
    expect(countOf(stats.tranchesAge, 'quarante_cinquante_neuf')).toBe(1);
  });
});

describe('type de lieu', () => {
  it('is listed in La Coop’s display order everywhere, the « Canaux » statistics included', () => {
    const expected = ['lieu_activite', 'autre', 'domicile', 'a_distance'];
    expect(TYPES_LIEU.map((t) => t.value)).toEqual(expected);
    expect(TYPES_LIEU.map((t) => t.label)).toEqual([
      'Lieu d’activité',
      'Autre lieu',
      'À domicile',
      'À distance',
    ]);
    const stats = computeStats(input([session('S1', {})], [], '2025-12-31'), DECEMBER);
    expect(stats.canaux.map((c) => c.value)).toEqual(expected);
  });
});

describe('« à distance » sessions', () => {
  const remote = [
    session('S1', { typeLieu: 'a_distance', lieuCommune: undefined }),
    session('S2', { typeLieu: 'a_distance', lieuCommune: undefined }),
    session('S3', {}),
  ];

  it('count in the structure employeuse’s commune, as La Coop stores them', () => {
    const stats = computeStats({ ...input(remote, [], '2025-12-31'), structureCommune: CAHORS }, DECEMBER);
    expect(stats.communes.map((c) => [c.label, c.count])).toEqual([
      ['Cahors · 46000', 2],
      ['Figeac · 46100', 1],
    ]);
    expect(countOf(stats.canaux, 'a_distance')).toBe(2);
  });

  it('count under « Non communiqué » while the structure’s commune is unknown', () => {
    const stats = computeStats(input(remote, [], '2025-12-31'), DECEMBER);
    expect(stats.communes.map((c) => [c.label, c.count])).toEqual([
      ['Non communiqué', 2],
      ['Figeac · 46100', 1],
    ]);
  });
});

describe('anonymous individual sessions', () => {
  it('carry déjà accompagné, genre, tranche, statut and commune into the beneficiary figures', () => {
    const activities = [
      session('S1', {
        beneficiaireAnonyme: {
          dejaAccompagne: true,
          genre: 'feminin',
          trancheAge: 'vingt_cinq_trente_neuf',
          statutSocial: 'en_emploi',
          commune: CAHORS,
        },
      }),
      session('S2', {}),
    ];
    const stats = computeStats(input(activities, [], '2025-12-31'), DECEMBER);
    expect(stats.general).toMatchObject({
      beneficiaires: 2,
      beneficiairesAnonymes: 2,
      nouveauxBeneficiaires: 1,
    });
    expect(countOf(stats.genres, 'feminin')).toBe(1);
    expect(countOf(stats.genres, 'non_communique')).toBe(1);
    expect(countOf(stats.tranchesAge, 'vingt_cinq_trente_neuf')).toBe(1);
    expect(countOf(stats.statuts, 'en_emploi')).toBe(1);
    expect(stats.communesBeneficiaires.map((c) => [c.label, c.count])).toEqual([
      ['Cahors · 46000', 1],
      ['Non communiqué', 1],
    ]);
  });

  it('are kept by the schema only without an identified beneficiary, and only when something is noted', () => {
    const base = {
      type: 'individuel',
      date: '2025-12-30',
      duree: 30,
      typeLieu: 'a_distance',
      thematiques: ['email'],
    };
    const noted = { genre: 'masculin', dejaAccompagne: true };
    const alone = validate(activityInputSchema, { ...base, beneficiaireAnonyme: noted });
    expect(alone.ok && alone.value.beneficiaireAnonyme).toEqual(noted);
    const identified = validate(activityInputSchema, {
      ...base,
      beneficiaryIds: ['B1'],
      beneficiaireAnonyme: noted,
    });
    expect(identified.ok && identified.value.beneficiaireAnonyme).toBeUndefined();
    const empty = validate(activityInputSchema, {
      ...base,
      beneficiaireAnonyme: { genre: 'non_communique', dejaAccompagne: false },
    });
    expect(empty.ok && empty.value.beneficiaireAnonyme).toBeUndefined();
    const workshop = validate(activityInputSchema, {
      ...base,
      type: 'collectif',
      participantsAnonymes: { total: 2 },
      beneficiaireAnonyme: noted,
    });
    expect(workshop.ok && workshop.value.beneficiaireAnonyme).toBeUndefined();
  });
});

describe('anonymous counts of a workshop', () => {
  const workshop = (participantsAnonymes: object) =>
    validate(activityInputSchema, {
      type: 'collectif',
      date: '2025-12-30',
      duree: 60,
      typeLieu: 'domicile',
      lieuCommune: FIGEAC,
      thematiques: ['email'],
      participantsAnonymes,
    });
  // La Coop's numberToString(10_000): « 10 000 » with its narrow no-break space.
  const max = (10_000).toLocaleString('fr-FR');

  it('accept La Coop’s maximum of 10 000', () => {
    expect(workshop({ total: 10_000, genre: { feminin: 10_000 } }).ok).toBe(true);
  });

  it('refuse more, with La Coop’s message', () => {
    expect(workshop({ total: 10_001 })).toEqual({
      ok: false,
      errors: {
        'participantsAnonymes.total': `Le nombre total de participants anonymes ne doit pas dépasser ${max}`,
      },
    });
    const genre = workshop({ total: 20_000, genre: { feminin: 10_001 }, dejaAccompagne: 10_001 });
    expect(genre.ok ? {} : genre.errors).toMatchObject({
      'participantsAnonymes.total': `Le nombre total de participants anonymes ne doit pas dépasser ${max}`,
      'participantsAnonymes.dejaAccompagne': `Le nombre de participants déjà accompagnés ne doit pas dépasser ${max}`,
    });
    const tranche = workshop({ total: 10_000, trancheAge: { dix_huit_vingt_quatre: 10_001 } });
    expect(tranche.ok ? {} : tranche.errors).toEqual({
      'participantsAnonymes.trancheAge': `Le nombre de participants anonymes de tranche d’âge 18-24 ans ne doit pas dépasser ${max}`,
    });
  });
});
