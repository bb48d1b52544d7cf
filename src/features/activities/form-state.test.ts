import { describe, expect, it } from 'vitest';

import { activityInputSchema } from '../../domain/activity';
import { validate } from '../../domain/validation';
import {
  customDureeInRange,
  dureeFields,
  dureeMinutes,
  emptyForm,
  formFromActivity,
  formFromDraft,
  nextThematiques,
  nonCommunique,
  toActivityInput,
  type ActivityFormState,
} from './form-state';

const chips = [15, 30, 45, 60, 90, 120];
const cahors = { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' };
const base = (type: 'individuel' | 'collectif' = 'individuel'): ActivityFormState =>
  emptyForm(type, { chips, today: new Date(2026, 10, 23) });

describe('activity form state', () => {
  it('starts today, at the last lieu and durée, with the beneficiary she came from', () => {
    const form = emptyForm('individuel', {
      chips,
      today: new Date(2026, 10, 23),
      lastLieu: { typeLieu: 'domicile', lieuCommune: cahors },
      lastDuree: 40,
      beneficiaryId: 'b-1',
    });
    expect(form).toMatchObject({
      date: '2026-11-23',
      typeLieu: 'domicile',
      lieuCommune: cahors,
      duree: 'personnaliser',
      dureeHeures: '0',
      dureeMinutes: '40',
      beneficiaryIds: ['b-1'],
    });
  });

  it('shows a durée as its chip, or as hours and minutes', () => {
    expect(dureeFields(90, chips)).toEqual({ duree: '90', dureeHeures: '', dureeMinutes: '' });
    expect(dureeFields(135, chips)).toEqual({ duree: 'personnaliser', dureeHeures: '2', dureeMinutes: '15' });
    expect(dureeMinutes({ duree: 'personnaliser', dureeHeures: '1', dureeMinutes: '5' })).toBe(65);
    expect(dureeMinutes({ duree: 'personnaliser', dureeHeures: '', dureeMinutes: '' })).toBe(0);
    expect(dureeMinutes({ duree: '', dureeHeures: '', dureeMinutes: '' })).toBeUndefined();
    expect(customDureeInRange({ duree: 'personnaliser', dureeHeures: '23', dureeMinutes: '59' })).toBe(true);
    expect(customDureeInRange({ duree: 'personnaliser', dureeHeures: '24', dureeMinutes: '0' })).toBe(false);
    expect(customDureeInRange({ duree: 'personnaliser', dureeHeures: '1', dureeMinutes: '60' })).toBe(false);
  });

  it('sends only the place fields of the chosen kind of place', () => {
    const form = { ...base(), typeLieu: 'lieu_activite' as const, lieuId: 'l-1', lieuCommune: cahors };
    expect(toActivityInput(form)).toMatchObject({ lieuId: 'l-1', lieuCommune: undefined });
    expect(toActivityInput({ ...form, typeLieu: 'autre' })).toMatchObject({
      lieuId: undefined,
      lieuCommune: cahors,
    });
  });

  it('unchecking « Aide aux démarches administratives » drops its sub-thématiques and the démarche', () => {
    expect(nextThematiques(['email', 'logement', 'justice'])).toEqual(['email']);
    expect(nextThematiques(['aide_aux_demarches_administratives', 'logement'])).toEqual([
      'aide_aux_demarches_administratives',
      'logement',
    ]);
    expect(toActivityInput({ ...base(), thematiques: ['email'], precisionsDemarche: 'APL' })).toMatchObject({
      precisionsDemarche: undefined,
    });
  });

  it('turns the anonymous counts typed as text into La Coop’s block, « Non communiqué » derived', () => {
    const form: ActivityFormState = {
      ...base('collectif'),
      anonymes: {
        total: '5',
        dejaAccompagne: '',
        genre: { masculin: '2', feminin: '' },
        trancheAge: { soixante_dix_plus: '1' },
        statutSocial: {},
      },
    };
    expect(toActivityInput(form).participantsAnonymes).toEqual({
      total: 5,
      dejaAccompagne: 0,
      genre: { masculin: 2 },
      trancheAge: { soixante_dix_plus: 1 },
      statutSocial: {},
    });
    expect(nonCommunique(form.anonymes, 'genre')).toBe(3);
    expect(nonCommunique(form.anonymes, 'statutSocial')).toBe(5);
    expect(toActivityInput(base('collectif')).participantsAnonymes).toBeUndefined();
  });

  it('a decimal count is refused in French, not silently rounded', () => {
    const form: ActivityFormState = {
      ...base('collectif'),
      typeLieu: 'a_distance',
      duree: '60',
      thematiques: ['email'],
      anonymes: { total: '2,5', dejaAccompagne: '', genre: {}, trancheAge: {}, statutSocial: {} },
    };
    expect(validate(activityInputSchema, toActivityInput(form))).toEqual({
      ok: false,
      errors: { 'participantsAnonymes.total': 'Nombre entier attendu' },
    });
  });

  it('round-trips a saved activity through the form', () => {
    const input = activityInputSchema.parse({
      type: 'collectif',
      date: '2026-11-20',
      duree: 75,
      typeLieu: 'autre',
      lieuCommune: cahors,
      thematiques: ['aide_aux_demarches_administratives', 'logement'],
      precisionsDemarche: 'APL',
      materiel: ['tablette'],
      beneficiaryIds: ['b-1'],
      titreAtelier: 'Atelier CAF',
      niveau: 'debutant',
      participantsAnonymes: { total: 3, dejaAccompagne: 1, genre: { feminin: 2 } },
      notes: 'Bien',
    });
    const activity = { ...input, id: 'a-1', createdAt: '', updatedAt: '' };
    const again = validate(activityInputSchema, toActivityInput(formFromActivity(activity, chips)));
    expect(again).toEqual({ ok: true, value: input });
  });

  it('restores a draft over the defaults, keeping the type of the page', () => {
    const restored = formFromDraft({ type: 'collectif', notes: 'x', anonymes: { total: '4' } }, base());
    expect(restored.type).toBe('individuel');
    expect(restored.notes).toBe('x');
    expect(restored.anonymes).toMatchObject({ total: '4', genre: {} });
    expect(formFromDraft(null, base())).toEqual(base());
  });
});
