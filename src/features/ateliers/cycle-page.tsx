// A cycle d'ateliers: its sessions (places left, call, printable list), registration with the
// waiting list, and each person's attendance across sessions.
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { getDb } from '../../data/db';
import { register, unregister, WorkshopError } from '../../data/workshops';
import { displayName } from '../../domain/beneficiary';
import { labelOf, NIVEAUX_ATELIER, THEMATIQUES } from '../../domain/enums';
import { placesLeft, sessionNotice, waitingOrder, type Registration } from '../../domain/workshops';
import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import './ateliers.css';
import { PersonChooser } from './person-chooser';
import { SessionNotice } from './session-notice';
import { strings } from './strings';
import { placeOf, useCycleDetails, type CycleDetails } from './use-workshops';

const C = strings.cycle;

const Registrations = ({ data }: { data: CycleDetails }) => {
  const { cycle, sessions, registrations, people } = data;
  const [target, setTarget] = useState('');
  const [message, setMessage] = useState<string | undefined>();
  const active = registrations.filter((r) => r.status !== 'annule');
  const registered = active.filter((r) => r.status === 'inscrit');
  const waiting = active.filter((r) => r.status === 'liste_attente').sort(waitingOrder);
  const name = (r: Registration) => {
    const b = people.get(r.beneficiaryId);
    return b ? displayName(b) : '?';
  };
  const forWhat = (r: Registration) => {
    const s = r.sessionId ? sessions.find((x) => x.id === r.sessionId) : undefined;
    return s ? `${formatDay(s.date)} ${s.debut}` : C.wholeCycle;
  };
  const names = (ids: string[]) =>
    ids
      .map((id) => registrations.find((r) => r.id === id))
      .filter((r): r is Registration => !!r)
      .map(name)
      .join(', ');

  const row = (r: Registration) => (
    <li key={r.id} className="call-list__row card">
      <span>
        <strong>{name(r)}</strong> <span className="muted">· {forWhat(r)}</span>
      </span>
      <button
        type="button"
        className="button button--secondary"
        aria-label={C.unregisterLabel(name(r))}
        onClick={() =>
          void unregister(getDb(), r.id).then((moved) =>
            setMessage(moved.length ? C.movedUp(names(moved)) : undefined),
          )
        }
      >
        {C.unregister}
      </button>
    </li>
  );

  return (
    <section className="card" aria-labelledby="registrations">
      <h2 id="registrations">{C.registrations}</h2>
      <label className="field">
        {C.forWhat}
        <select name="pour" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{C.wholeCycle}</option>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {formatDay(s.date)} {s.debut}–{s.fin}
            </option>
          ))}
        </select>
      </label>
      <PersonChooser
        label={C.registerLabel}
        action={C.register}
        onChosen={async (id) => {
          try {
            const r = await register(getDb(), cycle.id, id, target || undefined);
            setMessage(r.status === 'liste_attente' ? C.waiting(waiting.length + 1) : undefined);
          } catch (e) {
            if (e instanceof WorkshopError) setMessage(e.message);
            else throw e;
          }
        }}
      />
      {message ? (
        <p className="card" role="status">
          {message}
        </p>
      ) : null}
      {registered.length === 0 ? (
        <p className="muted">{C.noRegistrations}</p>
      ) : (
        <ul className="call-list" aria-label={C.registered}>
          {registered.map(row)}
        </ul>
      )}
      {waiting.length ? (
        <>
          <h3>{C.waiting(waiting.length)}</h3>
          <ol className="call-list" aria-label={C.waiting(waiting.length)}>
            {waiting.map(row)}
          </ol>
        </>
      ) : null}
    </section>
  );
};

