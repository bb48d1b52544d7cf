import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';

import { getDb, type SillonDB } from '../../data/db';
import { getIdentity } from '../../data/meta';
import type { StoredConflict } from '../../data/sync/apply';
import { openConflicts, resolveConflict } from '../../data/sync/conflicts';
import { memberNames } from '../../data/sync/members';
import { displayName } from '../../domain/beneficiary';
import { TYPES_ACTIVITE, labelOf } from '../../domain/enums';
import { itemLabel, type Item } from '../../domain/loans';
import type { SyncTable } from '../../domain/records';
import { formatDateTime, formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import {
  fieldLabel,
  formatField,
  formatSnapshot,
  recordPath,
  referencedIds,
  type Lookups,
} from './conflict-values';
import { strings } from './strings';

const s = strings.conflicts;

type Row = Record<string, unknown>;

/** A record as its own page titles it. */
const recordLabel = (table: SyncTable, record: Row | undefined, lookups: Lookups, id: string): string => {
  if (!record) return id.slice(0, 8);
  if (record.deleted) return s.deleted;
  switch (table) {
    case 'beneficiaries':
      return displayName(record as never) || s.deleted;
    case 'activities':
      return `${labelOf(TYPES_ACTIVITE, String(record.type))} · ${formatDay(String(record.date))}`;
    case 'items':
      return itemLabel(record as unknown as Item);
    case 'loans':
      return s.loanOf(lookups.beneficiaries.get(String(record.beneficiaryId)) ?? s.unknownRecord);
    default:
      return String(record.nom ?? record.title ?? id.slice(0, 8));
  }
};

const readLookups = async (db: SillonDB, conflicts: StoredConflict[], records: (Row | undefined)[]) => {
  const ids = { lieux: new Set<string>(), beneficiaries: new Set<string>(), items: new Set<string>() };
  conflicts.forEach((c, i) => {
    const refs = referencedIds(c.table, c.field, [c.keptValue, c.lostValue]);
    refs.lieux.forEach((id) => ids.lieux.add(id));
    refs.beneficiaries.forEach((id) => ids.beneficiaries.add(id));
    refs.items.forEach((id) => ids.items.add(id));
    const loan = records[i];
    if (c.table === 'loans' && typeof loan?.beneficiaryId === 'string')
      ids.beneficiaries.add(loan.beneficiaryId);
  });
  const named = async <T,>(table: string, keys: Set<string>, name: (r: T) => string) => {
    const rows = (await db.table(table).bulkGet([...keys])) as (T | undefined)[];
    return new Map([...keys].flatMap((id, i) => (rows[i] ? [[id, name(rows[i])] as const] : [])));
  };
  return {
    lieux: await named<{ nom: string }>('lieux', ids.lieux, (l) => l.nom),
    beneficiaries: await named<Row>('beneficiaries', ids.beneficiaries, (b) =>
      b.deleted ? s.deleted : displayName(b as never),
    ),
    items: await named<Item>('items', ids.items, itemLabel),
  } satisfies Lookups;
};

interface CardData {
  conflict: StoredConflict;
  label: string;
  path?: string;
  /** The record is not on this tablet at all (not yet pulled, or purged). */
  missing: boolean;
  lookups: Lookups;
  names: Record<string, string>;
}

const ConflictCard = ({ conflict, label, path, missing, lookups, names }: CardData) => {
  const deleted = conflict.field === 'deleted';
  const headingId = `conflict-${conflict.id}`;
  const who = (userId: string | undefined) =>
    userId && userId === getIdentity().userId ? s.you : ((userId && names[userId]) ?? s.colleague);
  const value = (v: unknown) =>
    deleted
      ? formatSnapshot(conflict.table, v, lookups)
      : formatField(conflict.table, conflict.field, v, lookups);
  return (
    <li className="card" aria-labelledby={headingId} data-testid="conflict">
      <h2 id={headingId}>
        {s.tables[conflict.table] ?? conflict.table} · {label}
      </h2>
      <p className="muted">
        {s.detected(formatDateTime(conflict.detectedAt))}{' '}
        {path ? (
          <Link to={path} aria-label={s.openLabel(label)}>
            {s.open}
          </Link>
        ) : missing ? (
          s.recordGone
        ) : null}
      </p>
      {deleted ? <p>{s.restoreHint}</p> : null}
      <dl>
        <dt>{s.field}</dt>
        <dd>{deleted ? s.deleted : fieldLabel(conflict.table, conflict.field)}</dd>
        <dt>{s.kept}</dt>
        <dd data-testid="kept-value">
          {deleted ? s.deletedKept : value(conflict.keptValue)} ({s.by(who(conflict.keptBy))})
        </dd>
        <dt>{s.lost}</dt>
        <dd data-testid="lost-value">
          {value(conflict.lostValue)} ({s.by(who(conflict.lostBy))})
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
  const data = useLiveQuery(async (): Promise<CardData[]> => {
    const db = getDb();
    const conflicts = await openConflicts(db);
    const records = await Promise.all(
      conflicts.map((c) => db.table(c.table).get(c.recordId) as Promise<Row | undefined>),
    );
    const [lookups, names] = await Promise.all([readLookups(db, conflicts, records), memberNames(db)]);
    return conflicts.map((conflict, i) => {
      const record = records[i];
      const path =
        record && !record.deleted ? recordPath(conflict.table, conflict.recordId, record) : undefined;
      return {
        conflict,
        label: recordLabel(conflict.table, record, lookups, conflict.recordId),
        ...(path ? { path } : {}),
        missing: !record,
        lookups,
        names,
      };
    });
  }, []);
  return (
    <Page title={s.title}>
      {data === undefined ? null : data.length === 0 ? (
        <p>{s.none}</p>
      ) : (
        <>
          <p>{s.intro}</p>
          <ul className="list">
            {data.map((card) => (
              <ConflictCard key={card.conflict.id} {...card} />
            ))}
          </ul>
        </>
      )}
    </Page>
  );
};
