// The beneficiary form's fields, by section: identity (with the duplicate warning), contact, and
// the socio-demographic profile La Coop counts. State and save live in the form model (useForm).
import { Link } from 'react-router';
import { useCallback, useState } from 'react';

import { searchCommunes } from '../../data/communes';
import { displayName, trancheAge, type Beneficiary, type CommuneRef } from '../../domain/beneficiary';
import { GENRES, labelOf, STATUTS_SOCIAUX, TRANCHES_AGE } from '../../domain/enums';
import type { FieldErrors } from '../../domain/validation';
import { RadioGroup } from '../../ui/choice-group';
import { CommuneInput } from '../../ui/commune-input';
import { Field } from '../../ui/field';
import { errorOf, parseYear, type BeneficiaryFormState } from './form-state';
import { strings } from './strings';

const s = strings.form;

const KINDS = [
  { value: 'identifie', label: s.kindIdentified },
  { value: 'anonyme', label: s.kindAnonymous },
] as const;

export interface SectionProps {
  form: BeneficiaryFormState;
  errors: FieldErrors;
  update: <K extends keyof BeneficiaryFormState>(key: K, value: BeneficiaryFormState[K]) => void;
}

/** The year as typed, when it is one the schema accepts. */
export const validYearOf = (form: BeneficiaryFormState): number | undefined => {
  const year = parseYear(form.anneeNaissance);
  return year !== undefined && Number.isInteger(year) && year >= 1900 && year <= new Date().getFullYear()
    ? year
    : undefined;
};

export const KindField = ({ form, update }: Omit<SectionProps, 'errors'>) => (
  <RadioGroup
    legend={s.kind}
    name="anonyme"
    hint={s.kindHint}
    choices={KINDS}
    value={form.anonyme ? 'anonyme' : 'identifie'}
    onChange={(v) => update('anonyme', v === 'anonyme')}
  />
);

