import type { FormEvent, RefObject } from 'react';
import { Link } from 'react-router';

import type { Beneficiary, CommuneRef } from '../../domain/beneficiary';
import {
  AUTONOMIES,
  MATERIELS,
  NIVEAUX_ATELIER,
  STRUCTURES_REDIRECTION,
  type Materiel,
} from '../../domain/enums';
import type { Lieu } from '../../domain/lieu';
import { BeneficiaryPicker } from '../../ui/beneficiary-picker';
import { CheckboxGroup, RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { AnonymesField } from './anonymes-field';
import { DureeField } from './duree-field';
import type { ActivityFormState } from './form-state';
import { LieuFields } from './lieu-fields';
import { OrientationLieuField } from './orientation-lieu-field';
import { strings } from './strings';
import { ThematiquesField } from './thematiques-field';

export interface ActivityFormServices {
  searchCommunes: (query: string) => Promise<CommuneRef[]>;
  searchBeneficiaries: (query: string) => Promise<Beneficiary[]>;
  getBeneficiaries: (ids: string[]) => Promise<Beneficiary[]>;
}

const ORIENTATION = [
  { value: 'oui', label: strings.form.yes },
  { value: 'non', label: strings.form.no },
] as const;

/** « Pas de matériel » excludes the devices, and a device excludes « Pas de matériel ». */
const nextMateriel = (previous: Materiel[], next: Materiel[]): Materiel[] => {
  const added = next.find((m) => !previous.includes(m));
  if (added === 'aucun') return ['aucun'];
  if (added) return next.filter((m) => m !== 'aucun');
  return next;
};

/** The one-screen CRA form of La Coop, for both types. Controlled: the page owns the state. */
export const ActivityForm = ({
  state,
  errors,
  chips,
  lieux,
  services,
  saving,
  formRef,
  onChange,
  onSubmit,
  onCancel,
  createBeneficiaryHref,
}: {
  state: ActivityFormState;
  errors: Record<string, string>;
  chips: readonly number[];
  lieux: Lieu[];
  services: ActivityFormServices;
  saving: boolean;
  formRef: RefObject<HTMLFormElement | null>;
  onChange: (patch: Partial<ActivityFormState>) => void;
  onSubmit: () => void;
  onCancel: () => void;
  /** Creating a beneficiary leaves the form (its draft is kept) and comes back with her. */
  createBeneficiaryHref: string;
}) => {
  const individuel = state.type === 'individuel';
  const createAction = (
    <Link className="button button--secondary" to={createBeneficiaryHref}>
      {strings.form.createBeneficiary}
    </Link>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form
      ref={formRef}
      className="activity-form"
      noValidate
      onSubmit={submit}
      aria-describedby="activity-form-required"
    >
      <p id="activity-form-required" className="muted">
        {strings.form.requiredNote}
      </p>

      <section className="card form-section" aria-labelledby="section-who">
        <h2 id="section-who">
          {individuel ? strings.form.sections.beneficiary : strings.form.sections.participants}
        </h2>
        {individuel ? (
          <BeneficiaryPicker
            label={strings.form.beneficiary}
            hint={strings.form.beneficiaryHint}
            value={state.beneficiaryIds}
            onChange={(beneficiaryIds) => onChange({ beneficiaryIds })}
            search={services.searchBeneficiaries}
            getByIds={services.getBeneficiaries}
            error={errors.beneficiaryIds}
            createAction={createAction}
          />
        ) : (
          <>
            <Field label={strings.form.titreAtelier} error={errors.titreAtelier}>
              {(field) => (
                <input
                  autoComplete="off"
                  {...field}
                  type="text"
                  name="titreAtelier"
                  value={state.titreAtelier}
                  onChange={(e) => onChange({ titreAtelier: e.target.value })}
                />
              )}
            </Field>
            <BeneficiaryPicker
              label={strings.form.participantsSuivis}
              hint={strings.form.participantsSuivisHint}
              multiple
              value={state.beneficiaryIds}
              onChange={(beneficiaryIds) => onChange({ beneficiaryIds })}
              search={services.searchBeneficiaries}
              getByIds={services.getBeneficiaries}
              error={errors.beneficiaryIds}
              createAction={createAction}
            />
            <AnonymesField
              value={state.anonymes}
              errors={errors}
              onChange={(anonymes) => onChange({ anonymes })}
            />
            {errors.participants ? (
              <p
                className="field__error"
                role="alert"
                id="participants-error"
                tabIndex={-1}
                data-error-anchor
              >
                {errors.participants}
              </p>
            ) : null}
            <p className="muted">
              {strings.form.totalParticipants(
                state.beneficiaryIds.length + Math.max(0, Number(state.anonymes.total) || 0),
              )}
            </p>
          </>
        )}
      </section>

      <section className="card form-section" aria-labelledby="section-session">
        <h2 id="section-session">{strings.form.sections.session}</h2>
        <Field
          format="date"
          label={individuel ? strings.form.date : strings.form.dateWorkshop}
          required
          error={errors.date}
        >
          {(field) => (
            <input
              {...field}
              type="date"
              name="date"
              value={state.date}
              onChange={(e) => onChange({ date: e.target.value })}
            />
          )}
        </Field>
        <DureeField value={state} chips={chips} error={errors.duree} onChange={onChange} />
        <LieuFields
          legend={individuel ? strings.form.typeLieu : strings.form.typeLieuWorkshop}
          value={state}
          lieux={lieux}
          errors={errors}
          searchCommunes={services.searchCommunes}
          onChange={onChange}
        />
      </section>

      <section className="card form-section" aria-labelledby="section-content">
        <h2 id="section-content">
          {individuel ? strings.form.sections.content : strings.form.sections.contentWorkshop}
        </h2>
        <ThematiquesField
          legend={individuel ? strings.form.thematiques : strings.form.thematiquesWorkshop}
          thematiques={state.thematiques}
          precisionsDemarche={state.precisionsDemarche}
          errors={errors}
          onChange={onChange}
        />
        <CheckboxGroup
          legend={strings.form.materiel}
          name="materiel"
          choices={MATERIELS}
          value={state.materiel}
          onChange={(materiel) => onChange({ materiel: nextMateriel(state.materiel, materiel) })}
        />
        {individuel ? null : (
          <RadioGroup
            legend={strings.form.niveau}
            name="niveau"
            choices={NIVEAUX_ATELIER}
            value={state.niveau || undefined}
            onChange={(niveau) => onChange({ niveau })}
          />
        )}
      </section>

      {individuel ? (
        <section className="card form-section" aria-labelledby="section-follow-up">
          <h2 id="section-follow-up">{strings.form.sections.followUp}</h2>
          <RadioGroup
            legend={strings.form.autonomie}
            name="autonomie"
            choices={AUTONOMIES}
            value={state.autonomie || undefined}
            onChange={(autonomie) => onChange({ autonomie })}
          />
          <RadioGroup
            legend={strings.form.orientation}
            name="orientation"
            choices={ORIENTATION}
            value={state.orientation || undefined}
            onChange={(orientation) => onChange({ orientation })}
          />
          {state.orientation === 'oui' ? (
            <Field label={strings.form.structureDeRedirection} required error={errors.structureDeRedirection}>
              {(field) => (
                <select
                  {...field}
                  name="structureDeRedirection"
                  value={state.structureDeRedirection}
                  onChange={(e) =>
                    onChange({
                      structureDeRedirection: e.target.value as ActivityFormState['structureDeRedirection'],
                    })
                  }
                >
                  <option value="">{strings.form.structurePlaceholder}</option>
                  {STRUCTURES_REDIRECTION.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          {state.orientation === 'oui' ? (
            <OrientationLieuField
              value={state.lieuOrientation}
              onChange={(lieuOrientation) => onChange({ lieuOrientation })}
            />
          ) : null}
        </section>
      ) : null}

      <section className="card form-section" aria-labelledby="section-notes">
        <h2 id="section-notes">{strings.form.sections.notes}</h2>
        <Field
          label={individuel ? strings.form.notes : strings.form.notesWorkshop}
          hint={strings.form.notesWarning}
          error={errors.notes}
        >
          {(field) => (
            <textarea
              autoComplete="off"
              {...field}
              name="notes"
              value={state.notes}
              onChange={(e) => onChange({ notes: e.target.value })}
            />
          )}
        </Field>
      </section>

      <div className="form-footer actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? strings.form.saving : strings.form.submit}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {strings.form.cancel}
        </button>
      </div>
    </form>
  );
};
