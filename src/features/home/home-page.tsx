import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, lazy } from 'react';
import { Link } from 'react-router';

import { getDb } from '../../data/db';
import { listDrafts } from '../../data/drafts';
import { toDay } from '../../domain/dates';
import { formatAgo, formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import { useHydrated } from '../../ui/use-hydrated';
import { strings } from './strings';

// Loans bring validation code (zod) that the first screen must not wait for: loaded right after.
const OverdueLoans = lazy(async () => ({ default: (await import('./overdue-loans')).OverdueLoans }));

export const HomePage = () => {
  const db = getDb();
  const drafts = useLiveQuery(() => listDrafts(db), [db]);
  const today = toDay(new Date());
  // Prerendered at build (src/app/prerender.tsx): the day is the device's and the overdue loans
  // are lazy (see src/app/layout.tsx), both added once hydrated. The date is the day's last
  // line, not in its heading nor before its count: there it wrapped or pushed what was already
  // shown (layout shift); a last line of the last card only grows <main>, already taller than the
  // screen.
  const hydrated = useHydrated();
  const todayCount = useLiveQuery(
    () =>
      db.activities
        .where('date')
        .equals(today)
        .filter((a) => !a.deleted)
        .count(),
    [db, today],
  );
  // Their code (40 ms of main thread to evaluate, with its schemas) only where a loan is stored:
  // never on a first visit.
  const anyLoan = useLiveQuery(async () => (await db.loans.limit(1).primaryKeys()).length > 0, [db]);
  return (
    <Page title={strings.title}>
      {hydrated && anyLoan ? (
        <Suspense fallback={null}>
          <OverdueLoans />
        </Suspense>
      ) : null}
      <section aria-labelledby="quick-actions" className="card">
        <h2 id="quick-actions">{strings.quickActions}</h2>
        <div className="quick-actions">
          <Link className="button button--big" to="/activites/nouvelle/individuel">
            {strings.newIndividual}
          </Link>
          <Link className="button button--big" to="/activites/nouvelle/collectif">
            {strings.newCollective}
          </Link>
          <Link className="button button--big button--secondary" to="/beneficiaires/nouveau">
            {strings.newBeneficiary}
          </Link>
        </div>
      </section>
      {drafts && drafts.length > 0 ? (
        <section aria-labelledby="drafts" className="card">
          <h2 id="drafts">{strings.drafts}</h2>
          <ul className="list">
            {drafts.map((d) => (
              <li key={d.id} className="list__item">
                <span>
                  <strong>{d.title}</strong>{' '}
                  <span className="muted">{strings.draftSaved(formatAgo(d.updatedAt))}</span>
                </span>
                <Link className="button button--secondary" to={d.path}>
                  {strings.resume}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="today" className="card">
        <h2 id="today">{strings.today}</h2>
        <p>{todayCount === undefined ? '…' : strings.sessionsToday(todayCount)}</p>
        {hydrated ? <p className="muted">{formatDay(today)}</p> : null}
      </section>
    </Page>
  );
};
