import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useSearchParams } from 'react-router';

import { getDb } from '../../data/db';
import { heldItemIds, listItems } from '../../data/loans';
import { pendingRecordIds } from '../../data/records';
import { ITEM_STATUSES, ITEM_TYPES, itemLabel, type ItemStatus, type ItemType } from '../../domain/loans';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { UnsyncedBadge } from '../../ui/unsynced-badge';
import { DoubleLendingWarning } from './double-lending-warning';
import { LoansNav } from './loans-nav';
import { StatusBadge } from './status-badge';
import { strings } from './strings';
import { useDoubleLendings } from './use-loans';

/** The inventory, filtered by status, type and lieu (filters live in the URL: back keeps them). */
export const ItemListPage = () => {
  const [params, setParams] = useSearchParams();
  const status = (params.get('statut') ?? '') as ItemStatus | '';
  const type = (params.get('type') ?? '') as ItemType | '';
  const lieuId = params.get('lieu') ?? '';
  const query = params.get('q') ?? '';
  const db = getDb();
  const items = useLiveQuery(
    () =>
      listItems(db, {
        status: status || undefined,
        type: type || undefined,
        lieuId: lieuId || undefined,
        query,
      }),
    [db, status, type, lieuId, query],
  );
  const lieux = useLiveQuery(
    async () => (await db.lieux.orderBy('nom').toArray()).filter((l) => !l.deleted),
    [db],
  );
  const held = useLiveQuery(() => heldItemIds(db), [db]);
  const ids = (items ?? []).map((i) => i.id);
  const pending = useLiveQuery(() => pendingRecordIds(db, ids), [db, ids.join(',')]);
  const total = useLiveQuery(() => db.items.filter((i) => !i.deleted).count(), [db]);
  const doubles = useDoubleLendings();
  const lieuName = (id: string | undefined) => lieux?.find((l) => l.id === id)?.nom;

  const set = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true, flushSync: true },
    );

  return (
    <Page
      title={strings.items.title}
      actions={
        <>
          <Link className="button" to="/materiel/nouveau">
            {strings.items.add}
          </Link>
          <Link className="button button--secondary" to="/materiel/scanner">
            {strings.nav.scan}
          </Link>
        </>
      }
    >
      <LoansNav />
      {(doubles ?? []).map((d) => (
        <DoubleLendingWarning key={d.itemId} conflict={d} />
      ))}
      <section className="card" aria-label={strings.items.filters}>
        <div className="filters">
          <Field label={strings.items.status}>
            {(f) => (
              <select {...f} value={status} onChange={(e) => set('statut', e.target.value)}>
                <option value="">{strings.common.all}</option>
                {ITEM_STATUSES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={strings.items.type}>
            {(f) => (
              <select {...f} value={type} onChange={(e) => set('type', e.target.value)}>
                <option value="">{strings.common.all}</option>
                {ITEM_TYPES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={strings.items.lieu}>
            {(f) => (
              <select {...f} value={lieuId} onChange={(e) => set('lieu', e.target.value)}>
                <option value="">{strings.items.allLieux}</option>
                {(lieux ?? []).map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.nom}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={strings.items.search} hint={strings.items.searchHint}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                type="search"
                value={query}
                onChange={(e) => set('q', e.target.value)}
              />
            )}
          </Field>
        </div>
      </section>
      <section className="card" aria-labelledby="item-count">
        <h2 id="item-count">{items ? strings.items.count(items.length) : strings.common.loading}</h2>
        {items && items.length === 0 ? (
          <p>{total === 0 ? strings.items.emptyAll : strings.items.empty}</p>
        ) : (
          <ul className="list">
            {(items ?? []).map((item) => (
              <li key={item.id} className="list__item">
                <span>
                  <Link to={`/materiel/${item.id}`}>
                    <strong>{itemLabel(item)}</strong>
                  </Link>
                  {item.lieuId && lieuName(item.lieuId) ? (
                    <>
                      <br />
                      <span className="muted">{lieuName(item.lieuId)}</span>
                    </>
                  ) : null}
                </span>
                <span>
                  <UnsyncedBadge pending={pending?.has(item.id)} />{' '}
                  <StatusBadge status={held?.has(item.id) ? 'prete' : item.status} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
};
