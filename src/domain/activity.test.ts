import { describe, expect, it } from 'vitest';

import {
  accompagnementsCount,
  activityInputSchema,
  canHaveAdministrativeThematiques,
  dureeBucket,
  formatDuree,
} from './activity';
import { validate } from './validation';

const cahors = { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' };

const individuel = {
  type: 'individuel',
  date: '2026-11-23',
  duree: 45,
  typeLieu: 'lieu_activite',
  lieuId: 'lieu-1',
  thematiques: ['email'],
  materiel: ['ordinateur'],
  beneficiaryIds: ['b-1'],
};

const collectif = {
  type: 'collectif',
  date: '2026-11-23',
  duree: 120,
  typeLieu: 'autre',
  lieuCommune: cahors,
  thematiques: ['securite_numerique'],
  beneficiaryIds: [],
  participantsAnonymes: { total: 5 },
};

describe('activityInputSchema: La Coop’s CRA validation', () => {
  it('accepts a complete individual session', () => {
    const result = validate(activityInputSchema, individuel);
    expect(result.ok).toBe(true);
  });

  it('reports every missing field at once, with La Coop’s messages', () => {
    expect(validate(activityInputSchema, { type: 'individuel', date: '', thematiques: [] })).toEqual({
      ok: false,
      errors: {
        date: 'Veuillez renseigner une date',
        duree: 'Veuillez renseigner une durée',
        typeLieu: 'Veuillez renseigner un lieu d’accompagnement',
        thematiques: 'Veuillez renseigner au moins une thématique',
      },
    });
    expect(
      validate(activityInputSchema, { ...collectif, date: '', participantsAnonymes: undefined }),
    ).toEqual({
      ok: false,
      errors: {
        date: 'Veuillez renseigner une date',
        participants: 'Veuillez renseigner au moins un bénéficiaire suivi ou anonyme',
      },
    });
  });

  it('refuses an impossible date', () => {
    expect(validate(activityInputSchema, { ...individuel, date: '2026-13-45' })).toEqual({
      ok: false,
      errors: { date: 'Veuillez renseigner une date' },
    });
  });

  it('requires a custom durée of at least one minute and under 24 h', () => {
    expect(validate(activityInputSchema, { ...individuel, duree: 0 })).toEqual({
      ok: false,
      errors: { duree: 'Veuillez renseigner une durée personnalisée' },
    });
    expect(validate(activityInputSchema, { ...individuel, duree: 24 * 60 })).toEqual({
      ok: false,
      errors: { duree: 'La durée ne peut pas dépasser 23 h 59' },
    });
    expect(validate(activityInputSchema, { ...individuel, duree: 23 * 60 + 59 }).ok).toBe(true);
  });

  it('needs the lieu d’activité when the session took place there', () => {
    expect(validate(activityInputSchema, { ...individuel, lieuId: undefined })).toEqual({
      ok: false,
      errors: { lieuId: 'Veuillez renseigner le lieu d’activité' },
    });
  });

  it.each(['domicile', 'autre'])('needs a commune for « %s »', (typeLieu) => {
    expect(validate(activityInputSchema, { ...individuel, typeLieu, lieuId: undefined })).toEqual({
      ok: false,
      errors: { lieuCommune: 'Veuillez renseigner la commune' },
    });
    expect(validate(activityInputSchema, { ...individuel, typeLieu, lieuCommune: cahors }).ok).toBe(true);
  });

  it('needs neither lieu nor commune at a distance, and drops the other place fields', () => {
    const result = validate(activityInputSchema, {
      ...individuel,
      typeLieu: 'a_distance',
      lieuCommune: cahors,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.lieuId).toBeUndefined();
    expect(result.value.lieuCommune).toBeUndefined();
  });

  it('keeps only the lieu d’activité, not a stale commune, for lieu_activite', () => {
    const result = validate(activityInputSchema, { ...individuel, lieuCommune: cahors });
    expect(result.ok && result.value.lieuCommune).toBeUndefined();
    expect(result.ok && result.value.lieuId).toBe('lieu-1');
  });

  it('refuses administrative sub-thématiques without « Aide aux démarches administratives »', () => {
    expect(validate(activityInputSchema, { ...individuel, thematiques: ['email', 'logement'] })).toEqual({
      ok: false,
      errors: {
        thematiques: 'Les thématiques administratives demandent « Aide aux démarches administratives »',
      },
    });
  });

  it('refuses administrative sub-thématiques alone (no thématique de médiation)', () => {
    const result = validate(activityInputSchema, { ...individuel, thematiques: ['logement'] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.thematiques).toBe('Veuillez renseigner au moins une thématique');
  });

  it('refuses « nom de la démarche » without « Aide aux démarches administratives »', () => {
    expect(validate(activityInputSchema, { ...individuel, precisionsDemarche: 'Carte grise' })).toEqual({
      ok: false,
      errors: {
        precisionsDemarche: 'Le nom de la démarche demande « Aide aux démarches administratives »',
      },
    });
  });

  it('accepts sub-thématiques and the démarche with « Aide aux démarches administratives »', () => {
    const result = validate(activityInputSchema, {
      ...individuel,
      thematiques: ['aide_aux_demarches_administratives', 'transports_mobilite', 'logement'],
      precisionsDemarche: '  Carte grise  ',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.precisionsDemarche).toBe('Carte grise');
    expect(canHaveAdministrativeThematiques(result.value.thematiques)).toBe(true);
  });

  it('treats a blank « nom de la démarche » as absent', () => {
    const result = validate(activityInputSchema, { ...individuel, precisionsDemarche: '   ' });
    expect(result.ok && result.value.precisionsDemarche).toBeUndefined();
  });

  it('an individual session has at most one beneficiary', () => {
    expect(validate(activityInputSchema, { ...individuel, beneficiaryIds: ['a', 'b'] })).toEqual({
      ok: false,
      errors: { beneficiaryIds: 'Un accompagnement individuel concerne un seul bénéficiaire' },
    });
    expect(validate(activityInputSchema, { ...individuel, beneficiaryIds: [] }).ok).toBe(true);
  });

  it('asks for the structure de redirection when the beneficiary is oriented', () => {
    expect(validate(activityInputSchema, { ...individuel, orienteVersStructure: true })).toEqual({
      ok: false,
      errors: { structureDeRedirection: 'Veuillez renseigner la structure de redirection' },
    });
    const notOriented = validate(activityInputSchema, {
      ...individuel,
      orienteVersStructure: false,
      structureDeRedirection: 'administration',
    });
    expect(notOriented.ok && notOriented.value.structureDeRedirection).toBeUndefined();
  });

  it('drops the workshop fields from an individual session', () => {
    const result = validate(activityInputSchema, {
      ...individuel,
      titreAtelier: 'Atelier',
      niveau: 'debutant',
      participantsAnonymes: { total: 3 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.titreAtelier).toBeUndefined();
    expect(result.value.niveau).toBeUndefined();
    expect(result.value.participantsAnonymes).toBeUndefined();
  });

  it('a workshop needs at least one identified or anonymous participant', () => {
    expect(validate(activityInputSchema, { ...collectif, participantsAnonymes: { total: 0 } })).toEqual({
      ok: false,
      errors: { participants: 'Veuillez renseigner au moins un bénéficiaire suivi ou anonyme' },
    });
    expect(validate(activityInputSchema, { ...collectif, participantsAnonymes: undefined }).ok).toBe(false);
    expect(
      validate(activityInputSchema, { ...collectif, participantsAnonymes: undefined, beneficiaryIds: ['b'] })
        .ok,
    ).toBe(true);
    expect(validate(activityInputSchema, collectif).ok).toBe(true);
  });

  it('drops the individual fields from a workshop', () => {
    const result = validate(activityInputSchema, {
      ...collectif,
      autonomie: 'autonome',
      orienteVersStructure: true,
      structureDeRedirection: 'autre',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.autonomie).toBeUndefined();
    expect(result.value.orienteVersStructure).toBeUndefined();
    expect(result.value.structureDeRedirection).toBeUndefined();
  });

  it('accepts an anonymous breakdown whose sums stay within the total', () => {
    const result = validate(activityInputSchema, {
      ...collectif,
      participantsAnonymes: {
        total: 5,
        dejaAccompagne: 5,
        genre: { masculin: 2, feminin: 3 },
        trancheAge: { soixante_dix_plus: 1, soixante_soixante_neuf: 2 },
        statutSocial: { retraite: 3 },
      },
    });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['dejaAccompagne', { dejaAccompagne: 6 }],
    ['genre', { genre: { masculin: 3, feminin: 3 } }],
    ['trancheAge', { trancheAge: { moins_de_douze: 4, douze_dix_huit: 2 } }],
    ['statutSocial', { statutSocial: { retraite: 6 } }],
  ])('refuses a %s breakdown above the total', (key, breakdown) => {
    expect(
      validate(activityInputSchema, { ...collectif, participantsAnonymes: { total: 5, ...breakdown } }),
    ).toEqual({
      ok: false,
      errors: { [`participantsAnonymes.${key}`]: 'La somme dépasse le nombre de participants anonymes' },
    });
  });

  it('refuses negative and fractional counts', () => {
    const negative = validate(activityInputSchema, { ...collectif, participantsAnonymes: { total: -1 } });
    expect(!negative.ok && negative.errors['participantsAnonymes.total']).toBe(
      'Le nombre ne peut pas être négatif',
    );
    const fraction = validate(activityInputSchema, { ...collectif, participantsAnonymes: { total: 1.5 } });
    expect(!fraction.ok && fraction.errors['participantsAnonymes.total']).toBe('Nombre entier attendu');
  });
});

describe('dureeBucket: La Coop’s ranges, min ≤ durée < max', () => {
  it.each([
    [1, '30'],
    [15, '30'],
    [29, '30'],
    [30, '60'],
    [31, '60'],
    [59, '60'],
    [60, '120'],
    [61, '120'],
    [90, '120'],
    [119, '120'],
    [120, 'more'],
    [600, 'more'],
  ] as const)('%i minutes → %s', (minutes, bucket) => {
    expect(dureeBucket(minutes)).toBe(bucket);
  });
});

describe('formatDuree', () => {
  it.each([
    [15, '15mn'],
    [60, '1h'],
    [90, '1h30'],
    [125, '2h05'],
    [120, '2h'],
  ])('%i → %s', (minutes, label) => {
    expect(formatDuree(minutes)).toBe(label);
  });
});

describe('accompagnementsCount', () => {
  it('is one for an individual session, with or without an identified beneficiary', () => {
    expect(accompagnementsCount({ type: 'individuel', beneficiaryIds: ['a'] })).toBe(1);
    expect(accompagnementsCount({ type: 'individuel', beneficiaryIds: [] })).toBe(1);
  });

  it('counts identified and anonymous participants of a workshop', () => {
    expect(
      accompagnementsCount({
        type: 'collectif',
        beneficiaryIds: ['a', 'b'],
        participantsAnonymes: { total: 5, dejaAccompagne: 0, genre: {}, trancheAge: {}, statutSocial: {} },
      }),
    ).toBe(7);
    expect(accompagnementsCount({ type: 'collectif', beneficiaryIds: ['a'] })).toBe(1);
  });
});
