// « Déverrouillage de la tablette », every account's (issue 14): register the tablet's own unlock (a
// passkey with WebAuthn's PRF extension, src/data/crypto/passkey.ts) for this account, or remove it
// (its wrapped copy of the keys is deleted; the code and the password stay).
import { useEffect, useState } from 'react';

import { hasPasskey, lockStep } from '../../data/crypto/lock';
import { passkeyUnlockAvailable, registerPasskey, removePasskey } from '../../data/crypto/passkey';
import { activeDatabaseName } from '../../data/sync/accounts';
import { strings } from './strings';

const s = strings.passkey;

export const PasskeySection = ({ db = activeDatabaseName() }: { db?: string }) => {
  const [available, setAvailable] = useState<boolean>();
  const [registered, setRegistered] = useState(() => hasPasskey(db));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();

  useEffect(() => {
    let live = true;
    void passkeyUnlockAvailable().then((yes) => live && setAvailable(yes));
    return () => {
      live = false;
    };
  }, []);

  // An account that has no lock (not signed in): nothing to unlock.
  if (lockStep(db) === 'erased' || available === undefined) return null;

  const register = async () => {
    setBusy(true);
    setMessage(undefined);
    const result = await registerPasskey(db);
    setBusy(false);
    setRegistered(hasPasskey(db));
    if (result.ok) setMessage({ text: s.saved, error: false });
    else
      setMessage({
        text:
          result.problem === 'no-prf'
            ? s.noPrf
            : result.problem === 'cancelled'
              ? s.cancelled
              : result.problem === 'unavailable'
                ? s.unavailable
                : s.failed,
        error: result.problem !== 'cancelled',
      });
  };

  const remove = async () => {
    await removePasskey(db);
    setRegistered(false);
    setMessage({ text: s.removed, error: false });
  };

  return (
    <section className="card" aria-labelledby="passkey">
      <h2 id="passkey">{s.title}</h2>
      <p>{s.intro}</p>
      {registered ? (
        <>
          <p>{s.on}</p>
          <button type="button" className="button button--secondary" onClick={() => void remove()}>
            {s.remove}
          </button>
        </>
      ) : available ? (
        <button type="button" className="button" disabled={busy} onClick={() => void register()}>
          {busy ? s.waiting : s.add}
        </button>
      ) : (
        <p className="muted">{s.unavailable}</p>
      )}
      {message ? <p role={message.error ? 'alert' : 'status'}>{message.text}</p> : null}
    </section>
  );
};
