// A printable poster for the mairie: the cycle's title, its sessions (dates, times, places) and how
// to register.
import { useParams } from 'react-router';

import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import './ateliers.css';
import { strings } from './strings';
import { placeOf, useCycleDetails } from './use-workshops';

const A = strings.poster;

export const PosterPage = () => {
  const { id } = useParams();
  const data = useCycleDetails(id);
  if (data === undefined)
    return (
      <Page title={strings.list.title} loading>
        <p className="loading">{strings.cycle.loading}</p>
      </Page>
    );
  if (data === null)
    return (
      <Page title={strings.list.title}>
        <p>{strings.cycle.missing}</p>
      </Page>
    );
  const { cycle, sessions, lieux } = data;
  return (
    <Page
      title={A.title(cycle.titre)}
      actions={
        <button type="button" className="button no-print" onClick={() => window.print()}>
          {A.print}
        </button>
      }
    >
      <article className="poster">
        <h2 className="poster__title">{cycle.titre}</h2>
        {cycle.description ? <p className="poster__lead">{cycle.description}</p> : null}
        <ul className="poster__sessions">
          {sessions
            .filter((s) => !s.annulee)
            .map((s) => (
              <li key={s.id}>
                <strong>{formatDay(s.date)}</strong>, {s.debut}–{s.fin} — {placeOf(s, lieux)}
              </li>
            ))}
        </ul>
        <p>
          <strong>{A.free}</strong>
        </p>
        {cycle.inscription ? (
          <p>
            {A.register} : {cycle.inscription}
          </p>
        ) : null}
      </article>
    </Page>
  );
};
