// The printable list of who is expected at a session (and the waiting list), for the door.
import { useParams } from 'react-router';

import { displayName, formatPhone } from '../../domain/beneficiary';
import { concerns, waitingOrder } from '../../domain/workshops';
import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import './ateliers.css';
import { noticeText, SessionNotice } from './session-notice';
import { strings } from './strings';
import { placeOf, useSessionDetails } from './use-workshops';

const E = strings.expected;

export const ExpectedListPage = () => {
  const { sessionId } = useParams();
  const data = useSessionDetails(sessionId);
  if (data === undefined)
    return (
      <Page title={E.title} loading>
        <p className="loading">{strings.cycle.loading}</p>
      </Page>
    );
  if (data === null)
    return (
      <Page title={E.title}>
        <p>{strings.run.missing}</p>
      </Page>
    );
  const { session, cycle, registrations, people } = data;
  const mine = registrations.filter((r) => concerns(r, session.id));
  const table = (rows: typeof mine, label: string) => (
    <table className="attendance-grid" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{E.name}</th>
          <th scope="col">{E.phone}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const b = people.get(r.beneficiaryId);
          return (
            <tr key={r.id}>
              <td>{b ? displayName(b) : '?'}</td>
              <td>{b ? formatPhone(b.telephone) : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
  const waiting = mine.filter((r) => r.status === 'liste_attente').sort(waitingOrder);
  return (
    <Page
      title={`${E.title} · ${cycle.titre}`}
      documentTitle={E.title}
      actions={
        <button type="button" className="button no-print" onClick={() => window.print()}>
          {E.print}
        </button>
      }
    >
      <p>
        <strong>
          {formatDay(session.date)}, {session.debut}–{session.fin}
        </strong>{' '}
        · {placeOf(session, data.lieux)}
      </p>
      {noticeText(session) ? (
        <p className="card card--warning">
          <SessionNotice session={session} />
        </p>
      ) : null}
      {table(
        mine.filter((r) => r.status === 'inscrit'),
        E.title,
      )}
      {waiting.length ? (
        <>
          <h2>{E.waiting}</h2>
          {table(waiting, E.waiting)}
        </>
      ) : null}
    </Page>
  );
};
