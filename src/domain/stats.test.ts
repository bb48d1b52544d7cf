import { describe, expect, it } from 'vitest';

import {
  activities,
  CAHORS,
  PERIOD,
  statsInput,
  beneficiaries as people,
} from '../../tests/fixtures/stats-dataset';
import { dureeBucket } from './activity';
import { computeStats, expandAccompagnements, type DistributionEntry } from './stats';

const counts = (entries: DistributionEntry[]) => Object.fromEntries(entries.map((e) => [e.value, e.count]));

describe('computeStats on the hand-counted March 2026 dataset', () => {
  const stats = computeStats(statsInput(), PERIOD);

  it('counts the general figures, weighting ateliers by participants', () => {
    // A1..A6 are in March; A7 (February), A8 (deleted) and A9 (April) are not.
    // Accompagnements: A1 1 + A2 1 + A3 1 + A4 (2 identified + 6 anonymous) 8 + A5 1 + A6 1 = 13.
    // Beneficiaries, each once: B1 (A1, A3), B2 (A2, A4), B4 (A4), B3 (anonymous record, A6),
    // 6 anonymous participants of A4, the anonymous beneficiary of A5 → 4 + 6 + 1 = 11.
    // Suivis: B1, B2, B4 = 3. Anonymes: B3 + 6 + 1 = 8.
    // Nouveaux: B1, B2, B3 (B4 came in February) = 3; A4's anonymous: 6 − 2 « déjà accompagnés » = 4;
    // A5's anonymous = 1 → 8.
    expect(stats.general).toEqual({
      accompagnements: 13,
      activites: 6,
      individuels: 5,
      ateliers: 1,
      participantsAteliers: 8,
      beneficiaires: 11,
      nouveauxBeneficiaires: 8,
      beneficiairesSuivis: 3,
      beneficiairesAnonymes: 8,
    });
  });

  it('buckets durations at La Coop edges (min ≤ d < max, as src/domain/activity.ts), weighted', () => {
    expect([29, 30, 31, 59, 60, 61, 119, 120].map(dureeBucket)).toEqual([
      '30',
      '60',
      '60',
      '60',
      '120',
      '120',
      '120',
      'more',
    ]);
    expect(dureeBucket(1)).toBe('30');
    expect(dureeBucket(600)).toBe('more');
    // A1 30 and A2 31 → '60' (2); A3 60, A5 61 and A6 119 → '120' (3); A4 120 → 'more' (8).
    expect(counts(stats.durees)).toEqual({ '30': 0, '60': 2, '120': 3, more: 8 });
    // La Coop's labels, with its no-break spaces (U+00A0).
    expect(stats.durees.map((d) => d.label)).toEqual([
      'Moins de 30\u00a0min',
      '30min à 1\u00a0h',
      '1\u00a0h à 2\u00a0h',
      '2\u00a0h et plus',
    ]);
    // 8 / 13 = 61.5 %; 3 / 13 = 23.1 %.
    expect(stats.durees.map((d) => d.proportion)).toEqual([0, 15.4, 23.1, 61.5]);
  });

  it('distributes thématiques, matériel and canaux by accompagnements', () => {
    // email: A1 + A3 = 2; navigation: A3 = 1; prise en main: A4 = 8; santé: A5 = 1; diagnostic: A6 = 1;
    // aide aux démarches: A2 = 1 → sum 14; email 2/14 = 14.3 %.
    const mediation = counts(stats.thematiquesMediation);
    expect(mediation).toMatchObject({
      email: 2,
      navigation_sur_internet: 1,
      prendre_en_main_du_materiel: 8,
      sante: 1,
      diagnostic_numerique: 1,
      aide_aux_demarches_administratives: 1,
      bureautique: 0,
    });
    expect(stats.thematiquesMediation).toHaveLength(19);
    expect(stats.thematiquesMediation.find((t) => t.value === 'email')!.proportion).toBe(14.3);
    expect(stats.thematiquesAdministratives).toHaveLength(11);
    expect(counts(stats.thematiquesAdministratives)).toMatchObject({ social_sante: 1, logement: 0 });
    // ordinateur: A1 + A3; téléphone: A2 + A3; tablette: A4 (8); aucun: A6; A5 has none.
    expect(counts(stats.materiel)).toEqual({ ordinateur: 2, telephone: 2, tablette: 8, autre: 0, aucun: 1 });
    // lieu d'activité: A1 + A3 + A4 (8) = 10; domicile: A2; à distance: A5; autre: A6.
    expect(counts(stats.canaux)).toEqual({ lieu_activite: 10, domicile: 1, a_distance: 1, autre: 1 });
  });

  it('ranks lieux and communes of the sessions, most accompagnements first', () => {
    // L2 (A4: 8), L1 (A1 + A3: 2).
    expect(stats.lieux.map((l) => [l.label, l.count])).toEqual([
      ['Mairie de Figeac', 8],
      ['Médiathèque de Cahors', 2],
    ]);
    // Figeac: A2 (domicile) 1 + A4 (L2) 8 = 9; Cahors: A1, A3 (L1) 2 + A6 (autre) 1 = 3; A5 is
    // « à distance » and no structure commune is known: « Non communiqué », as La Coop counts it.
    expect(stats.communes.map((c) => [c.label, c.count])).toEqual([
      ['Figeac · 46100', 9],
      ['Cahors · 46000', 3],
      ['Non communiqué', 1],
    ]);
  });

  it('counts an « à distance » session in the structure employeuse’s commune, as La Coop', () => {
    const withStructure = computeStats({ ...statsInput(), structureCommune: CAHORS }, PERIOD);
    // A5 moves to Cahors: 3 + 1 = 4; every accompagnement still counted once (13).
    expect(withStructure.communes.map((c) => [c.label, c.count])).toEqual([
      ['Figeac · 46100', 9],
      ['Cahors · 46000', 4],
    ]);
    // The commune filter follows the same rule: A1, A3, A5, A6.
    expect(
      computeStats({ ...statsInput(), structureCommune: CAHORS }, { ...PERIOD, communeInsee: '46042' })
        .general,
    ).toMatchObject({ activites: 4, accompagnements: 4 });
  });

  it('describes the beneficiaries reached, each once, anonymous breakdowns included', () => {
    // Genre: B1 F, B2 M, B4 F, B3 n.c.; A4 anonymous M 1, F 3, n.c. 2; A5 n.c. → M 2, F 5, n.c. 4.
    expect(counts(stats.genres)).toEqual({ masculin: 2, feminin: 5, non_communique: 4 });
    // Âge: B1 70+, B2 40-59, B4 18-24, B3 n.c.; A4 70+ ×2, n.c. ×4; A5 n.c. → 70+ 3, n.c. 6.
    expect(counts(stats.tranchesAge)).toMatchObject({
      soixante_dix_plus: 3,
      quarante_cinquante_neuf: 1,
      dix_huit_vingt_quatre: 1,
      moins_de_douze: 0,
      non_communique: 6,
    });
    // Statut: B1 retraité, B2 en emploi, B4 scolarisé, B3 n.c.; A4 retraité ×4, n.c. ×2; A5 n.c.
    expect(counts(stats.statuts)).toEqual({
      retraite: 5,
      sans_emploi: 0,
      en_emploi: 1,
      scolarise: 1,
      non_communique: 4,
    });
    // Résidence: B1, B4 Cahors; B2 Figeac; B3 and the 7 anonymous participants: none → 8.
    expect(stats.communesBeneficiaires.map((c) => [c.label, c.count])).toEqual([
      ['Non communiqué', 8],
      ['Cahors · 46000', 2],
      ['Figeac · 46100', 1],
    ]);
  });

  it('counts sessions per day and per month over the whole period', () => {
    expect(stats.parJour).toHaveLength(31);
    const busy = stats.parJour.filter((d) => d.activites > 0);
    expect(busy).toEqual([
      { key: '2026-03-02', activites: 2, accompagnements: 2 },
      { key: '2026-03-10', activites: 1, accompagnements: 1 },
      { key: '2026-03-15', activites: 1, accompagnements: 8 },
      { key: '2026-03-20', activites: 1, accompagnements: 1 },
      { key: '2026-03-31', activites: 1, accompagnements: 1 },
    ]);
    expect(stats.parMois).toEqual([{ key: '2026-03', activites: 6, accompagnements: 13 }]);
    const quarter = computeStats(statsInput(), { from: '2026-02-01', to: '2026-04-30' });
    // February: A7 (1); March: 13; April: A9 (B1 + 3 anonymous = 4).
    expect(quarter.parMois.map((m) => [m.key, m.accompagnements])).toEqual([
      ['2026-02', 1],
      ['2026-03', 13],
      ['2026-04', 4],
    ]);
  });

  it('counts loans: items by status, started, returned, overdue, people equipped', () => {
    // Items: I1 disponible, I2 + I3 prêtés, I4 en réparation, I6 réformé; I5 is deleted.
    expect(counts(stats.loans.itemsByStatus)).toEqual({
      disponible: 1,
      prete: 2,
      en_reparation: 1,
      reforme: 1,
      perdu: 0,
    });
    // Started in March: P1, P2, P4 (P6 deleted). Returned in March: P1 (18th), P3 (3rd).
    // Out now: P2, P4, P5; overdue on 10 April: P2 (due 5 April), P5 (due 10 February).
    // People equipped in March: B1 (P1, P4), B2 (P2) → 2.
    expect(stats.loans).toMatchObject({
      itemsTotal: 5,
      started: 3,
      returned: 2,
      ongoing: 3,
      overdue: 2,
      peopleEquipped: 2,
    });
  });
});

