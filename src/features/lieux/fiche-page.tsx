import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';

import { getActivity } from '../../data/activities';
import { getAnnuaireLieu } from '../../data/annuaire';
import { getBeneficiary } from '../../data/beneficiaries';
import { getDb } from '../../data/db';
import { getIdentity } from '../../data/meta';
import { ficheContent, ficheDocument, ficheMessage } from '../../domain/fiche-orientation';
import { AccessibleVersion } from '../../ui/accessible-version';
import { downloadFile } from '../../ui/download';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { strings } from './strings';
import './lieux.css';

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/**
 * The fiche d'orientation of a lieu, offline: what to bring (typed here), then a PDF to print or
 * share, its accessible HTML version, and a message for the share sheet or the clipboard. From a
 * session (`?activite=`), it names the beneficiary.
 */
export const FichePage = () => {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const db = getDb();
  const lieu = useLiveQuery(async () => (await getAnnuaireLieu(db, id)) ?? null, [db, id]);
  const activityId = params.get('activite');
  const beneficiaire = useLiveQuery(async () => {
    if (!activityId) return null;
    const activity = await getActivity(db, activityId);
    const person = activity?.beneficiaryIds[0]
      ? await getBeneficiary(db, activity.beneficiaryIds[0])
      : undefined;
    return person?.prenom || null;
  }, [db, activityId]);
  const [aApporter, setAApporter] = useState('');
  const [notice, setNotice] = useState('');
  const [from] = useState(() => new Date());
  const fiche = useMemo(
    () =>
      lieu
        ? ficheContent({
            lieu,
            aApporter,
            from,
            ...(getIdentity().name ? { advisorName: getIdentity().name! } : {}),
            ...(beneficiaire ? { beneficiaire } : {}),
          })
        : undefined,
    [lieu, aApporter, from, beneficiaire],
  );
  const [qr, setQr] = useState<string>();
  const qrText = fiche?.qr;
  // Encoded when the link changes, not on every keystroke in « À apporter ».
  useEffect(() => {
    if (qrText === undefined) return;
    let live = true;
    void import('qrcode').then((QRCode) =>
      QRCode.toDataURL(qrText, { errorCorrectionLevel: 'M', margin: 1, width: 256 }).then(
        (url) => live && setQr(url),
      ),
    );
    return () => {
      live = false;
    };
  }, [qrText]);

  if (lieu === undefined) return <p className="loading">{strings.loading}</p>;
  if (lieu === null || !fiche)
    return (
      <Page title={strings.fiche.title}>
        <p>{strings.lieu.notFound}</p>
        <Link to="/annuaire">{strings.lieu.back}</Link>
      </Page>
    );
  const message = ficheMessage(fiche);
  const canShare = typeof navigator.share === 'function';

  return (
    <Page title={strings.fiche.title}>
      <p className="muted">{strings.fiche.intro}</p>
      <section className="card">
        <Field label={strings.fiche.aApporter} hint={strings.fiche.aApporterHint}>
          {(f) => (
            <textarea
              autoComplete="off"
              {...f}
              rows={2}
              maxLength={500}
              value={aApporter}
              onChange={(e) => setAApporter(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() =>
              void import('./fiche-pdf')
                .then(({ fichePdf }) => fichePdf(ficheDocument(fiche)))
                .then((blob) => downloadFile({ blob, fileName: `fiche-orientation-${slug(lieu.nom)}.pdf` }))
            }
          >
            {strings.fiche.pdf}
          </button>
          <AccessibleVersion load={() => ficheDocument(fiche)} />
          {canShare ? (
            <button
              type="button"
              className="button button--secondary"
              onClick={() =>
                void navigator
                  .share({ title: fiche.title, text: message })
                  .catch(() => setNotice(strings.fiche.shareFailed))
              }
            >
              {strings.fiche.share}
            </button>
          ) : null}
          <button
            type="button"
            className="button button--secondary"
            onClick={() =>
              void navigator.clipboard
                .writeText(message)
                .then(() => setNotice(strings.fiche.copied))
                .catch(() => setNotice(strings.fiche.shareFailed))
            }
          >
            {strings.fiche.copy}
          </button>
        </div>
        {notice ? (
          <p role="status" className="muted">
            {notice}
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="fiche-message">
        <h2 id="fiche-message">{strings.fiche.message}</h2>
        <div className="lieu-grid">
          <pre className="fiche-message" data-testid="fiche-message">
            {message}
          </pre>
          {qr ? <img className="fiche-qr" src={qr} alt={strings.fiche.qr} /> : null}
        </div>
      </section>
      <p>
        <Link to={`/annuaire/${lieu.id}`}>{lieu.nom}</Link>
      </p>
    </Page>
  );
};
