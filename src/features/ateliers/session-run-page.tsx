// A session, run offline: the call (present / absent, signatures), walk-ins identified or anonymous,
// then the advisor's signature closes it. Once closed: its signed sheet and the activity it created.
import { Link, useParams } from 'react-router';

import { getDb } from '../../data/db';
import { setPresence } from '../../data/workshops';
import { formatDateTime, formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import './ateliers.css';
import { AnonymesEditor } from './anonymes-editor';
import { CallList } from './call-list';
import { CloseSession } from './close-session';
import { PersonChooser } from './person-chooser';
import { SheetDownload } from './sheet-download';
import { strings } from './strings';
import { placeOf, useSessionDetails } from './use-workshops';

const R = strings.run;

export const SessionRunPage = () => {
  const { sessionId } = useParams();
  const data = useSessionDetails(sessionId);
  if (data === undefined)
    return (
      <Page title={R.title} loading>
        <p className="loading">{strings.cycle.loading}</p>
      </Page>
    );
  if (data === null)
    return (
      <Page title={R.title}>
        <p>{R.missing}</p>
      </Page>
    );
  const { session, cycle } = data;
  const closed = Boolean(session.activityId);
  return (
    <Page
      title={`${R.title} · ${cycle.titre}`}
      actions={
        <Link className="button button--secondary" to={`/ateliers/${cycle.id}`}>
          {cycle.titre}
        </Link>
      }
    >
      <p>
        <strong>
          {formatDay(session.date)}, {session.debut}–{session.fin}
        </strong>{' '}
        · {placeOf(session, data.lieux)}
      </p>
      {closed && session.emargement ? (
        <section className="card" aria-labelledby="closed">
          <h2 id="closed">{R.closedTitle}</h2>
          <p>{R.closedAt(formatDateTime(session.emargement.signedAt))}</p>
          <p className="muted sheet-hash">{R.hash(session.emargement.hash)}</p>
          <div className="actions">
            <SheetDownload hash={session.emargement.pdf} fileName={R.pdfName(session.date)} />
            <Link className="button" to={`/activites/${session.activityId}`}>
              {R.activity}
            </Link>
          </div>
        </section>
      ) : null}
      <section className="card" aria-labelledby="expected">
        <h2 id="expected">{R.expected}</h2>
        <CallList data={data} readOnly={closed} />
      </section>
      {!closed ? (
        <section className="card" aria-labelledby="walk-ins">
          <h2 id="walk-ins">{R.walkIns}</h2>
          <PersonChooser
            label={R.walkInLabel}
            action={R.present}
            onChosen={async (id) => {
              await setPresence(getDb(), session.id, id, true, { walkIn: true });
            }}
          />
        </section>
      ) : null}
      <AnonymesEditor
        key={session.id}
        value={session.participantsAnonymes}
        sessionId={session.id}
        readOnly={closed}
      />
      {!closed ? <CloseSession data={data} /> : null}
    </Page>
  );
};
