// The loan form's state, as typed (the deposit stays text), and what the shared schema validates.
import { toDay } from '../../domain/dates';
import type { Accessory, Condition, DepositForm, Item } from '../../domain/loans';

export interface HandoverState {
  etat?: Condition;
  accessoires: Accessory[];
  accessoiresAutres: string;
}

export interface LoanFormState {
  itemIds: string[];
  beneficiaryIds: string[];
  startDate: string;
  plannedReturnDate: string;
  purpose: string;
  hasDeposit: boolean;
  depositAmount: string;
  depositForm?: DepositForm;
  depositFormDetail: string;
  handover: Record<string, HandoverState>;
  photo?: string;
  advisorName: string;
  notes: string;
}

export const DRAFT_ID = 'loan:new';
export const ADVISOR_KEY = 'loans.advisorName';

const addDays = (day: string, days: number) => {
  const d = new Date(`${day}T12:00:00`);
  d.setDate(d.getDate() + days);
  return toDay(d);
};

export const initialState = (): LoanFormState => {
  const today = toDay(new Date());
  return {
    itemIds: [],
    beneficiaryIds: [],
    startDate: today,
    plannedReturnDate: addDays(today, 14),
    purpose: '',
    hasDeposit: false,
    depositAmount: '',
    depositFormDetail: '',
    handover: {},
    advisorName: '',
    notes: '',
  };
};

export const handoverOf = (item: Item): HandoverState => ({
  ...(item.etat ? { etat: item.etat } : {}),
  accessoires: item.accessoires,
  accessoiresAutres: item.accessoiresAutres ?? '',
});

/** The loan as loanInputSchema reads it. */
export const toLoanInput = (form: LoanFormState) => {
  const amount =
    form.depositAmount.trim() === ''
      ? Number.NaN
      : Number(form.depositAmount.replace(/\s/g, '').replace(',', '.'));
  return {
    itemIds: form.itemIds,
    beneficiaryId: form.beneficiaryIds[0] ?? '',
    startDate: form.startDate,
    plannedReturnDate: form.plannedReturnDate,
    purpose: form.purpose,
    ...(form.hasDeposit
      ? {
          deposit: {
            amount: Number.isNaN(amount) ? undefined : amount,
            form: form.depositForm,
            formDetail: form.depositFormDetail,
            returned: false,
          },
        }
      : {}),
    handover: form.itemIds.map((itemId) => ({ itemId, ...(form.handover[itemId] ?? { accessoires: [] }) })),
    advisorName: form.advisorName,
    notes: form.notes,
  };
};
