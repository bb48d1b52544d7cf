// Pass Numérique (APTIC): a pass received at a workshop session recorded against it (code typed or
// read from its QR code with the camera, value 10 € by default), the « Pass à valider » list with
// what stops being accepted soonest, the validated ones waiting for payment, and the month's
// reconciliation for the accountant (XLSX, CSV) — passes of individual accompaniments included.
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState, type FormEvent } from 'react';

import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import { sheetToCsv, sheetsToXlsx, CSV_MIME } from '../../data/export-files';
import { listPasses, movePass, recordPass } from '../../data/passes';
import { listCycles, sessionsOfCycle, WorkshopError } from '../../data/workshops';
import { toDay } from '../../domain/dates';
import {
  daysLeft,
  passesToValidate,
  passFields,
  passReconciliationSheet,
  type Pass,
  type PassInput,
  type PassStatus,
} from '../../domain/pass-numerique';
import { validate } from '../../domain/validation';
import { downloadFile } from '../../ui/download';
import { Field } from '../../ui/field';
import { DraftNotice, SaveFailure } from '../../ui/form-notices';
import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import {
  blankPassCode,
  PassCodeFields,
  passCodeFormFields,
  passCodeInput,
  type PassCodeState,
} from '../../ui/pass-code-fields';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm, type FormField } from '../../ui/use-form';
import './ateliers.css';
import { strings } from './strings';

const P = strings.pass;

interface PassFormState extends PassCodeState {
  sessionId: string;
}
const blank = (): PassFormState => ({ ...blankPassCode(toDay(new Date())), sessionId: '' });
const checkPass = (s: PassFormState) => {
  const result = validate(passFields, {
    ...passCodeInput(s),
    ...(s.sessionId ? { sessionId: s.sessionId } : {}),
  });
  if (result.ok && !s.sessionId) return { ok: false as const, errors: { sessionId: P.sessionNone } };
  return result;
};
const FIELDS: FormField<PassFormState>[] = [
  ...passCodeFormFields<PassFormState>(P),
  { name: 'sessionId', keys: ['sessionId'], label: P.session },
];

const useSessionsLabels = () =>
  useLiveQuery(async () => {
    const db = getDb();
    const out: { id: string; label: string }[] = [];
    for (const c of await listCycles(db))
      for (const s of await sessionsOfCycle(db, c.id))
        out.push({ id: s.id, label: `${c.titre}, ${formatDay(s.date)} ${s.debut}` });
    return out;
  }, []);

