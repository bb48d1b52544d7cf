import { useId, type ReactNode } from 'react';

/**
 * How a date, time or month field is typed, said in words next to it (RGAA 11.10, issue 17):
 * Chromium draws and names the parts of such a field in its own interface language, not the page's
 * (`lang` does not change it), so a browser left in English shows « mm/dd/yyyy » and a screen reader
 * hears « Month, Day, Year ». The hint gives the French order whatever the browser says.
 */
export const FORMAT_HINTS = {
  date: 'Format : jj/mm/aaaa',
  time: 'Format : hh:mm (24 h)',
  month: 'Format : mm/aaaa',
} as const;

export type FieldFormat = keyof typeof FORMAT_HINTS;

export interface FieldProps {
  label: string;
  /** French error message shown next to the field. */
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  /** A date, time or month field: its format is said in the hint, and the control is marked French. */
  format?: FieldFormat | undefined;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
    lang?: 'fr';
  }) => ReactNode;
}

/** A labelled form control with its hint and its error, wired for screen readers. */
export const Field = ({ label, error, hint, required, format, children }: FieldProps) => {
  const id = useId();
  const formatHint = format ? FORMAT_HINTS[format] : undefined;
  const hintId = hint || formatHint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint || formatHint ? (
        <p className="field__hint" id={hintId}>
          {formatHint}
          {formatHint && hint ? '. ' : null}
          {hint}
        </p>
      ) : null}
      {children({
        id,
        'aria-invalid': Boolean(error),
        'aria-describedby': describedBy,
        ...(format ? { lang: 'fr' as const } : {}),
      })}
      {error ? (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
};