export const IdentityFields = ({
  form,
  errors,
  update,
  duplicates,
  editingId,
}: SectionProps & {
  duplicates: Beneficiary[] | undefined;
  /** The fiche being edited, which a duplicate can be merged with (« Fusionner deux fiches »). */
  editingId?: string | undefined;
}) => (
  <fieldset className="card choices">
    <legend>{s.identity}</legend>
    <div className="grid-2">
      <Field label={s.prenom} required error={errorOf(errors, 'prenom')}>
        {(p) => (
          <input
            {...p}
            name="prenom"
            autoComplete="off"
            autoCapitalize="words"
            value={form.prenom}
            onChange={(e) => update('prenom', e.target.value)}
          />
        )}
      </Field>
      <Field label={s.nom} required error={errorOf(errors, 'nom')}>
        {(p) => (
          <input
            {...p}
            name="nom"
            autoComplete="off"
            autoCapitalize="words"
            value={form.nom}
            onChange={(e) => update('nom', e.target.value)}
          />
        )}
      </Field>
    </div>
    {duplicates && duplicates.length > 0 ? (
      <div className="card card--warning" role="status">
        <p>
          <strong>{s.duplicateTitle}</strong>
          <br />
          {s.duplicateText}
        </p>
        <ul>
          {duplicates.map((d) => (
            <li key={d.id}>
              <Link to={`/beneficiaires/${d.id}`} aria-label={s.duplicateOpen(displayName(d))}>
                {displayName(d)}
              </Link>
              {[d.anneeNaissance, d.commune?.nom].filter(Boolean).length > 0
                ? ` — ${[d.anneeNaissance, d.commune?.nom].filter(Boolean).join(', ')}`
                : null}
              {editingId ? (
                <>
                  {' · '}
                  <Link to={`/beneficiaires/${d.id}/fusionner/${editingId}`}>
                    {strings.merge.open(displayName(d))}
                  </Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    ) : null}
  </fieldset>
);

export const ContactFields = ({ form, errors, update }: SectionProps) => (
  <fieldset className="card choices">
    <legend>{s.contact}</legend>
    <div className="grid-2">
      <div>
        <Field label={s.telephone} hint={s.telephoneHint} error={errorOf(errors, 'telephone')}>
          {(p) => (
            <input
              {...p}
              name="telephone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              disabled={form.pasDeTelephone}
              value={form.pasDeTelephone ? '' : form.telephone}
              onChange={(e) => update('telephone', e.target.value)}
            />
          )}
        </Field>
        <label className="chip">
          <input
            type="checkbox"
            name="pasDeTelephone"
            checked={form.pasDeTelephone}
            onChange={(e) => update('pasDeTelephone', e.target.checked)}
          />
          <span>{s.pasDeTelephone}</span>
        </label>
      </div>
      <Field label={s.email} hint={s.emailHint} error={errorOf(errors, 'email')}>
        {(p) => (
          <input
            {...p}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={form.email}
            onChange={(e) => update('email', e.target.value)}
          />
        )}
      </Field>
    </div>
    <Field label={s.adresse} error={errorOf(errors, 'adresse')}>
      {(p) => (
        <input
          {...p}
          name="adresse"
          autoComplete="off"
          value={form.adresse}
          onChange={(e) => update('adresse', e.target.value)}
        />
      )}
    </Field>
  </fieldset>
);

export const ProfileFields = ({
  form,
  errors,
  update,
  onCommuneText,
}: SectionProps & { onCommuneText: (text: string) => void }) => {
  const [allFrance, setAllFrance] = useState(false);
  const communeSearch = useCallback((q: string) => searchCommunes(q, { allFrance }), [allFrance]);
  const year = validYearOf(form);
  const tranche = year !== undefined ? trancheAge(year) : 'non_communique';
  return (
    <fieldset className="card choices">
      <legend>{s.profile}</legend>
      <CommuneInput
        label={s.commune}
        hint={s.communeHint}
        value={form.commune ?? undefined}
        onChange={(c: CommuneRef | undefined) => update('commune', c ?? null)}
        onTextChange={onCommuneText}
        search={communeSearch}
        error={errorOf(errors, 'commune')}
        extra={
          <label className="chip">
            <input type="checkbox" checked={allFrance} onChange={(e) => setAllFrance(e.target.checked)} />
            <span>{s.allFrance}</span>
          </label>
        }
      />
      <div className="grid-2">
        <Field label={s.anneeNaissance} hint={s.anneeNaissanceHint} error={errorOf(errors, 'anneeNaissance')}>
          {(p) => (
            <input
              {...p}
              name="anneeNaissance"
              inputMode="numeric"
              autoComplete="off"
              maxLength={4}
              value={form.anneeNaissance}
              onChange={(e) => update('anneeNaissance', e.target.value)}
            />
          )}
        </Field>
        <div className="field">
          <span className="field__label" id="tranche-label">
            <strong>{s.trancheAge}</strong>
          </span>
          <output aria-labelledby="tranche-label" data-testid="tranche-age">
            {labelOf(TRANCHES_AGE, tranche)}
          </output>
        </div>
      </div>
      <RadioGroup
        legend={s.genre}
        name="genre"
        choices={GENRES}
        value={form.genre || undefined}
        error={errorOf(errors, 'genre')}
        onChange={(v) => update('genre', v)}
      />
      <RadioGroup
        legend={s.statutSocial}
        name="statutSocial"
        choices={STATUTS_SOCIAUX}
        value={form.statutSocial || undefined}
        error={errorOf(errors, 'statutSocial')}
        onChange={(v) => update('statutSocial', v)}
      />
      <Field label={s.notes} hint={s.notesHint} error={errorOf(errors, 'notes')}>
        {(p) => (
          <textarea
            autoComplete="off"
            {...p}
            name="notes"
            value={form.notes}
            onChange={(e) => update('notes', e.target.value)}
          />
        )}
      </Field>
    </fieldset>
  );
};
