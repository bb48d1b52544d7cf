// What every form that records a Pass Numérique asks (issue 16): its code, typed or read from its
// QR code with the camera, its value, issuer, year and day received. The Pass page (a workshop
// session's pass) and an individual accompaniment's page each add what they record it against.
import type { ReactNode } from 'react';

import { passCodeFromScan, PASS_DEFAULT_VALUE } from '../domain/pass-numerique';
import { Field } from './field';
import { QrCamera, type QrCameraLabels } from './qr-camera';
import type { FormField, FormModel } from './use-form';

/** The fields every pass form holds, as typed. */
export interface PassCodeState {
  code: string;
  valeur: string;
  emetteur: string;
  annee: string;
  dateReception: string;
}

export interface PassCodeLabels {
  code: string;
  codeHint: string;
  valeur: string;
  emetteur: string;
  annee: string;
  dateReception: string;
  notAPass: string;
  scanned: (code: string) => string;
  camera: QrCameraLabels;
}

/** A blank pass received on `day` (its year the pass's year, 10 € by default). */
export const blankPassCode = (day: string): PassCodeState => ({
  code: '',
  valeur: String(PASS_DEFAULT_VALUE),
  emetteur: '',
  annee: day.slice(0, 4),
  dateReception: day,
});

/** The form model's fields for those five (their labels in the review of a resumed draft). */
export const passCodeFormFields = <S extends PassCodeState>(labels: PassCodeLabels): FormField<S>[] => [
  { name: 'code', keys: ['code'], label: labels.code },
  { name: 'valeur', keys: ['valeur'], label: labels.valeur },
  { name: 'emetteur', keys: ['emetteur'], label: labels.emetteur },
  { name: 'annee', keys: ['annee'], label: labels.annee },
  { name: 'dateReception', keys: ['dateReception'], label: labels.dateReception },
];

/** Those five as the pass's schema reads them (a value typed « 10,5 » is 10.5). */
export const passCodeInput = (s: PassCodeState) => ({
  code: s.code,
  valeur: s.valeur.trim() ? Number(s.valeur.replace(',', '.')) : undefined,
  emetteur: s.emetteur,
  annee: Number(s.annee),
  dateReception: s.dateReception,
});

/** The camera, then the five fields and whatever the form adds (`children`), in a two-column grid. */
export const PassCodeFields = <S extends PassCodeState, R>({
  form,
  labels,
  onMessage,
  children,
}: {
  form: FormModel<S, R>;
  labels: PassCodeLabels;
  /** What the camera read (or that it read no pass), for the form's status line. */
  onMessage: (message: string) => void;
  children?: ReactNode;
}) => {
  const text = (
    key: keyof PassCodeState,
    label: string,
    extra: { type?: string; hint?: string; required?: boolean } = {},
  ) => (
    <Field
      label={label}
      hint={extra.hint}
      required={extra.required}
      error={form.errors[key]}
      format={extra.type === 'date' ? 'date' : undefined}
    >
      {(f) => (
        <input
          {...f}
          name={key}
          type={extra.type ?? 'text'}
          autoComplete="off"
          value={form.state[key]}
          onChange={(e) => form.update(key, e.target.value as S[typeof key])}
        />
      )}
    </Field>
  );
  return (
    <>
      <QrCamera
        labels={labels.camera}
        onScan={async (read) => {
          const code = passCodeFromScan(read);
          onMessage(code ? labels.scanned(code) : labels.notAPass);
          if (code) form.update('code', code as S['code']);
          return code !== undefined;
        }}
      />
      <div className="grid-2">
        {text('code', labels.code, { hint: labels.codeHint, required: true })}
        {text('valeur', labels.valeur, { required: true })}
        {text('emetteur', labels.emetteur)}
        {text('annee', labels.annee, { type: 'number', required: true })}
        {text('dateReception', labels.dateReception, { type: 'date', required: true })}
        {children}
      </div>
    </>
  );
};
