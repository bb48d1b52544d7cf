// Adds or edits a lieu d'activité (nom required, adresse, commune) on the one form model
// (src/ui/use-form.ts): its draft keeps the lieu it was opened from, and a colleague's change
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
import { ChangedMeanwhile, SaveFailure } from '../../ui/form-notices';
import { formatAgo } from '../../ui/format';
import { useForm, type FormField } from '../../ui/use-form';
import { strings } from './strings';

export interface LieuFormState {
  nom: string;
  adresse: string;
  commune: CommuneRef | undefined;
}

const search = (query: string) => searchCommunes(query);

/** One draft for a new lieu, one per edited lieu; resumed from the settings page. */
export const lieuDraftId = (lieu: Pick<Lieu, 'id'> | undefined): string =>
  lieu ? `lieu:${lieu.id}` : 'lieu:new';

const blank = (): LieuFormState => ({ nom: '', adresse: '', commune: undefined });
const fromLieu = (lieu: Lieu): LieuFormState => ({
  nom: lieu.nom ?? '',
  adresse: lieu.adresse ?? '',
  commune: lieu.commune,
});

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
];

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
    check: (state) => validate(lieuInputSchema, state),
    fieldsOf: lieuFields,
    fields: LIEU_FIELDS,
    save: (value, base) => (id ? updateLieu(db, id, value, base) : createLieu(db, value)),
  });
  const nomRef = useRef<HTMLInputElement>(null);
  const headingId = lieu ? `lieu-form-${lieu.id}` : 'lieu-form-new';
  const ready = form.status === 'ready';

  useEffect(() => {
    if (ready) nomRef.current?.focus();
  }, [ready]);
  useEffect(() => {
    if (form.submitCount > 0 && form.errors.nom) nomRef.current?.focus();
  }, [form.submitCount, form.errors.nom]);

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
    <form className="lieu-form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h3 id={headingId}>{lieu ? strings.lieux.editTitle(lieu.nom) : strings.lieux.addTitle}</h3>
      {form.restoredAt ? (
        <p role="status">{strings.lieux.draftRestored(formatAgo(form.restoredAt))}</p>
      ) : null}
      <ChangedMeanwhile form={form} />
      <Field label={strings.lieux.nom} hint={strings.lieux.nomHint} required error={errors.nom}>
        {(field) => (
          <input
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
