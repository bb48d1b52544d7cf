// A session, run offline: the call (present / absent, signatures), walk-ins identified or anonymous,
// then the advisor's signature closes it. Once closed: its signed sheet and the activity it created.
import { Link, useParams } from 'react-router';

import { getDb } from '../../data/db';
import type { DocModel } from '../../domain/document-model';
import { AccessibleVersion } from '../../ui/accessible-version';
import { setPresence } from '../../data/workshops';
import { formatDateTime, formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import './ateliers.css';
import { AnonymesEditor } from './anonymes-editor';
import { CallList } from './call-list';
import { CloseSession } from './close-session';
import { PersonChooser } from './person-chooser';
import { sheetDocument, sheetImages, sheetOf } from './sheet-content';
import { SheetDownload } from './sheet-download';
import { strings } from './strings';
import { placeOf, useSessionDetails, type SessionDetails } from './use-workshops';

const R = strings.run;

/**
 * The signed sheet's accessible version, built again from the session as the PDF was; its SHA-256
 * says whether anything changed since the signature (a name corrected, a presence synced).
 */
const sheetVersion = async (data: SessionDetails): Promise<DocModel> => {
  const signed = data.session.emargement!;
  const sheet = sheetOf(data, {
    // Closed with no advisor name, the sheet said '' and the session keeps « — ».
    advisorName: signed.advisorName === '—' ? '' : signed.advisorName,
    advisorSignature: signed.advisorSignature,
    signedAt: signed.signedAt,
  });
  const db = getDb();
  const { hash, document } = await sheetDocument(data, sheet, await sheetImages(db, sheet));
  return hash === signed.hash
    ? document
    : {
        ...document,
        blocks: [{ kind: 'paragraph', text: R.changedSince, strong: true }, ...document.blocks],
      };
};

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
            <AccessibleVersion load={() => sheetVersion(data)} />
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
