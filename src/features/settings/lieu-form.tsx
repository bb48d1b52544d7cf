// Adds or edits a lieu d'activité (nom required, adresse, commune, and the national schema's
// fields for its publication to the cartographie: src/ui/lieu-schema-fields.tsx) on the one form
// model (src/ui/use-form.ts): its draft keeps the lieu it was opened from, and a colleague's change
// pulled meanwhile is shown before saving.
import { useEffect, useRef, type FormEvent } from 'react';

import { searchCommunes } from '../../data/communes';
import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import { createLieu, lieuFields, updateLieu } from '../../data/lieux';
import type { CommuneRef } from '../../domain/beneficiary';
import { lieuInputSchema, type Lieu, type LieuInput } from '../../domain/lieu';
import { validate } from '../../domain/validation';
import { CommuneInput, communeLabel } from '../../ui/commune-input';
import { Field } from '../../ui/field';
import { ChangedMeanwhile, DraftNotice, SaveFailure } from '../../ui/form-notices';
import {
  blankLieuSchemaState,
  horairesProblem,
  LIEU_SCHEMA_REVIEW_FIELDS,
  LieuSchemaFieldsEditor,
  lieuSchemaInputOf,
  lieuSchemaStateOf,
  type LieuSchemaState,
} from '../../ui/lieu-schema-fields';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm, type FormField } from '../../ui/use-form';
import { strings } from './strings';

export interface LieuFormState extends LieuSchemaState {
  nom: string;
  adresse: string;
  commune: CommuneRef | undefined;
}

const search = (query: string) => searchCommunes(query);

/** One draft for a new lieu, one per edited lieu; resumed from the settings page. */
export const lieuDraftId = (lieu: Pick<Lieu, 'id'> | undefined): string =>
  lieu ? `lieu:${lieu.id}` : 'lieu:new';

const blank = (): LieuFormState => ({ ...blankLieuSchemaState(), nom: '', adresse: '', commune: undefined });
const fromLieu = (lieu: Lieu): LieuFormState => ({
  ...lieuSchemaStateOf(lieu),
  nom: lieu.nom ?? '',
  adresse: lieu.adresse ?? '',
  commune: lieu.commune,
});
/** A draft of an older version lacks the schema's fields. */
const fromDraft = (data: unknown, base: LieuFormState): LieuFormState => ({
  ...base,
  ...(data && typeof data === 'object' ? (data as Partial<LieuFormState>) : {}),
});

/** The schema (src/domain/lieu.ts), then the opening hours in OSM syntax. */
export const checkLieuForm = (state: LieuFormState) => {
  const { nom, adresse, commune } = state;
  const result = validate(lieuInputSchema, { nom, adresse, commune, ...lieuSchemaInputOf(state) });
  const hours = horairesProblem(state.horaires);
  if (!hours) return result;
  return { ok: false as const, errors: { ...(result.ok ? {} : result.errors), horaires: hours } };
};

/** The lieu form's fields, for the « changed meanwhile » review. */
export const LIEU_FIELDS: FormField<LieuFormState>[] = [
  { name: 'nom', keys: ['nom'], label: strings.lieux.nom },
  { name: 'adresse', keys: ['adresse'], label: strings.lieux.adresse },
  {
    name: 'commune',
    keys: ['commune'],
    label: strings.lieux.commune,
    show: (v) => (v.commune ? communeLabel(v.commune) : ''),
  },
  ...LIEU_SCHEMA_REVIEW_FIELDS,
];

const hasSchemaError = (errors: Record<string, string>) =>
  Object.keys(errors).some((k) => !['nom', 'adresse', 'commune', 'commune.codeInsee'].includes(k));

export const LieuForm = ({
  lieu,
  onSaved,
  onCancel,
}: {
  lieu?: Lieu | undefined;
  onSaved: (saved: Lieu) => void;
  onCancel: () => void;
}) => {
  const db = getDb();
  const id = lieu?.id;
  const form = useForm<LieuFormState, LieuInput, Lieu>({
    store: formStore(db),
    draft: {
      id: lieuDraftId(lieu),
      kind: 'lieu',
      path: '/parametres#lieux',
      title: (state) =>
        id ? strings.lieux.draftTitleEdit(state.nom || (lieu?.nom ?? '')) : strings.lieux.draftTitleNew,
    },
    ...(id ? { record: { table: 'lieux' as const, id } } : {}),
    blank,
    fromRecord: fromLieu,
    fromDraft,
    check: checkLieuForm,
    fieldsOf: lieuFields,
    fields: LIEU_FIELDS,
    save: (value, base) => (id ? updateLieu(db, id, value, base) : createLieu(db, value)),
  });
  const nomRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = lieu ? `lieu-form-${lieu.id}` : 'lieu-form-new';
  const ready = form.status === 'ready';

  useEffect(() => {
    if (ready) nomRef.current?.focus();
  }, [ready]);
  useFocusFirstError(formRef, form.submitCount);

  if (!ready) return null;
  const { state, errors } = form;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await form.submit();
    if (saved) onSaved(saved);
  };
  const cancel = async () => {
    await form.abandon();
    onCancel();
  };

  return (
    <form
      ref={formRef}
      className="lieu-form"
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-labelledby={headingId}
    >
      <h3 id={headingId}>{lieu ? strings.lieux.editTitle(lieu.nom) : strings.lieux.addTitle}</h3>
      <DraftNotice form={form} />
      <ChangedMeanwhile form={form} />
      <Field label={strings.lieux.nom} hint={strings.lieux.nomHint} required error={errors.nom}>
        {(field) => (
          <input
            autoComplete="off"
            {...field}
            ref={nomRef}
            type="text"
            name="nom"
            aria-required
            value={state.nom}
            onChange={(e) => form.update('nom', e.target.value)}
          />
        )}
      </Field>
      <Field label={strings.lieux.adresse} error={errors.adresse}>
        {(field) => (
          <input
            {...field}
            type="text"
            name="adresse"
            autoComplete="street-address"
            value={state.adresse}
            onChange={(e) => form.update('adresse', e.target.value)}
          />
        )}
      </Field>
      <CommuneInput
        label={strings.lieux.commune}
        value={state.commune}
        onChange={(commune) => form.update('commune', commune)}
        search={search}
        error={errors.commune ?? errors['commune.codeInsee']}
      />
      <details className="lieu-form__schema" open={hasSchemaError(errors) || undefined}>
        <summary>{strings.lieux.schemaSummary}</summary>
        <p className="muted">{strings.lieux.schemaIntro}</p>
        <LieuSchemaFieldsEditor
          state={state}
          errors={errors}
          name={headingId}
          onChange={(key, value) => form.set({ [key]: value } as Partial<LieuFormState>)}
        />
      </details>
      <SaveFailure message={form.saveError} />
      <div className="actions">
        <button type="submit" className="button" disabled={form.saving}>
          {strings.lieux.save}
        </button>
        <button type="button" className="button button--secondary" onClick={() => void cancel()}>
          {strings.lieux.cancel}
        </button>
      </div>
    </form>
  );
};