describe('filters', () => {
  const general = (filters: object) => computeStats(statsInput(), { ...PERIOD, ...filters }).general;

  it('filters by type: the atelier alone', () => {
    // A4: 8 accompagnements; B2, B4 and 6 anonymous; new: B2 (nothing before March) + 4 anonymous.
    expect(general({ type: 'collectif' })).toMatchObject({
      activites: 1,
      accompagnements: 8,
      beneficiaires: 8,
      nouveauxBeneficiaires: 5,
      beneficiairesSuivis: 2,
    });
  });

  it('filters by advisor, lieu, commune and thématique', () => {
    expect(general({ advisorId: 'u2' })).toMatchObject({ activites: 2, accompagnements: 9 }); // A3, A4
    expect(general({ lieuId: 'L1' })).toMatchObject({ activites: 2, accompagnements: 2 }); // A1, A3
    expect(general({ communeInsee: '46102' })).toMatchObject({ activites: 2, accompagnements: 9 }); // A2, A4
    expect(general({ thematique: 'email' })).toMatchObject({ activites: 2, beneficiaires: 1 }); // A1, A3: B1
    expect(general({ from: '2026-03-16', to: '2026-03-31' })).toMatchObject({ activites: 2 }); // A5, A6
  });

  it('filters loans by advisor', () => {
    const s = computeStats(
      {
        ...statsInput(),
        loans: [{ id: 'X', createdBy: 'u2', startDate: '2026-03-02', beneficiaryId: 'B1' }],
      },
      { ...PERIOD, advisorId: 'u1' },
    );
    expect(s.loans.started).toBe(0);
  });
});

describe('expandAccompagnements', () => {
  const map = new Map(people.map((b) => [b.id, b]));

  it('gives an atelier of N participants N accompagnements numbered i/N, identified first', () => {
    const units = expandAccompagnements(
      activities.find((a) => a.id === 'A4')!,
      map,
    );
    expect(units.map((u) => `${u.rank}/${u.total}`)).toEqual(
      Array.from({ length: 8 }, (_, i) => `${i + 1}/8`),
    );
    expect(units.map((u) => u.beneficiaryId ?? null)).toEqual([
      'B2',
      'B4',
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    // The declared breakdown is assigned in La Coop's order; the rest is « non communiqué ».
    expect(units.slice(2).map((u) => u.genre)).toEqual([
      'masculin',
      'feminin',
      'feminin',
      'feminin',
      'non_communique',
      'non_communique',
    ]);
    expect(units.slice(2).map((u) => u.dejaAccompagne)).toEqual([true, true, false, false, false, false]);
  });

  it('gives an individual session without beneficiary one anonymous accompagnement', () => {
    const units = expandAccompagnements(
      activities.find((a) => a.id === 'A5')!,
      map,
    );
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ rank: 1, total: 1, anonyme: true, genre: 'non_communique' });
  });
});
