// Pass Numérique (APTIC) received for an individual accompaniment (issue 16): the ones recorded
// against it, and the form that records one — its code typed, or read from its QR code with the
// camera as the equipment labels are; value 10 € by default, the accompaniment's day as received.
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState, type FormEvent } from 'react';

import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import { passesOfActivity, recordPass } from '../../data/passes';
import { WorkshopError } from '../../data/workshops';
import type { Activity } from '../../domain/activity';
import { labelOf } from '../../domain/enums';
import {
  passCodeFromScan,
  passFields,
  PASS_DEFAULT_VALUE,
  PASS_STATUSES,
  type Pass,
  type PassInput,
} from '../../domain/pass-numerique';
import { validate } from '../../domain/validation';
import { Field } from '../../ui/field';
import { DraftNotice, SaveFailure } from '../../ui/form-notices';
import { formatDay, formatEuros } from '../../ui/format';
import { QrCamera } from '../../ui/qr-camera';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm, type FormField } from '../../ui/use-form';
import { strings } from './strings';

const P = strings.pass;

interface PassFormState {
  code: string;
  valeur: string;
  emetteur: string;
  annee: string;
  dateReception: string;
}

const FIELDS: FormField<PassFormState>[] = [
  { name: 'code', keys: ['code'], label: P.code },
  { name: 'valeur', keys: ['valeur'], label: P.valeur },
  { name: 'emetteur', keys: ['emetteur'], label: P.emetteur },
  { name: 'annee', keys: ['annee'], label: P.annee },
  { name: 'dateReception', keys: ['dateReception'], label: P.dateReception },
];

const PassForm = ({ activity }: { activity: Activity }) => {
  const db = getDb();
  const formRef = useRef<HTMLFormElement>(null);
  const [message, setMessage] = useState<string | undefined>();
  const blank = (): PassFormState => ({
    code: '',
    valeur: String(PASS_DEFAULT_VALUE),
    emetteur: '',
    annee: activity.date.slice(0, 4),
    dateReception: activity.date,
  });
  const form = useForm<PassFormState, PassInput, Pass>({
    store: formStore(db),
    draft: {
      id: `pass:activity:${activity.id}`,
      kind: 'pass',
      path: `/activites/${activity.id}`,
      title: () => P.draft(formatDay(activity.date)),
    },
    blank,
    fromRecord: blank,
    check: (s) =>
      validate(passFields, {
        code: s.code,
        valeur: s.valeur.trim() ? Number(s.valeur.replace(',', '.')) : undefined,
        emetteur: s.emetteur,
        annee: Number(s.annee),
        dateReception: s.dateReception,
        activityId: activity.id,
        ...(activity.beneficiaryIds[0] ? { beneficiaryId: activity.beneficiaryIds[0] } : {}),
      }),
    fields: FIELDS,
    save: (value) => recordPass(db, value),
    saveError: (e) => (e instanceof WorkshopError ? { errors: { code: e.message } } : undefined),
  });
  useFocusFirstError(formRef, form.submitCount);
  if (form.status !== 'ready') return null;
  const { state, errors } = form;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const pass = await form.submit();
    if (pass) {
      setMessage(P.saved(pass.code));
      await form.discard();
    }
  };
  const text = (
    key: keyof PassFormState,
    label: string,
    extra: { type?: string; hint?: string; required?: boolean } = {},
  ) => (
    <Field label={label} hint={extra.hint} required={extra.required} error={errors[key]}>
      {(f) => (
        <input
          {...f}
          name={key}
          type={extra.type ?? 'text'}
          autoComplete="off"
          value={state[key]}
          onChange={(e) => form.update(key, e.target.value)}
        />
      )}
    </Field>
  );
  return (
    <form ref={formRef} noValidate aria-labelledby="pass-record" onSubmit={(e) => void submit(e)}>
      <h3 id="pass-record">{P.record}</h3>
      <DraftNotice form={form} />
      <QrCamera
        labels={P.camera}
        onScan={async (read) => {
          const code = passCodeFromScan(read);
          setMessage(code ? P.scanned(code) : P.notAPass);
          if (code) form.update('code', code);
          return code !== undefined;
        }}
      />
      <div className="grid-2">
        {text('code', P.code, { hint: P.codeHint, required: true })}
        {text('valeur', P.valeur, { required: true })}
        {text('emetteur', P.emetteur)}
        {text('annee', P.annee, { type: 'number', required: true })}
        {text('dateReception', P.dateReception, { type: 'date', required: true })}
      </div>
      <SaveFailure message={form.saveError} />
      <button type="submit" className="button" disabled={form.saving}>
        {P.save}
      </button>
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
};

/** The passes of an individual accompaniment and the form to record one. */
export const ActivityPasses = ({ activity }: { activity: Activity }) => {
  const passes = useLiveQuery(() => passesOfActivity(getDb(), activity.id), [activity.id]);
  return (
    <section className="card" aria-labelledby="activity-passes">
      <h2 id="activity-passes">{P.title}</h2>
      {passes?.length ? (
        <ul className="plain-list" aria-label={P.title}>
          {passes.map((p) => (
            <li key={p.id}>{P.item(p.code, formatEuros(p.valeur), labelOf(PASS_STATUSES, p.status))}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{P.none}</p>
      )}
      <PassForm activity={activity} />
    </section>
  );
};
