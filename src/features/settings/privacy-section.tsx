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
import { getDb, type SillonDB } from '../../data/db';
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

/**
 * A whole number the structure sets, between `min` and `max`: typed, checked, saved, with what
 * happened said next to it (the agreements' retention, the lock's idle time).
 */
const NumberSetting = ({
  read,
  write,
  fallback,
  min,
  max,
  labels,
}: {
  read: (db: SillonDB) => Promise<number | undefined>;
  write: (db: SillonDB, value: number) => Promise<void>;
  /** Shown when nothing is stored yet. */
  fallback?: number;
  min: number;
  max: number;
  labels: { label: string; hint: string; invalid: string; saved: string; save: string };
}) => {
  const db = getDb();
  const stored = useLiveQuery(async () => (await read(db)) ?? fallback, [db]);
  const [typed, setTyped] = useState<string>();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  if (stored === undefined) return null;
  const value = typed ?? String(stored);
  const save = async () => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
      setMessage({ text: labels.invalid, error: true });
      return;
    }
    try {
      await write(db, n);
      setTyped(undefined);
      setMessage({ text: labels.saved, error: false });
    } catch (error) {
      setMessage({
        text: `${s.failed} ${error instanceof Error ? error.message : String(error)}`,
        error: true,
      });
    }
  };
  return (
    <>
      <Field label={labels.label} hint={labels.hint}>
        {(f) => (
          <input
            {...f}
            type="number"
            min={min}
            max={max}
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
        {labels.save}
      </button>
      {message ? <p role={message.error ? 'alert' : 'status'}>{message.text}</p> : null}
    </>
  );
};

const AgreementMonths = () => (
  <NumberSetting
    read={getAgreementMonths}
    write={saveAgreementMonths}
    min={0}
    max={AGREEMENT_MONTHS_MAX}
    labels={{
      label: s.agreementsLabel,
      hint: s.agreementsHint,
      invalid: s.agreementsInvalid(AGREEMENT_MONTHS_MAX),
      saved: s.agreementsSaved,
      save: s.agreementsSave,
    }}
  />
);

/** The structure's idle time before the tablets lock (issue 14). */
const LockIdle = () => (
  <NumberSetting
    read={getLockIdleMinutes}
    write={saveLockIdleMinutes}
    fallback={DEFAULT_LOCK_IDLE_MINUTES}
    min={MIN_LOCK_IDLE_MINUTES}
    max={MAX_LOCK_IDLE_MINUTES}
    labels={{
      label: s.lockLabel,
      hint: s.lockHint(MIN_LOCK_IDLE_MINUTES, MAX_LOCK_IDLE_MINUTES),
      invalid: s.lockInvalid(MIN_LOCK_IDLE_MINUTES, MAX_LOCK_IDLE_MINUTES),
      saved: s.lockSaved,
      save: s.lockSave,
    }}
  />
);

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
