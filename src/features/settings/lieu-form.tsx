import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';

import { searchCommunes } from '../../data/communes';
import { getDb } from '../../data/db';
import { deleteDraft, saveDraft } from '../../data/drafts';
import { editBaseOf } from '../../data/edits';
import { lieuFields } from '../../data/lieux';
import type { EditBase } from '../../domain/edit';
import type { CommuneRef } from '../../domain/beneficiary';
import { lieuInputSchema, type Lieu, type LieuInput } from '../../domain/lieu';
import { validate, type FieldErrors } from '../../domain/validation';
import { CommuneInput } from '../../ui/commune-input';
import { Field } from '../../ui/field';
import { formatAgo } from '../../ui/format';
import { useAutosave } from '../../ui/use-autosave';
import { strings } from './strings';

export interface LieuFormState {
  nom: string;
  adresse: string;
  commune: CommuneRef | undefined;
}

const search = (query: string) => searchCommunes(query);

/** One draft for a new lieu, one per edited lieu; resumed from the settings page. */
export const lieuDraftId = (lieu: Lieu | undefined): string => (lieu ? `lieu:${lieu.id}` : 'lieu:new');

export interface LieuDraft {
  state: LieuFormState;
  updatedAt: string;
}

/** Adds or edits a lieu d'activité (nom required, adresse, commune). */
export const LieuForm = ({
  lieu,
  draft,
  onSave,
  onCancel,
}: {
  lieu?: Lieu | undefined;
  /** A draft to resume (what was typed before a reload). */
  draft?: LieuDraft | undefined;
  /** `base`: the lieu as the form opened it (the list below may show a newer one after a pull). */
  onSave: (input: LieuInput, base: EditBase | undefined) => Promise<void>;
  onCancel: () => void;
}) => {
  const db = getDb();
  const draftId = lieuDraftId(lieu);
  // The lieu as the form opened it: the save is sent against it.
  const [opened] = useState(lieu);
  const [state, setState] = useState<LieuFormState>(
    draft?.state ?? {
      nom: lieu?.nom ?? '',
      adresse: lieu?.adresse ?? '',
      commune: lieu?.commune,
    },
  );
  const [touched, setTouched] = useState(false);
  // Once saved or cancelled, a late autosave must not bring the draft back.
  const finished = useRef(false);
  const persist = useCallback(
    async (value: LieuFormState) => {
      if (finished.current) return;
      await saveDraft(db, {
        id: draftId,
        kind: 'lieu',
        path: '/parametres#lieux',
        title: lieu ? strings.lieux.draftTitleEdit(lieu.nom) : strings.lieux.draftTitleNew,
        data: value,
      });
    },
    [db, draftId, lieu],
  );
  useAutosave(state, persist, touched);
  const edit = (patch: Partial<LieuFormState>) => {
    setState((s) => ({ ...s, ...patch }));
    setTouched(true);
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failed, setFailed] = useState(false);
  const [saving, setSaving] = useState(false);
  const nomRef = useRef<HTMLInputElement>(null);
  const headingId = lieu ? `lieu-form-${lieu.id}` : 'lieu-form-new';

  useEffect(() => {
    nomRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = validate(lieuInputSchema, state);
    if (!result.ok) {
      setErrors(result.errors);
      if (result.errors.nom) nomRef.current?.focus();
      return;
    }
    setErrors({});
    setSaving(true);
    finished.current = true;
    try {
      const openedInput = opened ? validate(lieuInputSchema, opened) : undefined;
      await onSave(
        result.value,
        opened ? editBaseOf(opened, openedInput?.ok ? lieuFields(openedInput.value) : undefined) : undefined,
      );
      await deleteDraft(db, draftId);
    } catch {
      finished.current = false;
      setFailed(true);
      setSaving(false);
    }
  };

  const cancel = async () => {
    finished.current = true;
    await deleteDraft(db, draftId);
    onCancel();
  };

  return (
    <form className="lieu-form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h3 id={headingId}>{lieu ? strings.lieux.editTitle(lieu.nom) : strings.lieux.addTitle}</h3>
      {draft ? <p role="status">{strings.lieux.draftRestored(formatAgo(draft.updatedAt))}</p> : null}
      <Field label={strings.lieux.nom} hint={strings.lieux.nomHint} required error={errors.nom}>
        {(field) => (
          <input
            {...field}
            ref={nomRef}
            type="text"
            name="nom"
            aria-required
            value={state.nom}
            onChange={(e) => edit({ nom: e.target.value })}
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
            onChange={(e) => edit({ adresse: e.target.value })}
          />
        )}
      </Field>
      <CommuneInput
        label={strings.lieux.commune}
        value={state.commune}
        onChange={(commune) => edit({ commune })}
        search={search}
        error={errors.commune ?? errors['commune.codeInsee']}
      />
      {failed ? (
        <p className="field__error" role="alert">
          {strings.lieux.saveFailed}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button" disabled={saving}>
          {strings.lieux.save}
        </button>
        <button type="button" className="button button--secondary" onClick={() => void cancel()}>
          {strings.lieux.cancel}
        </button>
      </div>
    </form>
  );
};
