// /beneficiaires/nouveau and /beneficiaires/:id/modifier: the beneficiary form on the one form
// model (src/ui/use-form.ts), which keeps its base, draft, validation, review and save.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';

import { beneficiaryFields, findDuplicates, saveBeneficiary } from '../../data/beneficiaries';
import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import { beneficiaryInputSchema, displayName, type Beneficiary } from '../../domain/beneficiary';
import { validate } from '../../domain/validation';
import { announce } from '../../ui/announcer';
import { ChangedMeanwhile, DraftNotice, SaveFailure } from '../../ui/form-notices';
import { Page } from '../../ui/page';
import { handedOff } from '../../ui/remembered-state';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm, type FormSpec } from '../../ui/use-form';
import {
  ContactFields,
  IdentityFields,
  KindField,
  ProfileFields,
  validYearOf,
} from './beneficiary-form-fields';
import {
  beneficiaryReviewFields,
  formFromBeneficiary,
  formFromQuery,
  NEW_FROM_QUERY,
  toInput,
  type BeneficiaryFormState,
} from './form-state';
import { strings } from './strings';
import './beneficiaries.css';

const s = strings.form;

/** Only a path of this app: `retour` must not send the advisor to another site. */
const safeReturn = (path: string | null): string | undefined =>
  path && path.startsWith('/') && !path.startsWith('//') ? path : undefined;

const REVIEW_FIELDS = beneficiaryReviewFields({
  ...s,
  anonymous: strings.anonymous,
  identified: s.kindIdentified,
});

const nameOf = (value: BeneficiaryFormState): string =>
  value.anonyme ? strings.anonymous : `${value.prenom} ${value.nom.toUpperCase()}`.trim();

export const BeneficiaryFormPage = () => {
  const { id } = useParams();
  const [params] = useSearchParams();
  const db = getDb();
  const navigate = useNavigate();
  const returnTo = safeReturn(params.get('retour'));
  // Text left in the commune field without choosing a commune of the list.
  const [communeText, setCommuneText] = useState('');
  // What « Créer « … » » on the list searched (handed in memory, never in the address).
  const { state: locationState } = useLocation();
  const query = useRef(handedOff<string>(NEW_FROM_QUERY, locationState) ?? null);
  const path = id ? `/beneficiaires/${id}/modifier` : '/beneficiaires/nouveau';

  const spec: FormSpec<
    BeneficiaryFormState,
    ReturnType<typeof beneficiaryInputSchema>['_output'],
    Beneficiary
  > = {
    store: formStore(db),
    draft: {
      id: id ? `beneficiary:${id}` : 'beneficiary:new',
      kind: 'beneficiary',
      path,
      title: (value) => (id ? s.draftTitleEdit(nameOf(value)) : s.draftTitleNew(nameOf(value))),
    },
    ...(id ? { record: { table: 'beneficiaries' as const, id } } : {}),
    // The query string only prefills a new form when it opens.
    blank: () => formFromQuery(query.current),
    fromRecord: formFromBeneficiary,
    check: (value) => {
      const result = validate(beneficiaryInputSchema(), toInput(value));
      const unchosen = !value.commune && communeText.trim() !== '';
      if (result.ok && !unchosen) return result;
      return {
        ok: false,
        errors: { ...(result.ok ? {} : result.errors), ...(unchosen ? { commune: s.communeUnchosen } : {}) },
      };
    },
    fieldsOf: beneficiaryFields,
    fields: REVIEW_FIELDS,
    save: (value, base) => saveBeneficiary(db, id, value, undefined, base),
  };
  const form = useForm(spec);

  const formRef = useRef<HTMLFormElement>(null);
  // After a refused submit, the first field in error takes the focus (and is scrolled to).
  useFocusFirstError(formRef, form.submitCount);

  const state = form.state;
  const year = validYearOf(state);
  const duplicates = useLiveQuery(
    () =>
      state.anonyme || form.status !== 'ready'
        ? Promise.resolve([])
        : findDuplicates(db, { prenom: state.prenom, nom: state.nom, anneeNaissance: year, excludeId: id }),
    [db, form.status, state.anonyme, state.prenom, state.nom, year, id],
  );
  const recordName = useMemo(() => (form.record ? displayName(form.record) : ''), [form.record]);

  if (form.status === 'loading') {
    return (
      <Page title={id ? strings.loading : s.titleNew} loading>
        <p className="loading">{strings.loading}</p>
      </Page>
    );
  }
  if (form.status === 'missing') {
    return (
      <Page title={strings.notFound.title}>
        <p>{strings.notFound.text}</p>
        <Link className="button" to="/beneficiaires">
          {strings.notFound.back}
        </Link>
      </Page>
    );
  }

  const title = id ? s.titleEdit(recordName) : s.titleNew;
  const leave = async (to: string) => {
    await form.abandon();
    await navigate(to);
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await form.submit();
    if (!saved) return;
    announce(strings.announce.saved);
    await navigate(
      returnTo
        ? `${returnTo}${returnTo.includes('?') ? '&' : '?'}beneficiaire=${saved.id}`
        : `/beneficiaires/${saved.id}`,
    );
  };
  const errorCount = Object.keys(form.errors).length;
  const sectionProps = { form: state, errors: form.errors, update: form.update };

  return (
    <Page title={title} documentTitle={id ? s.documentTitleEdit : s.titleNew}>
      <DraftNotice form={form} />
      <ChangedMeanwhile form={form} />
      <form ref={formRef} noValidate onSubmit={(e) => void onSubmit(e)} aria-label={title}>
        <p className="muted">{s.requiredNote}</p>
        {errorCount > 0 ? (
          <p className="card card--danger" role="alert">
            {s.errorSummary(errorCount)}
          </p>
        ) : null}
        <KindField form={state} update={form.update} />
        {state.anonyme ? null : <IdentityFields {...sectionProps} duplicates={duplicates} editingId={id} />}
        {state.anonyme ? null : <ContactFields {...sectionProps} />}
        <ProfileFields {...sectionProps} onCommuneText={setCommuneText} />
        <div className="form-footer">
          <SaveFailure message={form.saveError} />
          <div className="actions">
            <button type="submit" className="button" disabled={form.saving}>
              {form.saving ? s.saving : s.save}
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
            {form.draftSavedAt
              ? s.autosaved(
                  form.draftSavedAt.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' }),
                )
              : ''}
          </p>
        </div>
      </form>
    </Page>
  );
};
