// After the code is chosen: where this browser has a platform authenticator with PRF, the offer to
// unlock Sillon with the tablet's own unlock too (src/data/crypto/passkey.ts). Nothing is offered
// elsewhere (the code is always there). Loaded lazily by choose-code.tsx (the first route's budget).
import { useEffect, useState } from 'react';

import { passkeyUnlockAvailable, registerPasskey } from '../../data/crypto/passkey';
import { passkeyMessage } from './passkey-message';
import { strings } from './strings';

export const PasskeyOffer = ({ db }: { db: string }) => {
  const [available, setAvailable] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ text: string; error: boolean; final: boolean }>();
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    let live = true;
    void passkeyUnlockAvailable().then((yes) => live && setAvailable(yes));
    return () => {
      live = false;
    };
  }, []);

  if (!available || dismissed) return null;
  if (done?.final)
    return (
      <p className="card" role={done.error ? 'alert' : 'status'}>
        {done.text}
      </p>
    );
  return (
    <section className="card lock__choose" aria-labelledby="lock-passkey">
      <p id="lock-passkey" className="lock__choose-title">
        {strings.passkey}
      </p>
      <p>{strings.passkeyOfferIntro}</p>
      {done ? <p role={done.error ? 'alert' : 'status'}>{done.text}</p> : null}
      <div className="lock__actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setDone(undefined);
            const result = await registerPasskey(db);
            setBusy(false);
            if (result.ok) setDone({ text: strings.passkeySaved, error: false, final: true });
            else
              setDone({
                text: passkeyMessage(result.problem),
                error: result.problem !== 'cancelled',
                // Without PRF or an authenticator it cannot work on this tablet; otherwise try again.
                final: result.problem === 'no-prf' || result.problem === 'unavailable',
              });
          }}
        >
          {busy ? strings.passkeyWaiting : strings.passkey}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setDismissed(true)}>
          {strings.passkeyLater}
        </button>
      </div>
    </section>
  );
};
