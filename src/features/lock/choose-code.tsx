// After sign-in each account chooses its code: shown above every screen of an open account that has
// none yet (until then the lock asks for the password). Once it is chosen, the tablet's own unlock (a
// passkey with the PRF extension) is offered as a second way where the browser has it (passkey-offer.tsx).
import { lazy, Suspense, useState, type FormEvent } from 'react';

import { chooseCode, hasCode } from '../../data/crypto/lock';
import { CodeInput } from './code-input';
import { strings } from './strings';

// Only once a code is saved, and out of the first route's JavaScript.
const PasskeyOffer = lazy(async () => ({ default: (await import('./passkey-offer')).PasskeyOffer }));

export const ChooseCode = ({ db }: { db: string }) => {
  const [needed, setNeeded] = useState(() => !hasCode(db));
  const [code, setCode] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ code?: string; confirm?: string }>({});
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    if (code !== confirm) {
      setErrors({ confirm: strings.mismatch });
      return;
    }
    const problem = await chooseCode(db, code);
    if (problem) {
      setErrors({ code: problem });
      return;
    }
    setSaved(true);
    setNeeded(false);
  };

  if (saved)
    return (
      <>
        <p className="card" role="status">
          {strings.codeSaved}
        </p>
        <Suspense fallback={null}>
          <PasskeyOffer db={db} />
        </Suspense>
      </>
    );
  if (!needed) return null;
  return (
    <section className="card card--warning lock__choose" aria-labelledby="lock-choose">
      {/* Not a heading: it comes before the screen's own h1. */}
      <p id="lock-choose" className="lock__choose-title">
        {strings.chooseTitle}
      </p>
      <p>{strings.chooseIntro}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <CodeInput
          label={strings.newCode}
          value={code}
          onChange={setCode}
          error={errors.code}
          keypad={false}
        />
        <CodeInput
          label={strings.confirmCode}
          value={confirm}
          onChange={setConfirm}
          error={errors.confirm}
          keypad={false}
        />
        <button type="submit" className="button">
          {strings.saveCode}
        </button>
      </form>
    </section>
  );
};
