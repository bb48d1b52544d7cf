import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';

import { activityRelations, listActivities } from '../../data/activities';
import { getDb } from '../../data/db';
import { pendingRecordIds } from '../../data/records';
import { formatDuree } from '../../domain/activity';
import type { TypeActivite } from '../../domain/enums';
import { RadioGroup } from '../../ui/choice-group';
import { formatAgo, formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import './activities.css';
import { activityHeadline, lieuLabel, thematiqueLabels, typeLabel } from './activity-format';
import { strings } from './strings';

const PAGE = 50;

const FILTERS = [
  { value: 'toutes', label: strings.list.filterAll },
  { value: 'individuel', label: strings.list.filterIndividual },
  { value: 'collectif', label: strings.list.filterCollective },
] as const;
type Filter = (typeof FILTERS)[number]['value'];

const shortList = (labels: string[], max = 3): string =>
  labels.length > max ? `${labels.slice(0, max).join(', ')}…` : labels.join(', ');

/** /activites: most recent first, by type, fifty at a time. */
export const ActivityListPage = () => {
  const db = getDb();
  const location = useLocation();
  const justDeleted = Boolean((location.state as { deleted?: boolean } | null)?.deleted);
  const [params, setParams] = useSearchParams();
  const filter: Filter =
    params.get('type') === 'individuel' || params.get('type') === 'collectif'
      ? (params.get('type') as Filter)
      : 'toutes';
  const type: TypeActivite | undefined = filter === 'toutes' ? undefined : filter;
  const [limit, setLimit] = useState(PAGE);

  // One more than shown tells whether there are more, without counting the whole table (a
  // count would have to read every record to leave out the tombstones).
  const page = useLiveQuery(async () => {
    const found = await listActivities(db, { type, limit: limit + 1 });
    const list = found.slice(0, limit);
    const [relations, pending] = await Promise.all([
      activityRelations(db, list),
      pendingRecordIds(
        db,
        list.map((a) => a.id),
      ),
    ]);
    return { list, more: found.length > limit, relations, pending };
  }, [db, type, limit]);
  const drafts = useLiveQuery(() => db.drafts.where('kind').equals('activity').toArray(), [db]);

  return (
    <Page
      title={strings.list.title}
      actions={
        <>
          <Link className="button" to="/activites/nouvelle/individuel">
            {strings.list.newIndividual}
          </Link>
          <Link className="button" to="/activites/nouvelle/collectif">
            {strings.list.newCollective}
          </Link>
        </>
      }
    >
      {justDeleted ? (
        <p className="card" role="status">
          {strings.list.deleted}
        </p>
      ) : null}
      {drafts && drafts.length > 0 ? (
        <section className="card card--warning" aria-labelledby="activity-drafts">
          <h2 id="activity-drafts">{strings.list.drafts}</h2>
          <ul className="list">
            {drafts.map((d) => (
              <li key={d.id} className="list__item">
                <span>
                  <strong>{d.title}</strong>{' '}
                  <span className="muted">{strings.list.draftSaved(formatAgo(d.updatedAt))}</span>
                </span>
                <Link className="button button--secondary" to={d.path}>
                  {strings.list.resume}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <RadioGroup
        legend={strings.list.filterLegend}
        name="filtre"
        choices={FILTERS}
        value={filter}
        onChange={(next) => {
          setLimit(PAGE);
          setParams(next === 'toutes' ? {} : { type: next }, { replace: true, flushSync: true });
        }}
      />
      <section className="card" aria-labelledby="activity-count">
        <h2 id="activity-count">
          {page === undefined
            ? strings.list.loading
            : page.more
              ? strings.list.countMore(page.list.length)
              : strings.list.count(page.list.length)}
        </h2>
        {page === undefined ? null : page.list.length === 0 ? (
          <p>{type ? strings.list.emptyFiltered : strings.list.empty}</p>
        ) : (
          <ul className="list">
            {page.list.map((a) => (
              <li key={a.id} className="list__item">
                <Link to={`/activites/${a.id}`} className="activity-row">
                  <span className="activity-row__title">
                    {activityHeadline(a, page.relations.beneficiaries)}
                  </span>
                  <span>
                    {formatDay(a.date)} · {typeLabel(a)} · {formatDuree(a.duree)} ·{' '}
                    {lieuLabel(a, a.lieuId ? page.relations.lieux.get(a.lieuId) : undefined)}
                  </span>
                  <span className="muted">{shortList(thematiqueLabels(a.thematiques))}</span>
                  {page.pending.has(a.id) ? (
                    <span>
                      <span className="badge badge--warning">{strings.list.notSynced}</span>
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        )}
        {page?.more ? (
          <p>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setLimit((n) => n + PAGE)}
            >
              {strings.list.more}
            </button>
          </p>
        ) : null}
      </section>
    </Page>
  );
};
