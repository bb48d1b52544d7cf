import { Link } from 'react-router';

import { labelOf, NIVEAUX_ATELIER } from '../../domain/enums';
import { Page } from '../../ui/page';
import './ateliers.css';
import { strings } from './strings';
import { useCycles } from './use-workshops';

/** The structure's cycles d'ateliers, newest first. */
export const CycleListPage = () => {
  const data = useCycles();
  return (
    <Page
      title={strings.list.title}
      actions={
        <>
          <Link className="button" to="/ateliers/nouveau">
            {strings.list.add}
          </Link>
          <Link className="button button--secondary" to="/ateliers/planning">
            {strings.planning.nav}
          </Link>
          <Link className="button button--secondary" to="/ateliers/pass">
            {strings.pass.nav}
          </Link>
          <Link className="button button--secondary" to="/ateliers/rapport">
            {strings.report.nav}
          </Link>
        </>
      }
    >
      {!data ? (
        <p className="loading">{strings.cycle.loading}</p>
      ) : data.cycles.length === 0 ? (
        <p className="muted">{strings.list.empty}</p>
      ) : (
        <ul className="cycle-list">
          {data.cycles.map((c) => (
            <li key={c.id} className="card">
              <Link to={`/ateliers/${c.id}`}>
                <strong>{c.titre}</strong>
              </Link>
              <span className="muted">
                {' '}
                · {strings.list.sessions(data.counts.get(c.id) ?? 0)}
                {c.niveau ? ` · ${labelOf(NIVEAUX_ATELIER, c.niveau)}` : ''}
                {c.annule ? ` · ${strings.list.cancelled}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
};
