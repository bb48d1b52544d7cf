// Adds or edits a lieu of the structure's own in the directory (a CAF permanence, a mairie's public
// computer), coordinateur only, in the national schema with the same fields block as the lieux
// d'activité (src/ui/lieu-schema-fields.tsx), on the one form model (src/ui/use-form.ts). What the
// server checks (the schema's library: SIRET, services, address) is asked here first, in French.
import { useEffect, useRef, type FormEvent } from 'react';
import { z } from 'zod';

import {
  createOwnAnnuaireLieu,
  ownAnnuaireFields,
  updateAnnuaireLieu,
  type OwnLieuInput,
} from '../../data/annuaire';
import { searchCommunes } from '../../data/communes';
import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import type { AnnuaireLieu } from '../../domain/annuaire';
import type { CommuneRef } from '../../domain/beneficiary';
import { toDay } from '../../domain/dates';
import { lieuInputSchema } from '../../domain/lieu';
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

export interface AnnuaireLieuFormState extends LieuSchemaState {
  nom: string;
  adresse: string;
  commune: CommuneRef | undefined;
}

export const annuaireDraftId = (lieu: Pick<AnnuaireLieu, 'id'> | undefined): string =>
  lieu ? `annuaire:${lieu.id}` : 'annuaire:new';

const blank = (): AnnuaireLieuFormState => ({
  ...blankLieuSchemaState(),
  nom: '',
  adresse: '',
  commune: undefined,
});
const fromRecord = (lieu: AnnuaireLieu): AnnuaireLieuFormState => ({
  ...lieuSchemaStateOf(lieu),
  nom: lieu.nom ?? '',
  adresse: lieu.adresse ?? '',
  commune: lieu.code_insee
    ? { codeInsee: lieu.code_insee, nom: lieu.commune, codePostal: lieu.code_postal }
    : undefined,
});
const fromDraft = (data: unknown, base: AnnuaireLieuFormState): AnnuaireLieuFormState => ({
  ...base,
  ...(data && typeof data === 'object' ? (data as Partial<AnnuaireLieuFormState>) : {}),
});

const s = strings.annuaire;

/** What the national schema requires of a lieu (the server refuses it otherwise). */
const required = lieuInputSchema.extend({
  adresse: z.string({ error: s.adresseRequired }).trim().min(1, s.adresseRequired),
  commune: lieuInputSchema.shape.commune
    .unwrap()
    .optional()
    .refine((c) => c !== undefined, s.communeRequired),
  pivot: lieuInputSchema.shape.pivot.refine((p) => p !== undefined, s.pivotRequired),
  services: lieuInputSchema.shape.services.refine((v) => v !== undefined, s.servicesRequired),
});

/** The form's check; `today` is the lieu's date_maj (the day it is saved). */
export const checkAnnuaireForm = (
  state: AnnuaireLieuFormState,
  today: string,
): { ok: true; value: OwnLieuInput } | { ok: false; errors: Record<string, string> } => {
  const result = validate(required, {
    nom: state.nom,
    adresse: state.adresse,
    commune: state.commune,
    ...lieuSchemaInputOf(state),
  });
  const hours = horairesProblem(state.horaires);
  if (!result.ok || hours)
    return {
      ok: false,
      errors: { ...(result.ok ? {} : result.errors), ...(hours ? { horaires: hours } : {}) },
    };
  const { commune, ...rest } = result.value;
  const value = {
    ...rest,
    adresse: rest.adresse!,
    commune: commune!.nom,
    code_postal: commune!.codePostal,
    code_insee: commune!.codeInsee,
    services: rest.services ?? [],
    date_maj: today,
  } as OwnLieuInput;
  return {
    ok: true,
    value: Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as OwnLieuInput,
  };
};

export const ANNUAIRE_FIELDS: FormField<AnnuaireLieuFormState>[] = [
  { name: 'nom', keys: ['nom'], label: s.nom },
  { name: 'adresse', keys: ['adresse'], label: s.adresse },
  {
    name: 'commune',
    keys: ['commune'],
    label: s.commune,
    show: (v) => (v.commune ? communeLabel(v.commune) : ''),
  },
  ...LIEU_SCHEMA_REVIEW_FIELDS,
];

export const AnnuaireLieuForm = ({
  lieu,
  onSaved,
  onCancel,
  now = () => new Date(),
}: {
  lieu?: AnnuaireLieu | undefined;
  onSaved: (saved: AnnuaireLieu) => void;
  onCancel: () => void;
  now?: () => Date;
}) => {
  const db = getDb();
  const id = lieu?.id;
  const form = useForm<AnnuaireLieuFormState, OwnLieuInput, AnnuaireLieu>({
    store: formStore(db),
    draft: {
      id: annuaireDraftId(lieu),
      kind: 'annuaire',
      path: '/parametres#annuaire',
      title: (state) => (id ? s.draftTitleEdit(state.nom || (lieu?.nom ?? '')) : s.draftTitleNew),
    },
    ...(id ? { record: { table: 'annuaire' as const, id } } : {}),
    blank,
    fromRecord,
    fromDraft,
    check: (state) => checkAnnuaireForm(state, toDay(now())),
    fieldsOf: ownAnnuaireFields,
    // The base keeps the record's date_maj, so that a save moves it to the day of the change.
    valuesOf: (record) => {
      const checked = checkAnnuaireForm(fromRecord(record), record.date_maj);
      return checked.ok
        ? ownAnnuaireFields(checked.value)
        : ownAnnuaireFields(record as unknown as OwnLieuInput);
    },
    fields: ANNUAIRE_FIELDS,
    save: (value, base) => (id ? updateAnnuaireLieu(db, id, value, base) : createOwnAnnuaireLieu(db, value)),
  });
  const nomRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = lieu ? `annuaire-form-${lieu.id}` : 'annuaire-form-new';
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
      <h3 id={headingId}>{lieu ? s.editTitle(lieu.nom) : s.addTitle}</h3>
      <DraftNotice form={form} />
      <ChangedMeanwhile form={form} />
      {form.submitCount > 0 && Object.keys(errors).length ? (
        <p className="field__error" role="alert">
          {s.errorsIntro}
        </p>
      ) : null}
      <Field label={s.nom} hint={s.nomHint} required error={errors.nom}>
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
      <Field label={s.adresse} required error={errors.adresse}>
        {(field) => (
          <input
            autoComplete="off"
            {...field}
            type="text"
            name="adresse"
            aria-required
            value={state.adresse}
            onChange={(e) => form.update('adresse', e.target.value)}
          />
        )}
      </Field>
      <CommuneInput
        label={s.commune}
        value={state.commune}
        onChange={(commune) => form.update('commune', commune)}
        search={searchCommunes}
        error={errors.commune ?? errors['commune.codeInsee']}
      />
      <LieuSchemaFieldsEditor
        state={state}
        errors={errors}
        name={headingId}
        now={now()}
        onChange={(key, value) => form.set({ [key]: value } as Partial<AnnuaireLieuFormState>)}
      />
      <SaveFailure message={form.saveError} />
      <div className="actions">
        <button type="submit" className="button" disabled={form.saving}>
          {s.save}
        </button>
        <button type="button" className="button button--secondary" onClick={() => void cancel()}>
          {s.cancel}
        </button>
      </div>
    </form>
  );
};
