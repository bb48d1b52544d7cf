// /prets/:id/retour: records items coming back (all or some), their state, where they go next, and
// the deposit — on the one form model (src/ui/use-form.ts): the loan it was opened from is its base,
// what is typed is autosaved as a draft, a return a colleague recorded meanwhile is reviewed, and
// the save sends only the loan's fields that changed, with the base's version.
import { useMemo, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';

import { displayName, type Beneficiary } from '../../domain/beneficiary';
import { getDb } from '../../data/db';
import { ITEM_STATUSES, RETURN_OUTCOMES, itemLabel, type Item, type Loan } from '../../domain/loans';
import { announce } from '../../ui/announcer';
import { RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { ChangedMeanwhile, DraftNotice, SaveFailure } from '../../ui/form-notices';
import { Page } from '../../ui/page';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm } from '../../ui/use-form';
import { ConditionFields } from './condition-fields';
import { LoansNav } from './loans-nav';
import { RecordPending } from './record-pending';
import {
  depositAnswer,
  itemKey,
  returnFormSpec,
  returnRows,
  type ItemReturnState,
  type ReturnFormState,
} from './return-form-state';
import { strings } from './strings';
import { useLoanDetails } from './use-loans';

const NEXT = ITEM_STATUSES.filter((s) => s.value === 'disponible' || s.value === 'en_reparation').map(
  (s) => ({
    value: s.value,
    label: strings.returnForm.next[s.value] ?? s.label,
  }),
);
const YES_NO = [
  { value: 'oui', label: strings.common.yes },
  { value: 'non', label: strings.common.no },
] as const;

export const LoanReturnPage = () => {
  const { id } = useParams();
  const data = useLoanDetails(id);
  if (!data)
    return (
      <RecordPending
        loading={data === undefined}
        title={strings.returnForm.title}
        missing={strings.common.loanNotFound}
      />
    );
  return <ReturnForm key={data.loan.id} loan={data.loan} items={data.items} beneficiary={data.beneficiary} />;
};

const ReturnForm = ({
  loan,
  items,
  beneficiary,
}: {
  loan: Loan;
  items: Item[];
  beneficiary: Beneficiary | undefined;
}) => {
  const navigate = useNavigate();
  const db = getDb();
  const formRef = useRef<HTMLFormElement>(null);
  const spec = useMemo(() => returnFormSpec(db, loan, items), [db, loan, items]);
  const model = useForm(spec);
  useFocusFirstError(formRef, model.submitCount);

  if (model.status !== 'ready')
    return (
      <RecordPending
        loading={model.status === 'loading'}
        title={strings.returnForm.title}
        missing={strings.common.loanNotFound}
      />
    );

  const state = model.state;
  const errors = model.errors;
  const rows = returnRows(state);
  const shown = rows.flatMap(([itemId, row]) => {
    const item = items.find((i) => i.id === itemId);
    return item ? [{ item, row }] : [];
  });
  const setRow = (itemId: string, patch: Partial<ItemReturnState>) => {
    const key = itemKey(itemId);
    const row = state[key];
    if (row) model.set({ [key]: { ...row, ...patch } } as Partial<ReturnFormState>);
  };
  const submit = async () => {
    const saved = await model.submit();
    if (!saved) return;
    announce(strings.announce.returned);
    navigate(`/prets/${loan.id}`, { replace: true });
  };
  const cancel = async () => {
    await model.abandon();
    navigate(`/prets/${loan.id}`);
  };

  return (
    <Page title={strings.returnForm.title}>
      <LoansNav />
      <p>{beneficiary ? displayName(beneficiary) : strings.loans.unknownBorrower}</p>
      <DraftNotice form={model} />
      <ChangedMeanwhile form={model} />
      {shown.length === 0 ? (
        <p>{strings.returnForm.allBack}</p>
      ) : (
        <form
          ref={formRef}
          className="loans-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <SaveFailure message={model.saveError} />
          {errors.items ? (
            <p className="card card--danger" role="alert" tabIndex={-1} data-error-anchor>
              {errors.items}
            </p>
          ) : null}
          <Field format="date" label={strings.returnForm.date} required error={errors.date}>
            {(f) => (
              <input
                {...f}
                type="date"
                min={loan.startDate}
                value={state.date}
                onChange={(e) => model.update('date', e.target.value)}
              />
            )}
          </Field>
          {shown.map(({ item, row: r }) => {
            const label = itemLabel(item);
            return (
              <section key={item.id} className="card item-card" aria-label={label}>
                <label className="chip">
                  <input
                    type="checkbox"
                    checked={r.back}
                    onChange={(e) => setRow(item.id, { back: e.target.checked })}
                  />
                  <span>{strings.returnForm.returned(label)}</span>
                </label>
                {r.back ? (
                  <>
                    <RadioGroup
                      name={`outcome-${item.id}`}
                      legend={strings.returnForm.outcome}
                      choices={RETURN_OUTCOMES}
                      value={r.outcome}
                      onChange={(v) => setRow(item.id, { outcome: v })}
                    />
                    {r.outcome !== 'perdu' ? (
                      <ConditionFields
                        itemId={item.id}
                        etatLegend={strings.returnForm.etat}
                        accessoiresLegend={strings.returnForm.accessoires}
                        etat={r.etat}
                        accessoires={r.accessoires}
                        onChange={(change) => setRow(item.id, change)}
                      />
                    ) : null}
                    {r.outcome === 'bon_etat' ? (
                      <RadioGroup
                        name={`next-${item.id}`}
                        legend={strings.returnForm.nextStatus}
                        choices={NEXT}
                        value={r.nextStatus}
                        onChange={(v) => setRow(item.id, { nextStatus: v })}
                      />
                    ) : null}
                    <Field label={strings.returnForm.note}>
                      {(f) => (
                        <input
                          autoComplete="off"
                          {...f}
                          value={r.note}
                          onChange={(e) => setRow(item.id, { note: e.target.value })}
                        />
                      )}
                    </Field>
                  </>
                ) : null}
              </section>
            );
          })}
          {state.depositOpen ? (
            <RadioGroup
              name="deposit-returned"
              legend={strings.returnForm.deposit}
              hint={strings.returnForm.depositKeptHint}
              choices={YES_NO}
              value={depositAnswer(state)}
              onChange={(v) => model.update('deposit', v)}
            />
          ) : null}
          <div className="form-footer actions">
            <button type="submit" className="button button--big" disabled={model.saving}>
              {strings.returnForm.submit}
            </button>
            <button type="button" className="button button--secondary" onClick={() => void cancel()}>
              {strings.common.cancel}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
};
