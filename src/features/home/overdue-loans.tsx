import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';

import { displayName, formatPhone } from '../../domain/beneficiary';
import { getDb } from '../../data/db';
import { listDoubleLendings, overdueSummaries } from '../../data/loans';
import { toDay } from '../../domain/dates';
import { DOUBLE_LENDING_ADVICE, DOUBLE_LENDING_TITLE, daysLate, itemLabel } from '../../domain/loans';
import { formatDay } from '../../ui/format';
import { strings } from './strings';

/** Overdue loans and items lent twice (two offline tablets): they must stand out on the home screen. */
export const OverdueLoans = () => {
  const db = getDb();
  const today = toDay(new Date());
  const overdue = useLiveQuery(() => overdueSummaries(db, today), [db, today]);
  const doubles = useLiveQuery(() => listDoubleLendings(db), [db]);
  return (
    <>
      {doubles && doubles.length > 0 ? (
        <section aria-labelledby="double-lendings" className="card card--danger" role="alert">
          <h2 id="double-lendings">{DOUBLE_LENDING_TITLE}</h2>
          <p>{DOUBLE_LENDING_ADVICE}</p>
          <ul>
            {doubles.map((d) => (
              <li key={d.itemId}>
                <Link to={`/materiel/${d.itemId}`}>{strings.loans.doubleItem(d.loanIds.length)}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {overdue && overdue.length > 0 ? (
        <section aria-labelledby="overdue-loans" className="card card--warning">
          <h2 id="overdue-loans">{strings.loans.overdue}</h2>
          <ul className="list">
            {overdue.map(({ loan, beneficiary, items }) => (
              <li key={loan.id} className="list__item">
                <span>
                  <Link to={`/prets/${loan.id}`}>
                    <strong>{beneficiary ? displayName(beneficiary) : strings.loans.unknown}</strong>
                  </Link>
                  {beneficiary?.telephone ? ` — ${formatPhone(beneficiary.telephone)}` : ''}
                  <br />
                  <span>{items.map((i) => itemLabel(i)).join(' ; ')}</span>
                  <br />
                  <span className="muted">{strings.loans.due(formatDay(loan.plannedReturnDate))}</span>
                </span>
                <span className="badge badge--danger">{strings.loans.late(daysLate(loan, today))}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
};
