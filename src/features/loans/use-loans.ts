import { useLiveQuery } from 'dexie-react-hooks';

import { displayName } from '../../domain/beneficiary';
import { getDb } from '../../data/db';
import { getItems, getLoan, listDoubleLendings } from '../../data/loans';
import { pendingRecordIds } from '../../data/records';
import type { Loan } from '../../domain/loans';
import { strings } from './strings';

/** Double lendings (two tablets lent the same item offline), live. */
export const useDoubleLendings = () => useLiveQuery(() => listDoubleLendings(getDb()), []);

/** Loans with their borrower's display name, for lists and warnings. */
export const useLoanSummaries = (ids: string[]) =>
  useLiveQuery(async () => {
    const db = getDb();
    const loans = (await Promise.all(ids.map((id) => getLoan(db, id)))).filter((l): l is Loan => Boolean(l));
    return Promise.all(
      loans.map(async (loan) => {
        const b = await db.beneficiaries.get(loan.beneficiaryId);
        return { loan, borrower: b ? displayName(b) : strings.loans.unknownBorrower };
      }),
    );
  }, [ids.join(',')]);

/** Everything a loan screen shows: the loan, its items and its borrower. */
export const useLoanDetails = (id: string | undefined) =>
  useLiveQuery(async () => {
    if (!id) return null;
    const db = getDb();
    const loan = await getLoan(db, id);
    if (!loan) return null;
    const [items, beneficiary, pending] = await Promise.all([
      getItems(db, loan.itemIds),
      db.beneficiaries.get(loan.beneficiaryId),
      pendingRecordIds(db, [loan.id]),
    ]);
    return { loan, items, beneficiary, pending: pending.has(loan.id) };
  }, [id]);
