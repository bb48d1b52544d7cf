import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';

import { beneficiaryFields, findDuplicates, getBeneficiary, saveBeneficiary } from '../../data/beneficiaries';
import { searchCommunes } from '../../data/communes';
import { getDb } from '../../data/db';
import { deleteDraft, getDraft, saveDraft } from '../../data/drafts';
import { editBaseOf } from '../../data/edits';
import { beneficiaryInputSchema, displayName, trancheAge, type Beneficiary } from '../../domain/beneficiary';
import { GENRES, labelOf, STATUTS_SOCIAUX, TRANCHES_AGE } from '../../domain/enums';
import { validate, type FieldErrors } from '../../domain/validation';
import { RadioGroup } from '../../ui/choice-group';
import { CommuneInput } from '../../ui/commune-input';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Field } from '../../ui/field';
import { formatAgo } from '../../ui/format';
import { Page } from '../../ui/page';
import { useAutosave } from '../../ui/use-autosave';
import {
  errorOf,
  formFromBeneficiary,
  formFromDraft,
  formFromQuery,
  parseYear,
  toInput,
  type BeneficiaryFormState,
} from './form-state';
import { backupKey, clearBackup, readBackup, writeBackup } from './draft-backup';
import { strings } from './strings';
import './beneficiaries.css';

const s = strings.form;

const KINDS = [
  { value: 'identifie', label: s.kindIdentified },
  { value: 'anonyme', label: s.kindAnonymous },
] as const;

/** Only a path of this app: `retour` must not send the advisor to another site. */
const safeReturn = (path: string | null): string | undefined =>
  path && path.startsWith('/') && !path.startsWith('//') ? path : undefined;

interface Loaded {
  base: BeneficiaryFormState;
  form: BeneficiaryFormState;
  restoredAt?: string;
  /** The draft came from the localStorage copy only: it still has to reach IndexedDB. */
  restoredFromBackup?: boolean;
  /** Name of the beneficiary being edited, for the title. */
  name?: string;
  /** The beneficiary as the form opened it: the save is sent against it. */
  record?: Beneficiary;
}

export const BeneficiaryFormPage = () => {
  const { id } = useParams();
  const [params] = useSearchParams();
  const db = getDb();
  const draftId = id ? `beneficiary:${id}` : 'beneficiary:new';
  const [loaded, setLoaded] = useState<Loaded | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void (async () => {
      const existing = id ? await getBeneficiary(db, id) : undefined;
      if (id && !existing) {
        if (live) setLoaded(null);
        return;
      }
      const base = existing ? formFromBeneficiary(existing) : formFromQuery(params.get('q'));
      const stored = await getDraft(db, draftId);
      // The synchronous copy wins when the page closed before the IndexedDB draft was written.
      const backup = readBackup(backupKey(db.name, draftId));
      const draft = backup && (!stored || backup.updatedAt > stored.updatedAt) ? backup : stored;
      if (!live) return;
      setLoaded({
        base,
        form: draft ? formFromDraft(draft.data, base) : base,
        ...(draft
          ? { restoredAt: draft.updatedAt, restoredFromBackup: draft === backup && draft !== stored }
          : {}),
        ...(existing ? { name: displayName(existing), record: existing } : {}),
      });
    })();
    return () => {
      live = false;
    };
    // The query string only prefills a new form when it opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, id, draftId]);

  if (loaded === undefined) {
    return (
      <Page title={id ? strings.loading : s.titleNew}>
        <p className="loading">{strings.loading}</p>
      </Page>
    );
  }
  if (loaded === null) {
    return (
      <Page title={strings.notFound.title}>
        <p>{strings.notFound.text}</p>
        <Link className="button" to="/beneficiaires">
          {strings.notFound.back}
        </Link>
      </Page>
    );
  }
  return (
    <BeneficiaryForm
      key={draftId}
      id={id}
      draftId={draftId}
      loaded={loaded}
      returnTo={safeReturn(params.get('retour'))}
    />
  );
};

