import type { ReactNode } from 'react';

import type { Choice } from '../domain/enums';

interface BaseProps<V extends string> {
  legend: string;
  choices: readonly Choice<V>[];
  error?: string | undefined;
  required?: boolean;
  name: string;
  hint?: string;
}

/** The frame of a group of chips: legend (with « * » when required), hint, the chips, the error. */
export const ChoiceFieldset = ({
  legend,
  required,
  hint,
  error,
  children,
}: {
  legend: string;
  required?: boolean | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
}) => (
  <fieldset className={`choices${error ? ' field--error' : ''}`} aria-invalid={error ? true : undefined}>
    <legend>
      {legend}
      {required ? <span aria-hidden="true"> *</span> : null}
    </legend>
    {hint ? <p className="field__hint">{hint}</p> : null}
    <div className="choices__list">{children}</div>
    {error ? (
      <p className="field__error" role="alert">
        {error}
      </p>
    ) : null}
  </fieldset>
);

/** Large touch-friendly radio buttons (one value). */
export const RadioGroup = <V extends string>({
  legend,
  choices,
  error,
  required,
  name,
  hint,
  value,
  onChange,
}: BaseProps<V> & { value: V | undefined; onChange: (value: V) => void }) => (
  <ChoiceFieldset legend={legend} required={required} hint={hint} error={error}>
    {choices.map((c) => (
      <label key={c.value} className="chip" title={c.hint}>
        <input
          type="radio"
          name={name}
          value={c.value}
          checked={value === c.value}
          onChange={() => onChange(c.value)}
        />
        <span>{c.label}</span>
      </label>
    ))}
  </ChoiceFieldset>
);

/** Large touch-friendly check boxes (several values). */
export const CheckboxGroup = <V extends string>({
  legend,
  choices,
  error,
  required,
  name,
  hint,
  value,
  onChange,
}: BaseProps<V> & { value: readonly V[]; onChange: (value: V[]) => void }) => (
  <ChoiceFieldset legend={legend} required={required} hint={hint} error={error}>
    {choices.map((c) => (
      <label key={c.value} className="chip" title={c.hint}>
        <input
          type="checkbox"
          name={name}
          value={c.value}
          checked={value.includes(c.value)}
          onChange={(e) =>
            onChange(e.target.checked ? [...value, c.value] : value.filter((v) => v !== c.value))
          }
        />
        <span>{c.label}</span>
      </label>
    ))}
  </ChoiceFieldset>
);
