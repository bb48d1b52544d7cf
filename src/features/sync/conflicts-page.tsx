import { useLiveQuery } from 'dexie-react-hooks';

import { getDb } from '../../data/db';
import { getIdentity } from '../../data/meta';
import type { StoredConflict } from '../../data/sync/apply';
import { openConflicts, resolveConflict } from '../../data/sync/conflicts';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { strings } from './strings';

const s = strings.conflicts;

/** A stored value, readable: commune objects by name, lists joined, booleans in words. */
export const formatValue = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return s.empty;
  if (typeof value === 'boolean') return value ? s.yes : s.no;
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.nom === 'string') return [o.prenom, o.nom].filter(Boolean).join(' ');
    return Object.entries(o)
      .map(([k, v]) => `${k} : ${formatValue(v)}`)
      .join(' · ');
  }
  return String(value);
};

const who = (userId: string | undefined) => (userId && userId === getIdentity().userId ? s.you : s.colleague);

const ConflictCard = ({ conflict, label }: { conflict: StoredConflict; label: string }) => {
  const deleted = conflict.field === 'deleted';
  const headingId = `conflict-${conflict.id}`;
  return (
    <li className="card" aria-labelledby={headingId} data-testid="conflict">
      <h2 id={headingId}>
        {s.tables[conflict.table] ?? conflict.table} · {label}
      </h2>
      <p className="muted">{s.detected(formatDateTime(conflict.detectedAt))}</p>
      {deleted ? <p>{s.restoreHint}</p> : null}
      <dl>
        <dt>{s.field}</dt>
        <dd>{deleted ? s.deleted : (s.fields[conflict.field] ?? conflict.field)}</dd>
        <dt>{s.kept}</dt>
        <dd data-testid="kept-value">
          {deleted ? s.deletedKept : formatValue(conflict.keptValue)} ({s.by(who(conflict.keptBy))})
        </dd>
        <dt>{s.lost}</dt>
        <dd data-testid="lost-value">
          {formatValue(conflict.lostValue)} ({s.by(who(conflict.lostBy))})
        </dd>
      </dl>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => void resolveConflict(getDb(), conflict.id, 'kept')}
        >
          {deleted ? s.keepDeleted : s.keep}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void resolveConflict(getDb(), conflict.id, 'lost')}
        >
          {deleted ? s.restore : s.takeLost}
        </button>
      </div>
    </li>
  );
};

export const ConflictsPage = () => {
  const data = useLiveQuery(async () => {
    const db = getDb();
    const conflicts = await openConflicts(db);
    const labels = await Promise.all(
      conflicts.map(async (c) => {
        const record = (await db.table(c.table).get(c.recordId)) as Record<string, unknown> | undefined;
        if (!record) return c.recordId.slice(0, 8);
        if (c.table === 'beneficiaries') return formatValue({ prenom: record.prenom, nom: record.nom });
        return String(
          record.nom ?? record.name ?? record.date ?? record.inventoryNumber ?? c.recordId.slice(0, 8),
        );
      }),
    );
    return conflicts.map((conflict, i) => ({ conflict, label: labels[i]! }));
  }, []);
  return (
    <Page title={s.title}>
      {data === undefined ? null : data.length === 0 ? (
        <p>{s.none}</p>
      ) : (
        <>
          <p>{s.intro}</p>
          <ul className="list">
            {data.map(({ conflict, label }) => (
              <ConflictCard key={conflict.id} conflict={conflict} label={label} />
            ))}
          </ul>
        </>
      )}
    </Page>
  );
};
