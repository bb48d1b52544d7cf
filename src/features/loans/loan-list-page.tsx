import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useSearchParams } from 'react-router';

import { displayName } from '../../domain/beneficiary';
import { getDb } from '../../data/db';
import { getItems, listLoans, type LoanFilter } from '../../data/loans';
import { pendingRecordIds } from '../../data/records';
import { toDay } from '../../domain/dates';
import { daysLate, isOverdue, itemLabel } from '../../domain/loans';
import { RadioGroup } from '../../ui/choice-group';
import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import { UnsyncedBadge } from '../../ui/unsynced-badge';
import { DoubleLendingWarning } from './double-lending-warning';
import { LoansNav } from './loans-nav';
import { strings } from './strings';
import { useDoubleLendings } from './use-loans';

const FILTERS = (['en_cours', 'en_retard', 'rendu', 'tous'] as const).map((value) => ({
  value,
  label: strings.loans.filters[value],
}));

/** Loans, overdue ones first and marked. */
export const LoanListPage = () => {
  const [params, setParams] = useSearchParams();
  const filter = (FILTERS.find((f) => f.value === params.get('filtre'))?.value ?? 'en_cours') as LoanFilter;
  const today = toDay(new Date());
  const db = getDb();
  const rows = useLiveQuery(async () => {
    const loans = await listLoans(db, filter, today);
    const pending = await pendingRecordIds(
      db,
      loans.map((l) => l.id),
    );
    return Promise.all(
      loans.map(async (loan) => {
        const [b, items] = await Promise.all([
          db.beneficiaries.get(loan.beneficiaryId),
          getItems(db, loan.itemIds),
        ]);
        const borrower = b ? displayName(b) : strings.loans.unknownBorrower;
        return { loan, borrower, items, pending: pending.has(loan.id) };
      }),
    );
  }, [db, filter, today]);
  const doubles = useDoubleLendings();

  return (
    <Page
      title={strings.loans.title}
      actions={
        <Link className="button" to="/prets/nouveau">
          {strings.loans.add}
        </Link>
      }
    >
      <LoansNav />
      {(doubles ?? []).map((d) => (
        <DoubleLendingWarning key={d.itemId} conflict={d} />
      ))}
      <RadioGroup
        name="loan-filter"
        legend={strings.loans.filter}
        choices={FILTERS}
        value={filter}
        onChange={(v) => setParams({ filtre: v }, { replace: true, flushSync: true })}
      />
      <section className="card" aria-label={strings.loans.title}>
        {rows && rows.length === 0 ? <p>{strings.loans.empty}</p> : null}
        <ul className="list">
          {(rows ?? []).map(({ loan, borrower, items, pending }) => {
            const late = isOverdue(loan, today);
            return (
              <li key={loan.id} className={`list__item${late ? ' list__item--late' : ''}`}>
                <span>
                  <Link to={`/prets/${loan.id}`}>
                    <strong>{borrower}</strong>
                  </Link>
                  <br />
                  <span>{items.map((i) => itemLabel(i)).join(' ; ')}</span>
                  <br />
                  <span className="muted">
                    {strings.loans.since(formatDay(loan.startDate))} —{' '}
                    {loan.status === 'rendu'
                      ? strings.loans.returnedOn(formatDay(loan.returnedDate))
                      : strings.loans.due(formatDay(loan.plannedReturnDate))}
                  </span>
                </span>
                <span>
                  <UnsyncedBadge pending={pending} />{' '}
                  {late ? (
                    <span className="badge badge--danger">{strings.loans.late(daysLate(loan, today))}</span>
                  ) : (
                    <span className="badge">
                      {loan.status === 'rendu' ? strings.loans.returned : strings.loans.active}
                    </span>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
    </Page>
  );
};
