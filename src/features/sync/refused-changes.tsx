import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router';

import { getDb } from '../../data/db';
import { discardChanges, listRefusals, type RefusedEntry } from '../../data/sync/refusals';
import type { SyncTable } from '../../domain/records';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { formatDateTime } from '../../ui/format';
import { fieldLabel, recordPath } from './conflict-values';
import { strings } from './strings';

const s = strings.refused;

interface Card {
  table: SyncTable;
  recordId: string;
  refusal: RefusedEntry['refused'];
  label: string;
  path?: string;
}

/** A record as a person names it: the name, the title, else its kind. */
const nameOf = (record: Record<string, unknown> | undefined): string | undefined => {
  if (!record) return undefined;
  const name = [record.prenom, record.nom].filter((p) => typeof p === 'string' && p).join(' ');
  if (name) return name;
  for (const key of ['titreAtelier', 'title', 'inventoryNumber', 'date'])
    if (typeof record[key] === 'string' && record[key]) return String(record[key]);
  return undefined;
};

/** Changes the server refused, one card per record (Synchronisation page). */
export const RefusedChanges = () => {
  const [discarding, setDiscarding] = useState<Card>();
  const cards = useLiveQuery(async (): Promise<Card[]> => {
    const db = getDb();
    const latest = new Map<string, RefusedEntry>();
    for (const entry of await listRefusals(db)) latest.set(`${entry.table}:${entry.recordId}`, entry);
    return Promise.all(
      [...latest.values()].map(async (entry) => {
        const record = (await db.table(entry.table).get(entry.recordId)) as
          Record<string, unknown> | undefined;
        const path = record && !record.deleted ? recordPath(entry.table, entry.recordId, record) : undefined;
        return {
          table: entry.table,
          recordId: entry.recordId,
          refusal: entry.refused,
          label: `${strings.conflicts.tables[entry.table] ?? entry.table} · ${nameOf(record) ?? s.unnamed}`,
          ...(path ? { path } : {}),
        };
      }),
    );
  }, []);
  if (!cards || cards.length === 0) return null;
  return (
    <section className="card card--danger" aria-labelledby="refused-title" data-testid="refused-changes">
      <h2 id="refused-title">{s.title}</h2>
      <p>{s.intro}</p>
      <ul className="list">
        {cards.map((card) => (
          <li key={`${card.table}:${card.recordId}`} className="card">
            <h3>{card.label}</h3>
            <p>
              <strong>{s.codes[card.refusal.code] ?? card.refusal.code}</strong>{' '}
              <span className="muted">{s.on(formatDateTime(card.refusal.at))}</span>
            </p>
            <p>{s.refused(card.refusal.fields ? '' : card.refusal.message).trim()}</p>
            {card.refusal.fields ? (
              <ul>
                {Object.entries(card.refusal.fields).map(([field, message]) => (
                  <li key={field}>
                    {fieldLabel(card.table, field.split('.')[0]!)} : {message}
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="actions">
              {card.path ? (
                <Link className="button" to={card.path}>
                  {s.correct}
                </Link>
              ) : null}
              <button type="button" className="button button--secondary" onClick={() => setDiscarding(card)}>
                {s.discard}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={discarding !== undefined}
        title={s.discardTitle}
        message={s.discardMessage}
        confirmLabel={s.discard}
        cancelLabel={s.keep}
        danger
        onConfirm={() => {
          const card = discarding;
          setDiscarding(undefined);
          if (card) void discardChanges(getDb(), card.table, card.recordId);
        }}
        onCancel={() => setDiscarding(undefined)}
      />
    </section>
  );
};
