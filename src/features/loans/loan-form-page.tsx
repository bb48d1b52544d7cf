import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

import { putBlob } from '../../data/blobs';
import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import {
  LoanError,
  createLoan,
  getBeneficiaries,
  getItems,
  listLendableItems,
  searchBorrowers,
  setLoanPhoto,
} from '../../data/loans';
import { getIdentity, getMeta, setMeta } from '../../data/meta';
import {
  DEPOSIT_FORMS,
  itemLabel,
  loanInputSchema,
  type Item,
  type Loan,
  type LoanInput,
} from '../../domain/loans';
import { validate } from '../../domain/validation';
import { announce } from '../../ui/announcer';
import { BeneficiaryPicker } from '../../ui/beneficiary-picker';
import { RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { DraftNotice } from '../../ui/form-notices';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm } from '../../ui/use-form';
import {
  ADVISOR_KEY,
  DRAFT_ID,
  handoverOf,
  initialState,
  toLoanInput,
  type HandoverState,
  type LoanFormState,
} from './loan-form-state';
import { ConditionFields } from './condition-fields';
import { LoansNav } from './loans-nav';
import { NewBorrower } from './new-borrower';
import { downscalePhoto } from './photo';
import { strings } from './strings';
import { useBlobUrl } from './use-blob-url';

