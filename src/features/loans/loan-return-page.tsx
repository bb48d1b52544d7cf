import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';

import { displayName, type Beneficiary } from '../../domain/beneficiary';
import { getDb } from '../../data/db';
import { LoanError, returnItems } from '../../data/loans';
import { isDay, toDay } from '../../domain/dates';
import {
  ITEM_STATUSES,
  RETURN_OUTCOMES,
  itemLabel,
  outstandingItemIds,
  statusAfterReturn,
  type Accessory,
  type Condition,
  type Item,
  type ItemReturn,
  type Loan,
  type ItemStatus,
  type ReturnOutcome,
} from '../../domain/loans';
import { RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { ConditionFields } from './condition-fields';
import { LoansNav } from './loans-nav';
import { RecordPending } from './record-pending';
import { strings } from './strings';
import { useLoanDetails } from './use-loans';

interface ItemReturnState {
  back: boolean;
  outcome: ReturnOutcome;
  etat?: Condition;
  accessoires: Accessory[];
  nextStatus: ItemStatus;
  note: string;
}

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

const defaults = (loan: Loan): Record<string, ItemReturnState> => {
  // Everything comes back, as it left.
  const rows: Record<string, ItemReturnState> = {};
  for (const itemId of outstandingItemIds(loan)) {
    const h = loan.handover.find((x) => x.itemId === itemId);
    rows[itemId] = {
      back: true,
      outcome: 'bon_etat',
      ...(h?.etat ? { etat: h.etat } : {}),
      accessoires: h?.accessoires ?? [],
      nextStatus: 'disponible',
      note: '',
    };
  }
  return rows;
};

/** Records items coming back (all or some), their state, where they go next, and the deposit. */
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
  const [date, setDate] = useState(toDay(new Date()));
  const [rows, setRows] = useState(() => defaults(loan));
  const [deposit, setDeposit] = useState<'oui' | 'non'>();
  const [error, setError] = useState<string>();
  const [dateError, setDateError] = useState<string>();

  const outstanding = items.filter((i) => rows[i.id]);
  const setRow = (itemId: string, patch: Partial<ItemReturnState>) =>
    setRows((prev) => ({ ...prev, [itemId]: { ...prev[itemId]!, ...patch } }));
  const anyLoss = Object.values(rows).some((r) => r.back && r.outcome !== 'bon_etat');
  const hasDeposit = Boolean(loan.deposit && loan.deposit.amount > 0 && !loan.deposit.returned);

  const submit = async () => {
    setError(undefined);
    setDateError(undefined);
    if (!isDay(date)) {
      setDateError(strings.returnForm.date);
      return;
    }
    const returns: ItemReturn[] = Object.entries(rows)
      .filter(([, r]) => r.back)
      .map(([itemId, r]) => ({
        itemId,
        date,
        outcome: r.outcome,
        ...(r.etat ? { etat: r.etat } : {}),
        accessoires: r.accessoires,
        nextStatus: statusAfterReturn(r.outcome, r.nextStatus),
        ...(r.note.trim() ? { note: r.note.trim() } : {}),
      }));
    if (returns.length === 0) {
      setError(strings.returnForm.noneChosen);
      return;
    }
    try {
      await returnItems(getDb(), loan.id, {
        returns,
        ...(hasDeposit
          ? { depositReturned: (deposit ?? (anyLoss ? 'non' : 'oui')) === 'oui', depositReturnedDate: date }
          : {}),
      });
      navigate(`/prets/${loan.id}`, { replace: true });
    } catch (e) {
      if (e instanceof LoanError) {
        if (e.message.includes('date')) setDateError(e.message);
        else setError(e.message);
      } else {
        console.error(e);
        setError(strings.common.unexpected);
      }
    }
  };

  return (
    <Page title={strings.returnForm.title}>
      <LoansNav />
      <p>{beneficiary ? displayName(beneficiary) : strings.loans.unknownBorrower}</p>
      {outstanding.length === 0 ? (
        <p>{strings.returnForm.allBack}</p>
      ) : (
        <form
          className="loans-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {error ? (
            <p className="card card--danger" role="alert">
              {error}
            </p>
          ) : null}
          <Field label={strings.returnForm.date} required error={dateError}>
            {(f) => (
              <input
                {...f}
                type="date"
                min={loan.startDate}
                value={date}
                onChange={(e) => setDate(e.target.value)}
              />
            )}
          </Field>
          {outstanding.map((item) => {
            const r = rows[item.id]!;
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
          {hasDeposit ? (
            <RadioGroup
              name="deposit-returned"
              legend={strings.returnForm.deposit}
              hint={strings.returnForm.depositKeptHint}
              choices={YES_NO}
              value={deposit ?? (anyLoss ? 'non' : 'oui')}
              onChange={setDeposit}
            />
          ) : null}
          <div className="form-footer actions">
            <button type="submit" className="button button--big">
              {strings.returnForm.submit}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
};
