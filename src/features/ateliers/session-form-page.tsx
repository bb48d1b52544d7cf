// Adds, moves, re-places or cancels a session of a cycle on the one form model: date, start and
// end, a lieu d'activité or a commune (an itinerant stop), places, the advisors leading it.
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';

import { searchCommunes } from '../../data/communes';
import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import { listLieux } from '../../data/lieux';
import { getIdentity } from '../../data/meta';
import { memberNames } from '../../data/sync/members';
import { createSession, getCycle, getSession, sessionFieldsOf, updateSession } from '../../data/workshops';
import type { CommuneRef } from '../../domain/beneficiary';
import { validate } from '../../domain/validation';
import { sessionInputSchema, type CycleSession, type SessionInput } from '../../domain/workshops';
import { CheckboxGroup } from '../../ui/choice-group';
import { CommuneInput, communeLabel } from '../../ui/commune-input';
import { Field } from '../../ui/field';
import { ChangedMeanwhile, DraftNotice, SaveFailure } from '../../ui/form-notices';
import { Page } from '../../ui/page';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm, type FormField } from '../../ui/use-form';
import { strings } from './strings';

export interface SessionFormState {
  date: string;
  debut: string;
  fin: string;
  lieuId: string;
  commune: CommuneRef | undefined;
  lieuPrecision: string;
  capacite: string;
  conseillerIds: string[];
  annulee: boolean;
}

const blank = (): SessionFormState => ({
  date: '',
  debut: '14:00',
  fin: '16:00',
  lieuId: '',
  commune: undefined,
  lieuPrecision: '',
  capacite: '',
  conseillerIds: getIdentity().userId ? [getIdentity().userId!] : [],
  annulee: false,
});
const fromSession = (s: CycleSession): SessionFormState => ({
  date: s.date ?? '',
  debut: s.debut ?? '',
  fin: s.fin ?? '',
  lieuId: s.lieuId ?? '',
  commune: s.commune,
  lieuPrecision: s.lieuPrecision ?? '',
  capacite: s.capacite === undefined ? '' : String(s.capacite),
  conseillerIds: [...(s.conseillerIds ?? [])],
  annulee: s.annulee ?? false,
});
export const checkSessionForm = (s: SessionFormState) =>
  validate(sessionInputSchema, {
    date: s.date,
    debut: s.debut,
    fin: s.fin,
    ...(s.lieuId ? { lieuId: s.lieuId } : s.commune ? { commune: s.commune } : {}),
    lieuPrecision: s.lieuPrecision,
    ...(s.capacite.trim() ? { capacite: Number(s.capacite) } : {}),
    conseillerIds: s.conseillerIds,
    ...(s.annulee ? { annulee: true } : {}),
  });

const F = strings.sessionForm;
const FIELDS: FormField<SessionFormState>[] = [
  { name: 'date', keys: ['date'], label: F.date },
  { name: 'debut', keys: ['debut'], label: F.debut },
  { name: 'fin', keys: ['fin'], label: F.fin },
  { name: 'lieuId', keys: ['lieuId'], label: F.lieu },
  {
    name: 'commune',
    keys: ['commune'],
    label: F.commune,
    show: (v) => (v.commune ? communeLabel(v.commune) : ''),
  },
  { name: 'lieuPrecision', keys: ['lieuPrecision'], label: F.lieuPrecision },
  { name: 'capacite', keys: ['capacite'], label: F.capacite },
  { name: 'conseillerIds', keys: ['conseillerIds'], label: F.conseillers },
  { name: 'annulee', keys: ['annulee'], label: F.annulee },
];

const search = (q: string) => searchCommunes(q);

