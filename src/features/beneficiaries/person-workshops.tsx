// The workshops a person is registered (or waiting) for, still to be held: a moved session says
// « déplacée du … au … » and a cancelled one says so, as she was told.
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';

import { getDb } from '../../data/db';
import { sessionsOfPerson } from '../../data/workshops';
import { sessionNotice, type SessionSlot } from '../../domain/workshops';
import { formatDay } from '../../ui/format';
import { strings } from './strings';

const W = strings.workshops;
const slot = (s: SessionSlot) => W.slot(formatDay(s.date), s.debut, s.fin);

export const PersonWorkshops = ({ id }: { id: string }) => {
  const rows = useLiveQuery(() => sessionsOfPerson(getDb(), id), [id]);
  if (!rows?.length) return null;
  return (
    <section className="card" aria-labelledby="person-workshops">
      <h2 id="person-workshops">{W.title}</h2>
      <ul className="plain-list" aria-label={W.title}>
        {rows.map(({ cycle, session, status }) => {
          const notice = sessionNotice(session);
          return (
            <li key={session.id}>
              <strong>{cycle.titre}</strong> · {slot(session)}
              {status === 'liste_attente' ? ` (${W.waiting})` : ''}
              {notice ? (
                <>
                  {' · '}
                  <strong>
                    {notice.kind === 'annulee' ? W.cancelled : W.moved(slot(notice.from), slot(notice.to))}
                  </strong>
                </>
              ) : null}{' '}
              <Link to={`/ateliers/${cycle.id}`} aria-label={W.openLabel(cycle.titre)}>
                {W.open}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
};