const BeneficiaryForm = ({
  id,
  draftId,
  loaded,
  returnTo,
}: {
  id: string | undefined;
  draftId: string;
  loaded: Loaded;
  returnTo: string | undefined;
}) => {
  const db = getDb();
  const navigate = useNavigate();
  const [form, setForm] = useState(loaded.form);
  // A draft only in the localStorage copy is written to IndexedDB at once (touched).
  const [touched, setTouched] = useState(Boolean(loaded.restoredFromBackup));
  const [restoredAt, setRestoredAt] = useState(loaded.restoredAt);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const [draftSavedAt, setDraftSavedAt] = useState<Date | undefined>(undefined);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [allFrance, setAllFrance] = useState(false);
  // Text left in the commune field without choosing a commune of the list.
  const [communeText, setCommuneText] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  // Once saved or abandoned, no late autosave may bring the draft back.
  const finished = useRef(false);

  const path = id ? `/beneficiaires/${id}/modifier` : '/beneficiaires/nouveau';
  const title = id ? s.titleEdit(loaded.name ?? '') : s.titleNew;

  const writeDraft = useCallback(
    async (value: BeneficiaryFormState) => {
      if (finished.current) return;
      const name = value.anonyme ? strings.anonymous : `${value.prenom} ${value.nom.toUpperCase()}`.trim();
      await saveDraft(db, {
        id: draftId,
        kind: 'beneficiary',
        path,
        title: id ? s.draftTitleEdit(loaded.name ?? name) : s.draftTitleNew(name),
        data: value,
      });
      setDraftSavedAt(new Date());
    },
    [db, draftId, path, id, loaded.name],
  );
  useAutosave(form, writeDraft, touched);
  const backup = backupKey(db.name, draftId);
  useEffect(() => {
    if (touched && !finished.current) writeBackup(backup, form);
  }, [backup, form, touched]);

  const update = <K extends keyof BeneficiaryFormState>(key: K, value: BeneficiaryFormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setTouched(true);
    // A corrected field loses its message; the others keep theirs until the next submit.
    setErrors((e) => {
      if (!errorOf(e, key)) return e;
      return Object.fromEntries(Object.entries(e).filter(([k]) => k !== key && !k.startsWith(`${key}.`)));
    });
  };

  // After a refused submit, the first field in error takes the focus (and is scrolled to).
  useEffect(() => {
    if (attempt === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>(
      'input[aria-invalid="true"], textarea[aria-invalid="true"], [aria-invalid="true"] input',
    );
    first?.focus();
  }, [attempt]);

  const year = parseYear(form.anneeNaissance);
  const validYear =
    year !== undefined && Number.isInteger(year) && year >= 1900 && year <= new Date().getFullYear();
  const duplicates = useLiveQuery(
    () =>
      form.anonyme
        ? Promise.resolve([])
        : findDuplicates(db, {
            prenom: form.prenom,
            nom: form.nom,
            anneeNaissance: validYear ? year : undefined,
            excludeId: id,
          }),
    [db, form.anonyme, form.prenom, form.nom, validYear, year, id],
  );

  const communeSearch = useCallback((q: string) => searchCommunes(q, { allFrance }), [allFrance]);

  const leave = async (to: string) => {
    finished.current = true;
    clearBackup(backup);
    await deleteDraft(db, draftId);
    await navigate(to);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const result = validate(beneficiaryInputSchema(), toInput(form));
    const unchosen = !form.commune && communeText.trim() !== '';
    if (!result.ok || unchosen) {
      setErrors({ ...(result.ok ? {} : result.errors), ...(unchosen ? { commune: s.communeUnchosen } : {}) });
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSaving(true);
    setSaveFailed(false);
    try {
      const opened = validate(beneficiaryInputSchema(), toInput(loaded.base));
      const base = loaded.record
        ? editBaseOf(loaded.record, opened.ok ? beneficiaryFields(opened.value) : undefined)
        : undefined;
      const saved = await saveBeneficiary(db, id, result.value, undefined, base);
      const to = returnTo
        ? `${returnTo}${returnTo.includes('?') ? '&' : '?'}beneficiaire=${saved.id}`
        : `/beneficiaires/${saved.id}`;
      await leave(to);
    } catch (error) {
      console.error(error);
      finished.current = false;
      setSaving(false);
      setSaveFailed(true);
    }
  };

  const discard = async () => {
    setConfirmDiscard(false);
    finished.current = true;
    clearBackup(backup);
    await deleteDraft(db, draftId);
    finished.current = false;
    setForm(loaded.base);
    setTouched(false);
    setRestoredAt(undefined);
    setErrors({});
    setDraftSavedAt(undefined);
  };

  const errorCount = Object.keys(errors).length;
  const tranche = validYear ? trancheAge(year) : 'non_communique';

  return (
    <Page title={title}>
      {restoredAt ? (
        <section className="card card--warning" aria-labelledby="draft-restored">
          <h2 id="draft-restored">{s.draftRestored}</h2>
          <p>{s.draftRestoredText(formatAgo(restoredAt))}</p>
          <button type="button" className="button button--secondary" onClick={() => setConfirmDiscard(true)}>
            {s.discardDraft}
          </button>
        </section>
      ) : null}
      <form ref={formRef} noValidate onSubmit={(e) => void onSubmit(e)} aria-label={title}>
        <p className="muted">{s.requiredNote}</p>
        {errorCount > 0 ? (
          <p className="card card--danger" role="alert">
            {s.errorSummary(errorCount)}
          </p>
        ) : null}

        <RadioGroup
          legend={s.kind}
          name="anonyme"
          hint={s.kindHint}
          choices={KINDS}
          value={form.anonyme ? 'anonyme' : 'identifie'}
          onChange={(v) => update('anonyme', v === 'anonyme')}
        />

        {form.anonyme ? null : (
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
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </fieldset>
        )}

        {form.anonyme ? null : (
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
        )}

        <fieldset className="card choices">
          <legend>{s.profile}</legend>
          <CommuneInput
            label={s.commune}
            hint={s.communeHint}
            value={form.commune ?? undefined}
            onChange={(c) => update('commune', c ?? null)}
            onTextChange={setCommuneText}
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
            <Field
              label={s.anneeNaissance}
              hint={s.anneeNaissanceHint}
              error={errorOf(errors, 'anneeNaissance')}
            >
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
                {...p}
                name="notes"
                value={form.notes}
                onChange={(e) => update('notes', e.target.value)}
              />
            )}
          </Field>
        </fieldset>

        <div className="form-footer">
          {saveFailed ? (
            <p className="field__error" role="alert">
              {s.saveError}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" className="button" disabled={saving}>
              {saving ? s.saving : s.save}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void leave(returnTo ?? (id ? `/beneficiaires/${id}` : '/beneficiaires'))}
            >
              {s.cancel}
            </button>
          </div>
          <p className="muted" role="status">
            {draftSavedAt
              ? s.autosaved(draftSavedAt.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' }))
              : ''}
          </p>
        </div>
      </form>
      <ConfirmDialog
        open={confirmDiscard}
        title={s.discardTitle}
        message={s.discardMessage}
        confirmLabel={s.discardConfirm}
        danger
        onConfirm={() => void discard()}
        onCancel={() => setConfirmDiscard(false)}
      />
    </Page>
  );
};
