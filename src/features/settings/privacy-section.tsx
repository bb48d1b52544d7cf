// « Données personnelles (RGPD) », a coordinateur's: the fiches the server will anonymise within 30
// days, each with « Conserver » (an update: her year starts again), and how long a returned loan's
// signed agreement is kept (src/domain/anonymisation.ts).
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router';

import {
  getAgreementMonths,
  getLockIdleMinutes,
  keepBeneficiary,
  listDueForAnonymisation,
  saveAgreementMonths,
  saveLockIdleMinutes,
} from '../../data/anonymisation';
import { getDb } from '../../data/db';
import { canEditAgreementTemplate } from '../../data/loans';
import { AGREEMENT_MONTHS_MAX } from '../../domain/anonymisation';
import { displayName } from '../../domain/beneficiary';
import {
  DEFAULT_LOCK_IDLE_MINUTES,
  MAX_LOCK_IDLE_MINUTES,
  MIN_LOCK_IDLE_MINUTES,
} from '../../domain/lock-timing';
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

/** The structure's idle time before the tablets lock (issue 14). */
const LockIdle = () => {
  const db = getDb();
  const stored = useLiveQuery(async () => (await getLockIdleMinutes(db)) ?? DEFAULT_LOCK_IDLE_MINUTES, [db]);
  const [typed, setTyped] = useState<string>();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  if (stored === undefined) return null;
  const value = typed ?? String(stored);
  const save = async () => {
    const minutes = Number(value);
    if (!/^\d+$/.test(value.trim()) || minutes < MIN_LOCK_IDLE_MINUTES || minutes > MAX_LOCK_IDLE_MINUTES) {
      setMessage({ text: s.lockInvalid(MIN_LOCK_IDLE_MINUTES, MAX_LOCK_IDLE_MINUTES), error: true });
      return;
    }
    try {
      await saveLockIdleMinutes(db, minutes);
      setTyped(undefined);
      setMessage({ text: s.lockSaved, error: false });
    } catch (error) {
      setMessage({
        text: `${s.failed} ${error instanceof Error ? error.message : String(error)}`,
        error: true,
      });
    }
  };
  return (
    <>
      <Field label={s.lockLabel} hint={s.lockHint(MIN_LOCK_IDLE_MINUTES, MAX_LOCK_IDLE_MINUTES)}>
        {(f) => (
          <input
            {...f}
            type="number"
            min={MIN_LOCK_IDLE_MINUTES}
            max={MAX_LOCK_IDLE_MINUTES}
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
        {s.lockSave}
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
    <LockIdle />
  </section>
);

/** Shown to a coordinateur only (the structure's settings are hers). */
export const MaybePrivacySection = () => (canEditAgreementTemplate() ? <PrivacySection /> : null);
