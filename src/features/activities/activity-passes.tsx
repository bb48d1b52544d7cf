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
import { passFields, PASS_STATUSES, type Pass, type PassInput } from '../../domain/pass-numerique';
import { validate } from '../../domain/validation';
import { DraftNotice, SaveFailure } from '../../ui/form-notices';
import { formatDay, formatEuros } from '../../ui/format';
import {
  blankPassCode,
  PassCodeFields,
  passCodeFormFields,
  passCodeInput,
  type PassCodeState,
} from '../../ui/pass-code-fields';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm } from '../../ui/use-form';
import { strings } from './strings';

const P = strings.pass;

type PassFormState = PassCodeState;
const FIELDS = passCodeFormFields<PassFormState>(P);

const PassForm = ({ activity }: { activity: Activity }) => {
  const db = getDb();
  const formRef = useRef<HTMLFormElement>(null);
  const [message, setMessage] = useState<string | undefined>();
  const blank = (): PassFormState => blankPassCode(activity.date);
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
        ...passCodeInput(s),
        activityId: activity.id,
        ...(activity.beneficiaryIds[0] ? { beneficiaryId: activity.beneficiaryIds[0] } : {}),
      }),
    fields: FIELDS,
    save: (value) => recordPass(db, value),
    saveError: (e) => (e instanceof WorkshopError ? { errors: { code: e.message } } : undefined),
  });
  useFocusFirstError(formRef, form.submitCount);
  if (form.status !== 'ready') return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const pass = await form.submit();
    if (pass) {
      setMessage(P.saved(pass.code));
      await form.discard();
    }
  };
  return (
    <form ref={formRef} noValidate aria-labelledby="pass-record" onSubmit={(e) => void submit(e)}>
      <h3 id="pass-record">{P.record}</h3>
      <DraftNotice form={form} />
      <PassCodeFields form={form} labels={P} onMessage={setMessage} />
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
