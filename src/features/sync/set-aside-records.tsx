import { useLiveQuery } from 'dexie-react-hooks';

import { getDb } from '../../data/db';
import { getIdentity } from '../../data/meta';
import { listSetAside } from '../../data/sync/set-aside';
import { formatDateTime } from '../../ui/format';
import { fieldLabel } from './conflict-values';
import { strings } from './strings';

const s = strings.setAside;

/**
 * Records received from the server that this tablet could not apply, for the coordinateur (who can
 * ask the server's administrator to repair them). Only their table, id and what is wrong are kept.
 */
export const SetAsideRecords = () => {
  const rows = useLiveQuery(() => listSetAside(getDb()), []);
  if (!rows || rows.length === 0 || getIdentity().role !== 'coordinateur') return null;
  return (
    <section className="card card--warning" aria-labelledby="set-aside-title" data-testid="set-aside">
      <h2 id="set-aside-title">{s.title}</h2>
      <p>{s.intro}</p>
      <p>
        <strong>{s.count(rows.length)}</strong>
      </p>
      <ul className="list">
        {rows.map((row) => (
          <li key={row.key}>
            {strings.conflicts.tables[row.table] ?? row.table} · <code>{row.id}</code>{' '}
            <span className="muted">{s.received(formatDateTime(row.at))}</span>
            <ul>
              {row.damaged ? <li>{s.damaged}</li> : null}
              {Object.entries(row.fields).map(([field, message]) => (
                <li key={field}>
                  {fieldLabel(row.table, field.split('.')[0]!)} : {message}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
};
