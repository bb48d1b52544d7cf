// Closing a session: the advisor signs, the feuille d'émargement is produced as a PDF on the tablet
// (its content hashed with SHA-256, printed in its footer), stored as a blob and synced, and the
// session's La Coop activity is created (closeSession).
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';

import { getBlob, putBlob } from '../../data/blobs';
import { getDb } from '../../data/db';
import { getIdentity } from '../../data/meta';
import { closeSession } from '../../data/workshops';
import { displayName } from '../../domain/beneficiary';
import { halfDaysOf, sheetHash, signatureFor, type SheetContent } from '../../domain/workshops';
import { formatDateTime, formatDay } from '../../ui/format';
import { SignatureField, type SignatureHandle } from '../../ui/signature-field';
import { callListOf } from './call-list';
import { strings } from './strings';
import { placeOf, type SessionDetails } from './use-workshops';

const R = strings.run;

export const CloseSession = ({ data }: { data: SessionDetails }) => {
  const pad = useRef<SignatureHandle>(null);
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const { session, cycle } = data;

  const close = async () => {
    if (pad.current?.isEmpty() !== false) return setError(R.emptySignature);
    setBusy(true);
    setError(undefined);
    try {
      const db = getDb();
      const advisorPng = await pad.current.toPng();
      const advisorSignature = await putBlob(db, advisorPng);
      const halfDays = halfDaysOf(session.debut, session.fin);
      const present = callListOf(data)
        .filter((r) => r.attendance?.present)
        .map((r) => ({
          name: r.person ? displayName(r.person) : '?',
          signature: signatureFor(r.attendance, halfDays[0]!, halfDays),
          ...(halfDays.length > 1
            ? { signatureApresMidi: signatureFor(r.attendance, 'apres_midi', halfDays) }
            : {}),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
      const signedAt = new Date().toISOString();
      const sheet: SheetContent = {
        titre: cycle.titre,
        date: session.date,
        debut: session.debut,
        fin: session.fin,
        lieu: placeOf(session, data.lieux),
        advisorName: getIdentity().name ?? '',
        advisorSignature,
        participants: present,
        anonymes: session.participantsAnonymes?.total ?? 0,
        signedAt,
        halfDays,
      };
      const hash = await sheetHash(sheet);
      const images = new Map<string, Blob>([[advisorSignature, advisorPng]]);
      for (const p of present)
        for (const hash of [p.signature, p.signatureApresMidi])
          if (hash) {
            const blob = await getBlob(db, hash);
            if (blob) images.set(hash, blob.data);
          }
      // jsPDF is loaded here only.
      const { buildEmargementPdf } = await import('./emargement-pdf');
      const pdf = await buildEmargementPdf({
        cycleTitle: cycle.titre,
        sheet,
        dateLabel: formatDay(session.date),
        signedAtLabel: formatDateTime(signedAt),
        halfDays,
        hash,
        images,
      });
      const pdfHash = await putBlob(db, pdf);
      await closeSession(db, session.id, {
        pdf: pdfHash,
        advisorSignature,
        advisorName: sheet.advisorName || '—',
        signedAt,
        hash,
      });
      navigate(`/ateliers/session/${session.id}`, { replace: true });
    } catch (e) {
      console.error(e);
      setError(e instanceof Error && e.name === 'WorkshopError' ? e.message : R.closeFailed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="close-session">
      <h2 id="close-session">{R.close}</h2>
      <p>{R.closeIntro}</p>
      <SignatureField
        ref={pad}
        label={R.advisor}
        error={undefined}
        onChange={(empty) => !empty && setError(undefined)}
      />
      {error ? (
        <p className="card card--danger" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-footer actions">
        <button type="button" className="button button--big" disabled={busy} onClick={() => void close()}>
          {busy ? R.producing : R.close}
        </button>
      </div>
    </section>
  );
};
