// The 6-digit entry of the lock: a labelled field the tablet's own keyboard or a physical one types
// into, and an on-screen keypad of 44 px (and more) targets for touch. Digits only.
import { useId, type RefObject } from 'react';

import { LOCK_CODE_LENGTH } from '../../domain/lock-code';
import { strings } from './strings';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

export const CodeInput = ({
  label,
  value,
  onChange,
  error,
  hint,
  inputRef,
  keypad = true,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  keypad?: boolean;
}) => {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const set = (next: string) => onChange(next.replace(/\D/g, '').slice(0, LOCK_CODE_LENGTH));
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        ref={inputRef}
        className="lock__code"
        type="password"
        inputMode="numeric"
        pattern="[0-9]*"
        autoComplete="off"
        maxLength={LOCK_CODE_LENGTH}
        value={value}
        aria-invalid={Boolean(error)}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        onChange={(e) => set(e.target.value)}
      />
      {error ? (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
      {keypad ? (
        <div className="keypad" role="group" aria-label={strings.keypad}>
          {DIGITS.map((digit) => (
            <button
              key={digit}
              type="button"
              className={`keypad__key${digit === '0' ? ' keypad__key--zero' : ''}`}
              onClick={() => set(value + digit)}
            >
              {digit}
            </button>
          ))}
          <button
            type="button"
            className="keypad__key"
            aria-label={strings.backspace}
            onClick={() => set(value.slice(0, -1))}
          >
            <span aria-hidden="true">⌫</span>
          </button>
        </div>
      ) : null}
    </div>
  );
};
