import { Link } from 'react-router';

import { DOUBLE_LENDING_ADVICE, DOUBLE_LENDING_TITLE, type DoubleLending } from '../../domain/loans';
import { formatDay } from '../../ui/format';
import { strings } from './strings';
import { useLoanSummaries } from './use-loans';

/** The plain warning shown on both loans and on the item when two tablets lent it at once. */
export const DoubleLendingWarning = ({
  conflict,
  currentLoanId,
}: {
  conflict: DoubleLending;
  currentLoanId?: string;
}) => {
  const summaries = useLoanSummaries(conflict.loanIds);
  return (
    <section className="card card--danger" role="alert" aria-labelledby={`double-${conflict.itemId}`}>
      <h2 id={`double-${conflict.itemId}`}>{DOUBLE_LENDING_TITLE}</h2>
      <p>{DOUBLE_LENDING_ADVICE}</p>
      <h3>{strings.double.loans}</h3>
      <ul>
        {(summaries ?? []).map(({ loan, borrower }) => (
          <li key={loan.id}>
            <Link to={`/prets/${loan.id}`}>{strings.double.loanOf(borrower, formatDay(loan.startDate))}</Link>
            {loan.id === currentLoanId ? ` ${strings.double.thisLoan}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
};