const RecordPassForm = ({ sessions }: { sessions: { id: string; label: string }[] }) => {
  const db = getDb();
  const formRef = useRef<HTMLFormElement>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const form = useForm<PassFormState, PassInput, Pass>({
    store: formStore(db),
    draft: { id: 'pass:new', kind: 'pass', path: '/ateliers/pass', title: () => P.draft },
    blank,
    fromRecord: blank,
    check: checkPass,
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
      setSaved(P.saved(pass.code));
      await form.discard();
    }
  };
  return (
    <form
      ref={formRef}
      noValidate
      className="card"
      aria-labelledby="pass-record"
      onSubmit={(e) => void submit(e)}
    >
      <h2 id="pass-record">{P.record}</h2>
      <DraftNotice form={form} />
      <PassCodeFields form={form} labels={P} onMessage={setSaved}>
        <Field label={P.session} required error={errors.sessionId}>
          {(f) => (
            <select
              {...f}
              name="sessionId"
              value={state.sessionId}
              onChange={(e) => form.update('sessionId', e.target.value)}
            >
              <option value="">{P.sessionNone}</option>
              {sessions.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </PassCodeFields>
      <SaveFailure message={form.saveError} />
      <button type="submit" className="button" disabled={form.saving}>
        {P.save}
      </button>
      {saved ? <p role="status">{saved}</p> : null}
    </form>
  );
};

const Actions = ({ pass, moves }: { pass: Pass; moves: [PassStatus, string][] }) => {
  const [error, setError] = useState<string | undefined>();
  return (
    <span className="actions">
      {moves.map(([to, label]) => (
        <button
          key={to}
          type="button"
          className="button button--secondary"
          aria-label={P.actionLabel(label, pass.code)}
          onClick={() => void movePass(getDb(), pass.id, to).catch((e: Error) => setError(e.message))}
        >
          {label}
        </button>
      ))}
      {error ? <span role="alert">{error}</span> : null}
    </span>
  );
};

export const PassPage = () => {
  const sessions = useSessionsLabels();
  const passes = useLiveQuery(() => listPasses(getDb()), []);
  // The day of each accompaniment a pass was received for (« Accompagnement du … »).
  const accompaniments = useLiveQuery(async () => {
    const ids = [...new Set((passes ?? []).flatMap((p) => (p.activityId ? [p.activityId] : [])))];
    const rows = await getDb().activities.bulkGet(ids);
    return new Map(rows.flatMap((a) => (a && !a.deleted ? [[a.id, a.date] as const] : [])));
  }, [passes]);
  const today = toDay(new Date());
  const [month, setMonth] = useState(today.slice(0, 7));
  if (!sessions || !passes)
    return (
      <Page title={P.title} loading>
        <p className="loading">{strings.cycle.loading}</p>
      </Page>
    );
  const waiting = passesToValidate(passes, today);
  const owed = passes.filter((p) => p.status === 'valide');
  const linkOf = (p: Pass) =>
    sessions.find((s) => s.id === p.sessionId)?.label ??
    (p.activityId && accompaniments?.has(p.activityId)
      ? P.accompaniment(formatDay(accompaniments.get(p.activityId)))
      : '');
  const sheet = () => passReconciliationSheet(passes, { month, linkOf });
  return (
    <Page title={P.title}>
      <RecordPassForm sessions={sessions} />
      <section className="card" aria-labelledby="pass-waiting">
        <h2 id="pass-waiting">{P.toValidate}</h2>
        {waiting.length === 0 ? <p className="muted">{P.none}</p> : null}
        <ul className="call-list" aria-label={P.toValidate}>
          {waiting.map((p) => (
            <li key={p.id} className="call-list__row card">
              <span>
                <strong>{p.code}</strong> · {p.valeur} € · {formatDay(p.dateReception)} ·{' '}
                {daysLeft(p.annee, today) <= 31 ? (
                  <strong>{P.daysLeft(daysLeft(p.annee, today))}</strong>
                ) : (
                  P.daysLeft(daysLeft(p.annee, today))
                )}
                {linkOf(p) ? ` · ${linkOf(p)}` : ''}
              </span>
              <Actions
                pass={p}
                moves={[
                  ['valide', P.validate],
                  ['refuse', P.refuse],
                ]}
              />
            </li>
          ))}
        </ul>
        {owed.length ? (
          <>
            <h3>{P.owed}</h3>
            <ul className="call-list" aria-label={P.owed}>
              {owed.map((p) => (
                <li key={p.id} className="call-list__row card">
                  <span>
                    <strong>{p.code}</strong> · {p.valeur} €
                  </span>
                  <Actions pass={p} moves={[['paye', P.pay]]} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card" aria-labelledby="pass-export">
        <h2 id="pass-export">{P.export}</h2>
        <Field format="month" label={P.month}>
          {(f) => (
            <input
              {...f}
              type="month"
              name="month"
              autoComplete="off"
              value={month}
              onChange={(e) => setMonth(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() =>
              void sheetsToXlsx([sheet()]).then((blob) =>
                downloadFile({ blob, fileName: P.fileName(month, 'xlsx') }),
              )
            }
          >
            {P.xlsx}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() =>
              downloadFile({
                blob: new Blob([sheetToCsv(sheet())], { type: CSV_MIME }),
                fileName: P.fileName(month, 'csv'),
              })
            }
          >
            {P.csv}
          </button>
        </div>
      </section>
    </Page>
  );
};