/** Each person (registered or who came) × each session: present, absent or not marked. */
const AttendanceGrid = ({ data }: { data: CycleDetails }) => {
  const { sessions, registrations, attendances, people } = data;
  const ids = [
    ...new Set([
      ...registrations.filter((r) => r.status === 'inscrit').map((r) => r.beneficiaryId),
      ...[...attendances.values()].flat().map((a) => a.beneficiaryId),
    ]),
  ];
  if (ids.length === 0 || sessions.length === 0) return null;
  return (
    <section className="card" aria-labelledby="attendance">
      <h2 id="attendance">{C.attendance}</h2>
      <div className="attendance-scroll">
        <table className="attendance-grid">
          <thead>
            <tr>
              <th scope="col">{strings.expected.name}</th>
              {sessions.map((s) => (
                <th key={s.id} scope="col">
                  {formatDay(s.date)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => {
              const b = people.get(id);
              return (
                <tr key={id}>
                  <th scope="row">{b ? displayName(b) : '?'}</th>
                  {sessions.map((s) => {
                    const a = attendances.get(s.id)?.find((x) => x.beneficiaryId === id);
                    return <td key={s.id}>{a ? (a.present ? C.present : C.absent) : C.notMarked}</td>;
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
};

export const CyclePage = () => {
  const { id } = useParams();
  const data = useCycleDetails(id);
  if (data === undefined)
    return (
      <Page title={strings.list.title} loading>
        <p className="loading">{C.loading}</p>
      </Page>
    );
  if (data === null)
    return (
      <Page title={strings.list.title}>
        <p>{C.missing}</p>
      </Page>
    );
  const { cycle, sessions, registrations, lieux } = data;
  const active = registrations.filter((r) => r.status !== 'annule');
  return (
    <Page
      title={cycle.titre}
      actions={
        <>
          <Link className="button button--secondary" to={`/ateliers/${cycle.id}/modifier`}>
            {C.edit}
          </Link>
          <Link className="button button--secondary" to={`/ateliers/${cycle.id}/affiche`}>
            {strings.planning.poster}
          </Link>
          <Link className="button button--secondary" to={`/ateliers/rapport?cycle=${cycle.id}`}>
            {strings.report.nav}
          </Link>
        </>
      }
    >
      <section className="card">
        {cycle.description ? <p>{cycle.description}</p> : null}
        <p>
          {cycle.thematiques.map((t) => labelOf(THEMATIQUES, t)).join(', ')}
          {cycle.niveau ? ` · ${labelOf(NIVEAUX_ATELIER, cycle.niveau)}` : ''}
        </p>
        {cycle.financeurs.length ? (
          <p>
            {C.financeurs} : {cycle.financeurs.join(', ')}
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="sessions">
        <h2 id="sessions">{C.sessions}</h2>
        {sessions.length === 0 ? <p className="muted">{C.noSessions}</p> : null}
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="call-list__row card" data-testid={`session-${s.date}`}>
              <span>
                <strong>
                  {formatDay(s.date)}, {s.debut}–{s.fin}
                </strong>{' '}
                · {placeOf(s, lieux)} ·{' '}
                {s.annulee
                  ? C.cancelledSession
                  : s.activityId
                    ? C.closed
                    : C.placesLeft(placesLeft(s.capacite, active, s.id))}
                {sessionNotice(s)?.kind === 'deplacee' ? (
                  <>
                    {' · '}
                    <SessionNotice session={s} />
                  </>
                ) : null}
              </span>
              <span className="actions">
                {!s.annulee ? (
                  <Link className="button" to={`/ateliers/session/${s.id}`}>
                    {C.run}
                  </Link>
                ) : null}
                <Link className="button button--secondary" to={`/ateliers/session/${s.id}/liste`}>
                  {C.expected}
                </Link>
                {!s.activityId ? (
                  <Link className="button button--secondary" to={`/ateliers/session/${s.id}/modifier`}>
                    {C.editSession}
                  </Link>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
        <Link className="button" to={`/ateliers/${cycle.id}/session/nouvelle`}>
          {C.addSession}
        </Link>
      </section>
      <Registrations data={data} />
      <AttendanceGrid data={data} />
    </Page>
  );
};
