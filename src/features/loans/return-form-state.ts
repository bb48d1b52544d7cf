// The loan return form on the one form model (src/ui/use-form.ts). Its state is a checklist over the
// loan: the return date, one row per item still out — under its own key `item:<id>`, so that a
// return a colleague recorded meanwhile is reviewed item by item — and the deposit. The loan's own
// fields (returns, status, deposit) are computed by the return command from the checked value.
import { labelOf } from '../../domain/enums';
import { isDay, toDay } from '../../domain/dates';
import {
  CONDITIONS,
  RETURN_OUTCOMES,
  itemLabel,
  outstandingItemIds,
  statusAfterReturn,
  type Accessory,
  type Condition,
  type Item,
  type ItemReturn,
  type ItemStatus,
  type Loan,
  type ReturnOutcome,
} from '../../domain/loans';
import type { SillonDB } from '../../data/db';
import { formStore } from '../../data/drafts';
import { LoanError, returnFields, returnItems, type ReturnInput } from '../../data/loans';
import type { CheckResult, FormField, FormSpec } from '../../ui/use-form';
import { strings } from './strings';

export interface ItemReturnState {
  back: boolean;
  outcome: ReturnOutcome;
  etat?: Condition;
  accessoires: Accessory[];
  nextStatus: ItemStatus;
  note: string;
}

export type ItemKey = `item:${string}`;

export type ReturnFormState = {
  date: string;
  /** The loan holds a deposit not yet returned: the form asks about it. */
  depositOpen: boolean;
  /** The advisor's answer; undefined: the default (kept after a loss or damage, else returned). */
  deposit?: 'oui' | 'non';
} & { [key: ItemKey]: ItemReturnState | undefined };

export const itemKey = (itemId: string): ItemKey => `item:${itemId}`;

const depositOpen = (loan: Pick<Loan, 'deposit'>): boolean =>
  Boolean(loan.deposit && loan.deposit.amount > 0 && !loan.deposit.returned);

/** Everything still out comes back, as it left (deterministic within a day: the review compares it). */
export const returnFormOf = (loan: Loan): ReturnFormState => {
  const state: ReturnFormState = { date: toDay(new Date()), depositOpen: depositOpen(loan) };
  for (const itemId of outstandingItemIds(loan)) {
    const h = loan.handover.find((x) => x.itemId === itemId);
    state[itemKey(itemId)] = {
      back: true,
      outcome: 'bon_etat',
      ...(h?.etat ? { etat: h.etat } : {}),
      accessoires: h?.accessoires ?? [],
      nextStatus: 'disponible',
      note: '',
    };
  }
  return state;
};

/** The rows of the form, by item id (items a colleague returned meanwhile are gone, unless kept). */
export const returnRows = (state: ReturnFormState): [string, ItemReturnState][] =>
  Object.entries(state).flatMap(([key, row]) =>
    key.startsWith('item:') && row ? [[key.slice(5), row as ItemReturnState]] : [],
  );

export const anyLoss = (state: ReturnFormState): boolean =>
  returnRows(state).some(([, r]) => r.back && r.outcome !== 'bon_etat');

/** The deposit's answer as shown: hers, else the default. */
export const depositAnswer = (state: ReturnFormState): 'oui' | 'non' =>
  state.deposit ?? (anyLoss(state) ? 'non' : 'oui');

/** The return the command records, or the form's errors (French). */
export const checkReturnForm = (state: ReturnFormState): CheckResult<ReturnInput> => {
  if (!isDay(state.date)) return { ok: false, errors: { date: strings.returnForm.dateInvalid } };
  const returns: ItemReturn[] = returnRows(state)
    .filter(([, r]) => r.back)
    .map(([itemId, r]) => ({
      itemId,
      date: state.date,
      outcome: r.outcome,
      ...(r.etat ? { etat: r.etat } : {}),
      accessoires: r.accessoires,
      nextStatus: statusAfterReturn(r.outcome, r.nextStatus),
      ...(r.note.trim() ? { note: r.note.trim() } : {}),
    }));
  if (returns.length === 0) return { ok: false, errors: { items: strings.returnForm.noneChosen } };
  return {
    ok: true,
    value: {
      returns,
      ...(state.depositOpen
        ? { depositReturned: depositAnswer(state) === 'oui', depositReturnedDate: state.date }
        : {}),
    },
  };
};

const showRow = (row: ItemReturnState | undefined): string => {
  if (!row) return strings.returnForm.alreadyBack;
  if (!row.back) return strings.returnForm.notBack;
  return [
    labelOf(RETURN_OUTCOMES, row.outcome),
    row.etat ? labelOf(CONDITIONS, row.etat) : '',
    row.note.trim(),
  ]
    .filter(Boolean)
    .join(' · ');
};

/** How the « changed meanwhile » review names each field: one per item of the loan, and the deposit. */
export const returnReviewFields = (
  loan: Pick<Loan, 'itemIds'>,
  items: Item[],
): FormField<ReturnFormState>[] => [
  ...loan.itemIds.map((itemId): FormField<ReturnFormState> => {
    const key = itemKey(itemId);
    const item = items.find((i) => i.id === itemId);
    return {
      name: key,
      keys: [key],
      label: item ? itemLabel(item) : strings.returnForm.draftTitle,
      show: (v) => showRow(v[key]),
    };
  }),
  {
    name: 'deposit',
    keys: ['depositOpen', 'deposit'],
    label: strings.returnForm.depositField,
    show: (v) =>
      !v.depositOpen
        ? strings.returnForm.depositBack
        : v.deposit === 'non'
          ? strings.returnForm.depositKept
          : v.deposit === 'oui'
            ? strings.returnForm.depositBack
            : strings.returnForm.depositDefault,
  },
];

/** The return form's spec for the one form model (the page's, and the sync property test's). */
export const returnFormSpec = (
  db: SillonDB,
  loan: Loan,
  items: Item[],
  now?: Date,
): FormSpec<ReturnFormState, ReturnInput, Loan> => ({
  store: formStore(db),
  draft: {
    id: `return:${loan.id}`,
    kind: 'return',
    path: `/prets/${loan.id}/retour`,
    title: () => strings.returnForm.draftTitle,
  },
  record: { table: 'loans', id: loan.id },
  blank: () => returnFormOf(loan),
  fromRecord: returnFormOf,
  check: checkReturnForm,
  valuesOf: returnFields,
  fields: returnReviewFields(loan, items),
  save: (value, base) => returnItems(db, loan.id, value, now, base),
  saveError: (e) =>
    e instanceof LoanError
      ? e.message.includes('date')
        ? { errors: { date: e.message } }
        : { message: e.message }
      : { message: strings.common.unexpected },
});
