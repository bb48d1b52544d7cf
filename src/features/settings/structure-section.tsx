import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';

import { searchCommunes } from '../../data/communes';
import { getDb } from '../../data/db';
import {
  canEditStructureCommune,
  getStructureCommune,
  saveStructureCommune,
} from '../../data/structure-profile';
import type { CommuneRef } from '../../domain/beneficiary';
import { communeLabel } from '../../domain/stats';
import { CommuneInput } from '../../ui/commune-input';
import { strings } from './strings';

const s = strings.structure;

/** Where the structure employeuse is: La Coop counts « à distance » sessions there. */
export const StructureSection = () => {
  const db = getDb();
  const stored = useLiveQuery(async () => (await getStructureCommune(db)) ?? null, [db]);
  const [draft, setDraft] = useState<CommuneRef | null | undefined>(undefined);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [editing, setEditing] = useState(false);
  const value = draft === undefined ? (stored ?? undefined) : (draft ?? undefined);
  if (stored === undefined) return null;
  if (!canEditStructureCommune()) {
    return (
      <section className="card" aria-labelledby="structure">
        <h2 id="structure">{s.title}</h2>
        <p>{stored ? s.readOnly(communeLabel(stored)) : s.none}</p>
        <p className="field__hint">{s.readOnlyHint}</p>
      </section>
    );
  }
  const save = async () => {
    try {
      await saveStructureCommune(db, value);
      setDraft(undefined);
      setEditing(false);
      setMessage({ text: s.saved, error: false });
    } catch (error) {
      setMessage({
        text: `${s.failed} ${error instanceof Error ? error.message : String(error)}`,
        error: true,
      });
    }
  };
  return (
    <section className="card" aria-labelledby="structure">
      <h2 id="structure">{s.title}</h2>
      {editing ? (
        <>
          <CommuneInput
            label={s.commune}
            hint={stored ? s.hint : `${s.hint} ${s.none}`}
            value={value}
            onChange={(c) => {
              setDraft(c ?? null);
              setMessage(undefined);
            }}
            search={(q) => searchCommunes(q, { allFrance: true })}
          />
          <p className="actions">
            <button
              type="button"
              className="button"
              disabled={draft === undefined}
              onClick={() => void save()}
            >
              {s.save}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setDraft(undefined);
                setEditing(false);
              }}
            >
              {s.cancel}
            </button>
          </p>
        </>
      ) : (
        <>
          <p>{stored ? s.readOnly(communeLabel(stored)) : s.none}</p>
          <p className="field__hint">{s.hint}</p>
          <p className="actions">
            <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
              {s.edit}
            </button>
          </p>
        </>
      )}
      <p role="status" aria-live="polite" className={message?.error ? 'field__error' : 'muted'}>
        {message?.text ?? ''}
      </p>
    </section>
  );
};
