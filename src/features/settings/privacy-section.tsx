// « Données personnelles (RGPD) », a coordinateur's: the fiches the server will anonymise within 30
// days, each with « Conserver » (an update: her year starts again), and how long a returned loan's
// signed agreement is kept (src/domain/anonymisation.ts).
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router';

import {
  getAgreementMonths,
  keepBeneficiary,
  listDueForAnonymisation,
  saveAgreementMonths,
} from '../../data/anonymisation';
import { getDb } from '../../data/db';
import { canEditAgreementTemplate } from '../../data/loans';
import { AGREEMENT_MONTHS_MAX } from '../../domain/anonymisation';
import { displayName } from '../../domain/beneficiary';
import { toDay } from '../../domain/dates';
import { Field } from '../../ui/field';
import { formatDay } from '../../ui/format';
import { strings } from './strings';

const s = strings.privacy;

const AgreementMonths = () => {
  const db = getDb();
  const stored = useLiveQuery(() => getAgreementMonths(db), [db]);
  const [typed, setTyped] = useState<string>();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  if (stored === undefined) return null;
  const value = typed ?? String(stored);
  const save = async () => {
    const months = Number(value);
    if (!/^\d+$/.test(value.trim()) || months > AGREEMENT_MONTHS_MAX) {
      setMessage({ text: s.agreementsInvalid(AGREEMENT_MONTHS_MAX), error: true });
      return;
    }
    try {
      await saveAgreementMonths(db, months);
      setTyped(undefined);
      setMessage({ text: s.agreementsSaved, error: false });
    } catch (error) {
      setMessage({
        text: `${s.failed} ${error instanceof Error ? error.message : String(error)}`,
        error: true,
      });
    }
  };
  return (
    <>
      <Field label={s.agreementsLabel} hint={s.agreementsHint}>
        {(f) => (
          <input
            {...f}
            type="number"
            min={0}
            max={AGREEMENT_MONTHS_MAX}
            inputMode="numeric"
            value={value}
            onChange={(e) => {
              setTyped(e.target.value);
              setMessage(undefined);
            }}
          />
        )}
      </Field>
      <button type="button" className="button button--secondary" onClick={() => void save()}>
        {s.agreementsSave}
      </button>
      {message ? <p role={message.error ? 'alert' : 'status'}>{message.text}</p> : null}
    </>
  );
};

const DueList = () => {
  const db = getDb();
  const due = useLiveQuery(() => listDueForAnonymisation(db), [db]);
  const [kept, setKept] = useState<string>();
  if (due === undefined) return null;
  return (
    <>
      <h3>{s.dueTitle}</h3>
      {kept ? <p role="status">{kept}</p> : null}
      {due.length === 0 ? (
        <p className="muted">{s.none}</p>
      ) : (
        <ul className="list" aria-label={s.dueTitle}>
          {due.map(({ beneficiary: b, due: at }) => (
            <li key={b.id} className="list__item">
              <span>
                <Link to={`/beneficiaires/${b.id}`}>{displayName(b)}</Link>{' '}
                <span className="muted">{s.due(formatDay(toDay(at)))}</span>
              </span>
              <button
                type="button"
                className="button button--secondary"
                aria-label={s.keepLabel(displayName(b))}
                onClick={async () => {
                  await keepBeneficiary(db, b.id);
                  setKept(s.kept(displayName(b)));
                }}
              >
                {s.keep}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
};

export const PrivacySection = () => (
  <section className="card" aria-labelledby="privacy">
    <h2 id="privacy">{s.title}</h2>
    <p>{s.intro}</p>
    <p>
      <Link to="/parametres/information">{s.notice}</Link>
    </p>
    <DueList />
    <AgreementMonths />
  </section>
);

/** Shown to a coordinateur only (the structure's settings are hers). */
export const MaybePrivacySection = () => (canEditAgreementTemplate() ? <PrivacySection /> : null);