export const SessionFormPage = () => {
  const { id: cycleParam, sessionId } = useParams();
  const navigate = useNavigate();
  const db = getDb();
  const formRef = useRef<HTMLFormElement>(null);
  const context = useLiveQuery(async () => {
    const session = sessionId ? await getSession(db, sessionId) : undefined;
    const cycleId = session?.cycleId ?? cycleParam;
    const cycle = cycleId ? await getCycle(db, cycleId) : undefined;
    const identity = getIdentity();
    const members = { ...(await memberNames(db)) };
    if (identity.userId && identity.name && !members[identity.userId])
      members[identity.userId] = identity.name;
    return { cycle, lieux: await listLieux(db), members };
  }, [cycleParam, sessionId]);
  const cycle = context?.cycle;
  const form = useForm<SessionFormState, SessionInput, CycleSession>({
    store: formStore(db),
    draft: {
      id: sessionId ? `cycleSession:${sessionId}` : `cycleSession:new:${cycleParam ?? ''}`,
      kind: 'cycleSession',
      path: sessionId
        ? `/ateliers/session/${sessionId}/modifier`
        : `/ateliers/${cycleParam ?? ''}/session/nouvelle`,
      title: () => (sessionId ? F.draftEdit(cycle?.titre ?? '') : F.draftNew(cycle?.titre ?? '')),
    },
    ...(sessionId ? { record: { table: 'cycleSessions' as const, id: sessionId } } : {}),
    blank,
    fromRecord: fromSession,
    check: checkSessionForm,
    fieldsOf: sessionFieldsOf,
    fields: FIELDS,
    ready: context !== undefined,
    save: (value, base) =>
      sessionId && base ? updateSession(db, sessionId, value, base) : createSession(db, cycle!.id, value),
  });
  useFocusFirstError(formRef, form.submitCount);
  const title = sessionId ? F.editTitle : F.newTitle;
  if (form.status === 'loading' || !context)
    return (
      <Page title={title} loading>
        <p className="loading">{strings.cycle.loading}</p>
      </Page>
    );
  if (form.status === 'missing' || !cycle)
    return (
      <Page title={title}>
        <p>{strings.cycle.missing}</p>
      </Page>
    );
  const { state, errors } = form;
  const back = `/ateliers/${cycle.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await form.submit()) navigate(back, { replace: true });
  };

  return (
    <Page title={`${title} · ${cycle.titre}`}>
      <form ref={formRef} noValidate onSubmit={(e) => void submit(e)} className="card">
        <DraftNotice form={form} />
        <ChangedMeanwhile form={form} />
        <div className="grid-2">
          <Field format="date" label={F.date} required error={errors.date}>
            {(f) => (
              <input
                {...f}
                type="date"
                name="date"
                value={state.date}
                onChange={(e) => form.update('date', e.target.value)}
              />
            )}
          </Field>
          <Field label={F.capacite} hint={F.capaciteHint} error={errors.capacite}>
            {(f) => (
              <input
                {...f}
                type="number"
                inputMode="numeric"
                min={1}
                name="capacite"
                value={state.capacite}
                onChange={(e) => form.update('capacite', e.target.value)}
              />
            )}
          </Field>
          <Field format="time" label={F.debut} required error={errors.debut}>
            {(f) => (
              <input
                {...f}
                type="time"
                name="debut"
                value={state.debut}
                onChange={(e) => form.update('debut', e.target.value)}
              />
            )}
          </Field>
          <Field format="time" label={F.fin} required error={errors.fin}>
            {(f) => (
              <input
                {...f}
                type="time"
                name="fin"
                value={state.fin}
                onChange={(e) => form.update('fin', e.target.value)}
              />
            )}
          </Field>
        </div>
        <Field label={F.lieu} error={errors.lieuId}>
          {(f) => (
            <select
              {...f}
              name="lieuId"
              value={state.lieuId}
              onChange={(e) =>
                form.set({ lieuId: e.target.value, ...(e.target.value ? { commune: undefined } : {}) })
              }
            >
              <option value="">{F.lieuNone}</option>
              {context.lieux.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.nom}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!state.lieuId ? (
          <CommuneInput
            label={F.commune}
            value={state.commune}
            onChange={(commune) => form.update('commune', commune)}
            search={search}
            error={errors.commune ?? errors['commune.codeInsee']}
          />
        ) : null}
        <Field label={F.lieuPrecision} error={errors.lieuPrecision}>
          {(f) => (
            <input
              {...f}
              name="lieuPrecision"
              autoComplete="off"
              value={state.lieuPrecision}
              onChange={(e) => form.update('lieuPrecision', e.target.value)}
            />
          )}
        </Field>
        {Object.keys(context.members).length ? (
          <CheckboxGroup
            legend={F.conseillers}
            name="conseillerIds"
            choices={Object.entries(context.members).map(([value, label]) => ({ value, label }))}
            value={state.conseillerIds}
            onChange={(v) => form.update('conseillerIds', v)}
          />
        ) : null}
        {sessionId ? (
          <label className="chip">
            <input
              type="checkbox"
              name="annulee"
              checked={state.annulee}
              onChange={(e) => form.update('annulee', e.target.checked)}
            />
            <span>{F.annulee}</span>
          </label>
        ) : null}
        <SaveFailure message={form.saveError} />
        <div className="form-footer actions">
          <button type="submit" className="button button--big" disabled={form.saving}>
            {F.save}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void form.abandon().then(() => navigate(back))}
          >
            {F.cancel}
          </button>
        </div>
      </form>
    </Page>
  );
};
