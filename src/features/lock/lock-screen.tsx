// The lock screen (issue 14). It shows no personal data: the structure's name and « Compte
// verrouillé » — not the advisor's name, since whoever picks the tablet up sees this screen first;
// the names of the tablet's accounts appear only behind « Changer de compte ». No database is opened
// here: the lock reads only its own copies in localStorage (src/data/crypto/lock-store.ts). An account
// with a passkey gets « Déverrouiller avec l'empreinte / le code de la tablette » first: WebAuthn is
// started by that tap, never by the screen itself (some platforms refuse it without a user gesture),
// and whatever it gives, the code stays below.
import { useEffect, useRef, useState, type FormEvent } from 'react';

import { hasCode, hasPasskey, lockStep, unlockWithCode, unlockWithPassword } from '../../data/crypto/lock';
import type * as Passkey from '../../data/crypto/passkey';
import { readRegistry, switchAccount } from '../../data/sync/accounts';
import { ERASE_AFTER_FAILURES, PASSWORD_AFTER_FAILURES, type LockStep } from '../../domain/lock-code';
import { Field } from '../../ui/field';
import { CodeInput } from './code-input';
import { passkeyMessage } from './passkey-message';
import { strings } from './strings';
import './lock.css';

// The passkey's code is out of the first route's JavaScript: fetched when a lock screen with a passkey
// shows, so that the tap finds it loaded (WebAuthn must follow the gesture closely on some platforms).
let passkeyModule: Promise<typeof Passkey> | undefined;
const loadPasskey = (): Promise<typeof Passkey> => (passkeyModule ??= import('../../data/crypto/passkey'));

const ownerOf = (db: string) => Object.entries(readRegistry().owners).find(([, o]) => o.db === db);

const Unlock = ({ db, onUnlocked }: { db: string; onUnlocked: () => void }) => {
  const [step, setStep] = useState<LockStep>(() => lockStep(db));
  const [wantPassword, setWantPassword] = useState(() => !hasCode(db));
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const usePassword = step === 'password' || wantPassword;
  const [passkeyError, setPasskeyError] = useState<string>();
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const withPasskey = hasPasskey(db);

  useEffect(() => {
    (usePassword ? passwordRef : codeRef).current?.focus();
  }, [usePassword, step]);

  useEffect(() => {
    if (withPasskey) void loadPasskey().catch(() => (passkeyModule = undefined));
  }, [withPasskey]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || passkeyBusy) return;
    setBusy(true);
    setError(undefined);
    const result = usePassword ? await unlockWithPassword(db, password) : await unlockWithCode(db, code);
    setBusy(false);
    setCode('');
    setPassword('');
    if (result.ok) {
      onUnlocked();
      return;
    }
    setStep(result.step);
    if (result.step === 'code') setError(strings.wrongCode(PASSWORD_AFTER_FAILURES - result.failures));
    else if (result.step === 'password')
      setError(
        usePassword ? strings.wrongPassword(ERASE_AFTER_FAILURES - result.failures) : strings.passwordStep,
      );
  };

  if (step === 'erased')
    return (
      <div className="card card--warning" role="alert">
        <p>{strings.erased}</p>
        <a className="button button--big" href="/connexion">
          {strings.signInAgain}
        </a>
      </div>
    );

  const passkey = async () => {
    if (busy || passkeyBusy) return;
    setPasskeyBusy(true);
    setPasskeyError(undefined);
    setError(undefined);
    const result: Passkey.PasskeyOutcome = await loadPasskey()
      .then((passkey) => passkey.unlockWithPasskey(db))
      .catch(() => ({ ok: false, problem: 'failed' }));
    setPasskeyBusy(false);
    if (result.ok) {
      onUnlocked();
      return;
    }
    // Not a wrong attempt (nothing counted): the code or the password is right there.
    setStep(lockStep(db));
    setPasskeyError(passkeyMessage(result.problem));
    (usePassword ? passwordRef : codeRef).current?.focus();
  };

  const form = (
    <form className="card lock__form" onSubmit={(e) => void submit(e)} noValidate>
      {withPasskey ? <p>{strings.passkeyOr}</p> : null}
      {usePassword ? (
        <>
          {/* The step's reason, unless the error just said it (announced there). */}
          {error === strings.passwordStep ? null : (
            <p>{step === 'password' ? strings.passwordStep : !hasCode(db) ? strings.noCodeYet : null}</p>
          )}
          <Field label={strings.password} error={error} required>
            {(p) => (
              <input
                {...p}
                ref={passwordRef}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
        </>
      ) : (
        <CodeInput
          label={strings.code}
          hint={strings.codeHint}
          value={code}
          onChange={setCode}
          error={error}
          inputRef={codeRef}
        />
      )}
      <button type="submit" className="button button--big" disabled={busy}>
        {busy ? strings.unlocking : strings.unlock}
      </button>
      {step === 'code' && hasCode(db) ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setError(undefined);
            setWantPassword(!wantPassword);
          }}
        >
          {wantPassword ? strings.useCode : strings.usePassword}
        </button>
      ) : null}
    </form>
  );

  if (!withPasskey) return form;
  return (
    <>
      <div className="lock__passkey">
        <button
          type="button"
          className="button button--big"
          disabled={passkeyBusy}
          onClick={() => void passkey()}
        >
          {passkeyBusy ? strings.passkeyWaiting : strings.passkey}
        </button>
        {passkeyError ? <p role="alert">{passkeyError}</p> : null}
      </div>
      {form}
    </>
  );
};

