import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Link, useLocation } from 'react-router';

import {
  countBeneficiaries,
  listBeneficiaries,
  SEARCH_LIMIT,
  searchBeneficiaries,
} from '../../data/beneficiaries';
import { getDb } from '../../data/db';
import { pendingRecordIds } from '../../data/records';
import { describeBeneficiary } from '../../ui/beneficiary-picker';
import { displayName, type Beneficiary } from '../../domain/beneficiary';
import { Field } from '../../ui/field';
import { formatAgo, formatNumber } from '../../ui/format';
import { Page } from '../../ui/page';
import { HANDED_OFF, handOff, useRememberedState } from '../../ui/remembered-state';
import { UnsyncedBadge } from '../../ui/unsynced-badge';
import { useLatestSearch } from '../../ui/use-latest-search';
import { BeneficiariesExports } from './beneficiaries-exports';
import { NEW_FROM_QUERY } from './form-state';
import { strings } from './strings';
import './beneficiaries.css';

const s = strings.list;
const PAGE_SIZE = 50;

const Rows = ({ items }: { items: Beneficiary[] }) => {
  const ids = items.map((b) => b.id);
  const pending = useLiveQuery(() => pendingRecordIds(getDb(), ids), [ids.join(',')]);
  return (
    <ul className="list" aria-label={s.title}>
      {items.map((b) => {
        const detail = describeBeneficiary(b);
        return (
          <li key={b.id} className="list__item">
            <Link className="beneficiary-row" to={`/beneficiaires/${b.id}`}>
              <span className="beneficiary-row__name">{displayName(b)}</span>
              {detail ? <span className="beneficiary-row__detail">{detail}</span> : null}
            </Link>
            <UnsyncedBadge pending={pending?.has(b.id)} />
          </li>
        );
      })}
    </ul>
  );
};

export const BeneficiaryListPage = () => {
  const db = getDb();
  const location = useLocation();
  // The search stays out of the address (the browser keeps addresses on disk): it is remembered for
  // this history entry, so « Retour » from a fiche finds it again.
  const [query, setQuery] = useRememberedState('beneficiaries.query', '');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const search = useLatestSearch((q: string) => searchBeneficiaries(db, q));
  const { run } = search;

  // A remembered search (back from a fiche) runs again on arrival.
  const initialQuery = query;
  useEffect(() => {
    if (initialQuery) run(initialQuery);
    // Only on arrival: later keystrokes run the search themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run]);

  const total = useLiveQuery(() => countBeneficiaries(db), [db]);
  // The order changes without a write when its check in idle time finds what its snapshot missed.
  const order = useSyncExternalStore(db.beneficiaryOrder.subscribe, db.beneficiaryOrder.getVersion);
  const page = useLiveQuery(() => listBeneficiaries(db, undefined, limit), [db, limit, order]);
  const drafts = useLiveQuery(() => db.drafts.where('kind').equals('beneficiary').toArray(), [db]);

  const onQuery = (next: string) => {
    setQuery(next);
    // Every keystroke searches; an older, slower answer is dropped by useLatestSearch.
    run(next);
  };

  const searching = query.trim() !== '';
  const deleted = (location.state as { deleted?: boolean } | null)?.deleted;

  return (
    <Page
      title={s.title}
      actions={
        <>
          <Link className="button button--secondary" to="/beneficiaires/importer">
            {strings.importer.open}
          </Link>
          <Link className="button" to="/beneficiaires/nouveau">
            {s.create}
          </Link>
        </>
      }
    >
      {deleted ? (
        <p className="card" role="status">
          {s.deleted}
        </p>
      ) : null}
      {drafts && drafts.length > 0 ? (
        <section className="card card--warning" aria-labelledby="beneficiary-drafts">
          <h2 id="beneficiary-drafts">{s.drafts}</h2>
          <ul className="list">
            {drafts.map((d) => (
              <li key={d.id} className="list__item">
                <span>
                  <strong>{d.title}</strong>{' '}
                  <span className="muted">{s.draftSaved(formatAgo(d.updatedAt))}</span>
                </span>
                <Link className="button button--secondary" to={d.path}>
                  {s.resume}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="search-box" role="search">
        <Field label={s.searchLabel} hint={s.searchHint}>
          {(p) => (
            <input
              {...p}
              type="search"
              name="q"
              autoComplete="off"
              autoCorrect="off"
              spellCheck={false}
              enterKeyHint="search"
              value={query}
              onChange={(e) => onQuery(e.target.value)}
            />
          )}
        </Field>
      </div>
      <p role="status" className="muted" data-testid="list-status">
        {searching
          ? search.status === 'done'
            ? s.results(search.results.length, search.results.length >= SEARCH_LIMIT)
            : s.searching
          : total === undefined
            ? ''
            : s.count(formatNumber(total), total)}
      </p>
      {total ? <BeneficiariesExports query={query} /> : null}
      {searching ? (
        search.status === 'done' && search.results.length === 0 ? (
          <div className="card">
            <p>{s.noMatch(query.trim())}</p>
            <Link
              className="button button--secondary"
              to="/beneficiaires/nouveau"
              state={HANDED_OFF}
              onClick={() => handOff(NEW_FROM_QUERY, query.trim())}
            >
              {s.createFromQuery(query.trim())}
            </Link>
          </div>
        ) : (
          <Rows items={search.results} />
        )
      ) : page === undefined ? (
        <p className="loading">{strings.loading}</p>
      ) : page.items.length === 0 ? (
        <div className="card">
          <p>{s.empty}</p>
          <Link className="button" to="/beneficiaires/nouveau">
            {s.emptyCreate}
          </Link>
        </div>
      ) : (
        <>
          <Rows items={page.items} />
          {page.next ? (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setLimit((n) => n + PAGE_SIZE)}
            >
              {s.more}
            </button>
          ) : null}
        </>
      )}
    </Page>
  );
};