/** Lends one or more items to a beneficiary picked or created on the spot; autosaved as a draft. */
export const LoanFormPage = () => {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const preselected = params.get('materiel');
  const db = getDb();
  const [creating, setCreating] = useState<string>();
  const [photoError, setPhotoError] = useState<string>();
  // What the form needs before it opens: the advisor's name last time, the item chosen from its page.
  const [context, setContext] = useState<{ advisor: string; item: Item | undefined }>();
  useEffect(() => {
    let live = true;
    void Promise.all([getMeta<string>(db, ADVISOR_KEY), preselected ? getItems(db, [preselected]) : []]).then(
      ([advisor, [item]]) => {
        if (live) setContext({ advisor: advisor ?? getIdentity().name ?? '', item });
      },
    );
    return () => {
      live = false;
    };
  }, [db, preselected]);

  const model = useForm<LoanFormState, LoanInput, Loan>({
    store: formStore(db),
    draft: { id: DRAFT_ID, kind: 'loan', path: '/prets/nouveau', title: () => strings.loanForm.draftTitle },
    blank: () => ({ ...initialState(), advisorName: context?.advisor ?? '' }),
    fromRecord: () => initialState(),
    check: (state) => validate(loanInputSchema, toLoanInput(state)),
    fieldsOf: (value) => ({ ...value }),
    fields: [],
    prepare: (state) => {
      const item = context?.item;
      if (!item || state.itemIds.includes(item.id)) return state;
      return {
        ...state,
        itemIds: [...state.itemIds, item.id],
        handover: { ...state.handover, [item.id]: handoverOf(item) },
      };
    },
    save: async (value) => {
      const state = model.state;
      const loan = await createLoan(db, value);
      if (state.photo) await setLoanPhoto(db, loan.id, state.photo);
      if (state.advisorName.trim()) await setMeta(db, ADVISOR_KEY, state.advisorName.trim());
      return loan;
    },
    saveError: (e) => ({ message: e instanceof LoanError ? e.message : strings.common.unexpected }),
    ready: context !== undefined,
  });

  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, model.submitCount);
  const form = model.state;
  const errors = model.errors;
  const saving = model.saving;
  const formError =
    model.saveError ?? (Object.keys(errors).length > 0 ? strings.common.fixErrors : undefined);
  const itemIdsKey = form.itemIds.join(',');
  const chosen = useLiveQuery(() => getItems(db, itemIdsKey ? itemIdsKey.split(',') : []), [db, itemIdsKey]);
  const available = useLiveQuery(() => listLendableItems(db), [db]);
  const photo = useBlobUrl(form.photo, 'image');
  const search = useCallback((q: string) => searchBorrowers(db, q), [db]);
  const byIds = useCallback((ids: string[]) => getBeneficiaries(db, ids), [db]);

  if (model.status !== 'ready')
    return (
      <Page title={strings.loanForm.title} loading>
        <p className="loading">{strings.common.loading}</p>
      </Page>
    );

  const update = (patch: Partial<LoanFormState>) => model.set(patch);
  const updateHandover = (itemId: string, patch: Partial<HandoverState>) =>
    update({
      handover: {
        ...form.handover,
        [itemId]: { ...(form.handover[itemId] ?? { accessoires: [], accessoiresAutres: '' }), ...patch },
      },
    });

  const addItem = (id: string) => {
    const item = available?.find((i) => i.id === id);
    if (!item || form.itemIds.includes(id)) return;
    update({
      itemIds: [...form.itemIds, id],
      handover: { ...form.handover, [id]: form.handover[id] ?? handoverOf(item) },
    });
  };

  const onPhoto = async (file: File | undefined) => {
    setPhotoError(undefined);
    if (!file) return;
    try {
      const small = await downscalePhoto(file);
      update({ photo: await putBlob(db, small) });
    } catch {
      setPhotoError(strings.loanForm.photoError);
    }
  };

  const submit = async () => {
    const loan = await model.submit();
    if (!loan) return;
    announce(strings.announce.loanSaved);
    navigate(`/prets/${loan.id}/convention`, { replace: true });
  };

  const choosable = (available ?? []).filter((i) => !form.itemIds.includes(i.id));

  return (
    <Page title={strings.loanForm.title}>
      <LoansNav />
      <DraftNotice form={model} />
      <form
        ref={formRef}
        className="loans-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {formError ? (
          <p className="card card--danger" role="alert">
            {formError}
          </p>
        ) : null}
        <section className="card" aria-labelledby="loan-items">
          <h2 id="loan-items">{strings.loanForm.items}</h2>
          {errors.itemIds ? (
            <p className="field__error" role="alert" tabIndex={-1} data-error-anchor>
              {errors.itemIds}
            </p>
          ) : null}
          <ul className="list">
            {(chosen ?? []).map((item) => (
              <li key={item.id} className="list__item">
                <strong>{itemLabel(item)}</strong>
                <button
                  type="button"
                  className="button button--secondary"
                  aria-label={strings.loanForm.removeLabel(itemLabel(item))}
                  onClick={() => update({ itemIds: form.itemIds.filter((x) => x !== item.id) })}
                >
                  {strings.loanForm.remove}
                </button>
              </li>
            ))}
          </ul>
          {choosable.length > 0 ? (
            <Field label={strings.loanForm.addItem}>
              {(f) => (
                <select {...f} value="" onChange={(e) => addItem(e.target.value)}>
                  <option value="">{strings.loanForm.chooseItem}</option>
                  {choosable.map((i) => (
                    <option key={i.id} value={i.id}>
                      {itemLabel(i)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <p className="muted">{strings.loanForm.noAvailable}</p>
          )}
        </section>
        <section className="card" aria-labelledby="loan-borrower">
          <h2 id="loan-borrower">{strings.loanForm.beneficiary}</h2>
          {creating !== undefined ? (
            <NewBorrower
              initial={creating}
              onCancel={() => setCreating(undefined)}
              onCreated={(b) => {
                setCreating(undefined);
                update({ beneficiaryIds: [b.id] });
              }}
            />
          ) : (
            <BeneficiaryPicker
              label={strings.loanForm.beneficiary}
              required
              value={form.beneficiaryIds}
              onChange={(ids) => update({ beneficiaryIds: ids })}
              search={search}
              getByIds={byIds}
              error={errors.beneficiaryId}
              createAction={(typed: string) => (
                <button type="button" className="button button--secondary" onClick={() => setCreating(typed)}>
                  {strings.loanForm.createBeneficiary(typed)}
                </button>
              )}
            />
          )}
        </section>
        <section className="card" aria-labelledby="loan-terms">
          <h2 id="loan-terms">{strings.loan.dates}</h2>
          <div className="grid-2">
            <Field format="date" label={strings.loanForm.startDate} required error={errors.startDate}>
              {(f) => (
                <input
                  {...f}
                  type="date"
                  value={form.startDate}
                  onChange={(e) => update({ startDate: e.target.value })}
                />
              )}
            </Field>
            <Field
              format="date"
              label={strings.loanForm.plannedReturnDate}
              required
              error={errors.plannedReturnDate}
            >
              {(f) => (
                <input
                  {...f}
                  type="date"
                  min={form.startDate}
                  value={form.plannedReturnDate}
                  onChange={(e) => update({ plannedReturnDate: e.target.value })}
                />
              )}
            </Field>
          </div>
          <Field label={strings.loanForm.purpose} hint={strings.loanForm.purposeHint} error={errors.purpose}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                value={form.purpose}
                onChange={(e) => update({ purpose: e.target.value })}
              />
            )}
          </Field>
        </section>
        <section className="card" aria-labelledby="loan-deposit">
          <h2 id="loan-deposit">{strings.loanForm.deposit}</h2>
          <label className="chip">
            <input
              type="checkbox"
              checked={form.hasDeposit}
              onChange={(e) => update({ hasDeposit: e.target.checked })}
            />
            <span>{strings.loanForm.hasDeposit}</span>
          </label>
          {form.hasDeposit ? (
            <div className="grid-2">
              <Field label={strings.loanForm.depositAmount} required error={errors['deposit.amount']}>
                {(f) => (
                  <input
                    autoComplete="off"
                    {...f}
                    inputMode="decimal"
                    value={form.depositAmount}
                    onChange={(e) => update({ depositAmount: e.target.value })}
                  />
                )}
              </Field>
              <RadioGroup
                name="deposit-form"
                legend={strings.loanForm.depositForm}
                required
                choices={DEPOSIT_FORMS}
                value={form.depositForm}
                onChange={(v) => update({ depositForm: v })}
                error={errors['deposit.form']}
              />
              {form.depositForm === 'autre' ? (
                <Field
                  label={strings.loanForm.depositFormDetail}
                  required
                  error={errors['deposit.formDetail']}
                >
                  {(f) => (
                    <input
                      autoComplete="off"
                      {...f}
                      value={form.depositFormDetail}
                      onChange={(e) => update({ depositFormDetail: e.target.value })}
                    />
                  )}
                </Field>
              ) : null}
            </div>
          ) : null}
        </section>
        {(chosen ?? []).map((item) => {
          const h = form.handover[item.id] ?? { accessoires: [], accessoiresAutres: '' };
          return (
            <section key={item.id} className="card" aria-labelledby={`handover-${item.id}`}>
              <h2 id={`handover-${item.id}`}>{strings.loanForm.handover(itemLabel(item))}</h2>
              <ConditionFields
                itemId={item.id}
                etatLegend={strings.loanForm.etat}
                accessoiresLegend={strings.loanForm.accessoires}
                etat={h.etat}
                accessoires={h.accessoires}
                onChange={(change) => updateHandover(item.id, change)}
              />
              <Field label={strings.loanForm.accessoiresAutres}>
                {(f) => (
                  <input
                    autoComplete="off"
                    {...f}
                    value={h.accessoiresAutres}
                    onChange={(e) => updateHandover(item.id, { accessoiresAutres: e.target.value })}
                  />
                )}
              </Field>
            </section>
          );
        })}
        <section className="card" aria-labelledby="loan-more">
          <h2 id="loan-more">{strings.loan.photo}</h2>
          <Field label={strings.loanForm.photo} hint={strings.loanForm.photoHint} error={photoError}>
            {(f) => (
              <input
                {...f}
                type="file"
                accept="image/*"
                capture="environment"
                onChange={(e) => void onPhoto(e.target.files?.[0])}
              />
            )}
          </Field>
          {photo.url ? (
            <div className="actions">
              <img className="loan-photo" src={photo.url} alt={strings.loanForm.photoAlt} />
              <button
                type="button"
                className="button button--secondary"
                onClick={() => update({ photo: undefined })}
              >
                {strings.loanForm.removePhoto}
              </button>
            </div>
          ) : null}
          <Field label={strings.loanForm.advisorName}>
            {(f) => (
              <input
                {...f}
                value={form.advisorName}
                autoComplete="off"
                onChange={(e) => update({ advisorName: e.target.value })}
              />
            )}
          </Field>
          <Field label={strings.loanForm.notes}>
            {(f) => (
              <textarea
                autoComplete="off"
                {...f}
                value={form.notes}
                onChange={(e) => update({ notes: e.target.value })}
              />
            )}
          </Field>
        </section>
        <div className="form-footer actions">
          <button type="submit" className="button button--big" disabled={saving}>
            {strings.loanForm.submit}
          </button>
        </div>
      </form>
    </Page>
  );
};