/** « Changer de compte »: the accounts of this tablet, by name only; choosing one asks for its code. */
const Accounts = ({
  current,
  onChoose,
  onBack,
}: {
  current: string;
  onChoose: (userId: string) => void;
  onBack: () => void;
}) => {
  const owners = Object.entries(readRegistry().owners).filter(([, o]) => o.db !== current);
  return (
    <div className="card">
      <h2>{strings.switchTitle}</h2>
      <p>{strings.switchIntro}</p>
      <ul className="lock__accounts">
        {owners.map(([userId, owner]) => (
          <li key={userId}>
            <button type="button" className="button button--secondary" onClick={() => onChoose(userId)}>
              {owner.name || strings.unnamed}
            </button>
          </li>
        ))}
        <li>
          <a className="button button--secondary" href="/connexion">
            {strings.otherAccount}
          </a>
        </li>
      </ul>
      <button type="button" className="button button--secondary" onClick={onBack}>
        {strings.back}
      </button>
    </div>
  );
};

export const LockScreen = ({ db }: { db: string }) => {
  const [target, setTarget] = useState<string>();
  const [choosing, setChoosing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const targetDb = target ? readRegistry().owners[target]?.db : undefined;
  const shown = targetDb ?? db;
  const structure = ownerOf(shown)?.[1].structureName;

  useEffect(() => {
    document.title = `${strings.locked} · Sillon`;
  }, []);

  return (
    <div className="lock">
      <h1 ref={heading} tabIndex={-1}>
        {strings.locked}
      </h1>
      {structure ? <p className="lock__structure">{structure}</p> : null}
      <p>{strings.lockedIntro}</p>
      {choosing ? (
        <Accounts
          current={shown}
          onBack={() => setChoosing(false)}
          onChoose={(userId) => {
            setTarget(userId);
            setChoosing(false);
          }}
        />
      ) : (
        <>
          <Unlock
            key={shown}
            db={shown}
            onUnlocked={() => {
              // Another account: it becomes the tablet's active one, and the app reopens on its own
              // database (the previous account's stays closed).
              if (target && targetDb !== db) {
                switchAccount(target);
                window.location.assign('/');
              }
            }}
          />
          <button type="button" className="button button--secondary" onClick={() => setChoosing(true)}>
            {strings.switchAccount}
          </button>
        </>
      )}
    </div>
  );
};
