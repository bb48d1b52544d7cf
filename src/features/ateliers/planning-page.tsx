// Sessions by week and by commune, with the iCal export of every coming session for the advisors'
// calendars (src/domain/planning.ts).
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router';

import { getDb } from '../../data/db';
import { listLieux } from '../../data/lieux';
import { listCycles, sessionsOfCycle } from '../../data/workshops';
import { toDay } from '../../domain/dates';
import { addDays, planningByWeek, planningIcal, weekStart, type PlannedSession } from '../../domain/planning';
import { downloadFile } from '../../ui/download';
import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import './ateliers.css';
import { strings } from './strings';
import { placeOf } from './use-workshops';

const L = strings.planning;

const usePlanned = () =>
  useLiveQuery(async (): Promise<PlannedSession[]> => {
    const db = getDb();
    const lieux = new Map((await listLieux(db)).map((l) => [l.id, l]));
    const out: PlannedSession[] = [];
    for (const cycle of await listCycles(db))
      for (const session of await sessionsOfCycle(db, cycle.id)) {
        const lieu = session.lieuId ? lieux.get(session.lieuId) : undefined;
        out.push({
          session,
          cycle,
          place: placeOf(session, lieux),
          commune: lieu?.commune?.nom ?? session.commune?.nom ?? lieu?.nom ?? '',
        });
      }
    return out;
  }, []);

export const PlanningPage = () => {
  const planned = usePlanned();
  const [start, setStart] = useState(() => weekStart(toDay(new Date())));
  if (!planned)
    return (
      <Page title={L.title} loading>
        <p className="loading">{strings.cycle.loading}</p>
      </Page>
    );
  const week = planningByWeek(
    planned.filter((p) => p.session.date >= start && p.session.date <= addDays(start, 6)),
  )[0];
  const coming = planned.filter((p) => p.session.date >= toDay(new Date()));
  return (
    <Page
      title={L.title}
      actions={
        <button
          type="button"
          className="button"
          onClick={() =>
            downloadFile({
              blob: new Blob([planningIcal(coming, { name: L.icalName })], {
                type: 'text/calendar;charset=utf-8',
              }),
              fileName: L.fileName,
            })
          }
        >
          {L.ical}
        </button>
      }
    >
      <div className="actions no-print">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setStart(addDays(start, -7))}
        >
          {L.previous}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setStart(addDays(start, 7))}
        >
          {L.next}
        </button>
      </div>
      <h2>{L.week(formatDay(start), formatDay(addDays(start, 6)))}</h2>
      {!week ? <p className="muted">{L.none}</p> : null}
      {week?.communes.map(({ commune, sessions }) => (
        <section key={commune} className="card" aria-label={commune}>
          <h3>{commune}</h3>
          <ul className="session-list">
            {sessions.map(({ session, cycle, place }) => (
              <li key={session.id} className="call-list__row">
                <span>
                  <strong>{formatDay(session.date)}</strong>, {session.debut}–{session.fin} ·{' '}
                  <Link to={`/ateliers/${cycle.id}`}>{cycle.titre}</Link> · {place}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Page>
  );
};
