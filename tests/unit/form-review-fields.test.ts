// Every form's « changed meanwhile » review covers every key of its state: a key no review field
// holds would move with the base when a colleague changes it, without asking, and the advisor's
// save would send her old value over the colleague's (src/domain/edit.ts rebaseEdit).
import { describe, expect, it } from 'vitest';

import { openEditState, rebaseEdit } from '../../src/domain/edit';
import {
  emptyForm as emptyActivityForm,
  type ActivityFormState,
} from '../../src/features/activities/form-state';
import { activityReviewFields } from '../../src/features/activities/review-fields';
import {
  beneficiaryReviewFields,
  type BeneficiaryFormState,
} from '../../src/features/beneficiaries/form-state';
import { itemReviewFields, type ItemFormState } from '../../src/features/loans/item-form-state';
import { TEMPLATE_FIELDS, type TemplateForm } from '../../src/features/loans/template-page';
import { ANNUAIRE_FIELDS, type AnnuaireLieuFormState } from '../../src/features/settings/annuaire-lieu-form';
import { LIEU_FIELDS, type LieuFormState } from '../../src/features/settings/lieu-form';
import type { FormField } from '../../src/ui/use-form';

/** Every key of S, listed once: the compiler asks for a key added to the state. */
type AllKeys<S> = Record<keyof S & string, true>;

const uncovered = <S>(fields: readonly FormField<S>[], keys: AllKeys<S>, notReviewed: string[] = []) => {
  const covered = new Set<string>(fields.flatMap((f) => f.keys as readonly string[]));
  return Object.keys(keys).filter((k) => !covered.has(k) && !notReviewed.includes(k));
};

const labels = new Proxy({}, { get: (_, key) => String(key) }) as Parameters<
  typeof beneficiaryReviewFields
>[0];

describe('review fields cover every key of the form state', () => {
  it('beneficiary', () => {
    const keys: AllKeys<BeneficiaryFormState> = {
      anonyme: true,
      prenom: true,
      nom: true,
      telephone: true,
      pasDeTelephone: true,
      email: true,
      anneeNaissance: true,
      adresse: true,
      commune: true,
      genre: true,
      statutSocial: true,
      notes: true,
    };
    expect(uncovered(beneficiaryReviewFields(labels), keys)).toEqual([]);
  });

  it('activity (its type is chosen when it is created: the form has no field for it)', () => {
    const keys: AllKeys<ActivityFormState> = {
      type: true,
      date: true,
      duree: true,
      dureeHeures: true,
      dureeMinutes: true,
      typeLieu: true,
      lieuId: true,
      lieuCommune: true,
      thematiques: true,
      precisionsDemarche: true,
      materiel: true,
      beneficiaryIds: true,
      autonomie: true,
      orientation: true,
      structureDeRedirection: true,
      lieuOrientation: true,
      titreAtelier: true,
      niveau: true,
      anonymes: true,
      notes: true,
    };
    const fields = activityReviewFields(
      () => undefined,
      (ids) => String(ids.length),
    );
    expect(uncovered(fields, keys, ['type'])).toEqual([]);
  });

  it('item', () => {
    const keys: AllKeys<ItemFormState> = {
      type: true,
      marque: true,
      modele: true,
      numeroSerie: true,
      inventoryNumber: true,
      origine: true,
      fournisseur: true,
      dateAcquisition: true,
      valeurAcquisition: true,
      accessoires: true,
      accessoiresAutres: true,
      etat: true,
      status: true,
      lieuId: true,
      notes: true,
    };
    expect(
      uncovered(
        itemReviewFields(() => undefined),
        keys,
      ),
    ).toEqual([]);
  });

  it('lieu and agreement template', () => {
    const lieu: AllKeys<LieuFormState> = {
      nom: true,
      adresse: true,
      commune: true,
      pivot: true,
      complement_adresse: true,
      telephone: true,
      presentation_resume: true,
      presentation_detail: true,
      horaires: true,
      prise_rdv: true,
      courriels: true,
      site_web: true,
      autres_formations_labels: true,
      services: true,
      publics_specifiquement_adresses: true,
      prise_en_charge_specifique: true,
      frais_a_charge: true,
      modalites_acces: true,
      modalites_accompagnement: true,
      dispositif_programmes_nationaux: true,
      formations_labels: true,
    };
    const template: AllKeys<TemplateForm> = { title: true, body: true, structureName: true };
    expect(uncovered(LIEU_FIELDS, lieu)).toEqual([]);
    // The directory's lieux of the structure: the same state's keys.
    const annuaire: AllKeys<AnnuaireLieuFormState> = lieu;
    expect(uncovered(ANNUAIRE_FIELDS, annuaire)).toEqual([]);
    expect(uncovered(TEMPLATE_FIELDS, template)).toEqual([]);
  });
});

describe('activity review: the lieu an orientation sends to', () => {
  it('a colleague’s new lieu d’orientation is a review item, shown by its name', () => {
    const fields = activityReviewFields(
      () => undefined,
      (ids) => String(ids.length),
    );
    const base: ActivityFormState = {
      ...emptyActivityForm('individuel', { chips: [30] }),
      orientation: 'oui',
      lieuOrientation: { id: 'a', nom: 'France services Figeac', services: [] },
    };
    const edit = { ...openEditState({ version: 1, state: base }), state: { ...base, notes: 'Rappeler' } };
    const theirs = { ...base, lieuOrientation: { id: 'b', nom: 'Mairie de Cajarc', services: [] } };
    const rebased = rebaseEdit(edit, { version: 2, state: theirs }, fields);
    expect(rebased.review.map((r) => r.field)).toEqual(['orientation']);
    expect(rebased.state.lieuOrientation?.nom).toBe('Mairie de Cajarc');
    expect(rebased.state.notes).toBe('Rappeler');
    const orientation = fields.find((f) => f.name === 'orientation')!;
    expect(orientation.show!(rebased.review[0]!.theirs)).toBe('Oui · Mairie de Cajarc');
  });
});
