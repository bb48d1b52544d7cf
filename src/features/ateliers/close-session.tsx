// Closing a session: the advisor signs, the feuille d'émargement is produced as a PDF on the tablet
// (its content hashed with SHA-256, printed in its footer), stored as a blob and synced, and the
// session's La Coop activity is created (closeSession).
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';

import { putBlob } from '../../data/blobs';
import { getDb } from '../../data/db';
import { getIdentity } from '../../data/meta';
import { closeSession } from '../../data/workshops';
import { SignatureField, type SignatureHandle } from '../../ui/signature-field';
import { strings } from './strings';
import { sheetDocument, sheetImages, sheetOf } from './sheet-content';
import type { SessionDetails } from './use-workshops';

const R = strings.run;

export const CloseSession = ({ data }: { data: SessionDetails }) => {
  const pad = useRef<SignatureHandle>(null);
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const { session } = data;

  const close = async () => {
    if (pad.current?.isEmpty() !== false) return setError(R.emptySignature);
    setBusy(true);
    setError(undefined);
    try {
      const db = getDb();
      const advisorPng = await pad.current.toPng();
      const advisorSignature = await putBlob(db, advisorPng);
      const signedAt = new Date().toISOString();
      const sheet = sheetOf(data, { advisorName: getIdentity().name ?? '', advisorSignature, signedAt });
      const images = await sheetImages(db, sheet);
      images.set(advisorSignature, advisorPng);
      const { hash, document } = await sheetDocument(data, sheet, images);
      // jsPDF is loaded here only.
      const { buildEmargementPdf } = await import('./emargement-pdf');
      const pdf = await buildEmargementPdf(document, images);
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
