import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';

import { getDb } from '../../data/db';
import { listDrafts } from '../../data/drafts';
import { deleteLieu, listLieux } from '../../data/lieux';
import { canDo } from '../../data/permissions';
import { pendingRecordIds } from '../../data/records';
import type { Lieu } from '../../domain/lieu';
import { communeLabel } from '../../ui/commune-input';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { UnsyncedBadge } from '../../ui/unsynced-badge';
import { LieuForm } from './lieu-form';
import { LieuxExport } from './lieux-export';
import { strings } from './strings';

/** « Mes lieux d'activité »: the places offered by the activity forms. */
export const LieuxSection = () => {
  const db = getDb();
  const lieux = useLiveQuery(() => listLieux(db), [db]);
  const ids = (lieux ?? []).map((l) => l.id);
  const pending = useLiveQuery(() => pendingRecordIds(db, ids), [db, ids.join(',')]);
  // 'new', a lieu's id, or nothing being edited.
  const [editing, setEditing] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<Lieu | undefined>();
  const [message, setMessage] = useState('');
  // A lieu form left half-filled (reload, closed tab) opens again (the form resumes its draft).
  useEffect(() => {
    let live = true;
    void (async () => {
      const [latest] = (await listDrafts(db)).filter((d) => d.kind === 'lieu');
      if (!live || !latest) return;
      const id = latest.id.slice('lieu:'.length);
      if (id !== 'new' && !(await db.lieux.get(id))) return;
      if (!live) return;
      setEditing(id);
    })();
    return () => {
      live = false;
    };
  }, [db]);
  const close = () => setEditing(undefined);

  const remove = async (lieu: Lieu) => {
    setDeleting(undefined);
    await deleteLieu(db, lieu.id);
    setMessage(strings.lieux.deleted(lieu.nom));
  };

  return (
    <section className="card" aria-labelledby="lieux" id="lieux-section">
      <h2 id="lieux" tabIndex={-1}>
        {strings.lieux.title}
      </h2>
      <p className="muted">{strings.lieux.intro}</p>
      <p role="status">{message}</p>
      {lieux === undefined ? null : lieux.length === 0 ? (
        <p>{strings.lieux.empty}</p>
      ) : (
        <ul className="list" aria-labelledby="lieux">
          {lieux.map((lieu) =>
            editing === lieu.id ? (
              <li key={lieu.id}>
                <LieuForm
                  lieu={lieu}
                  onCancel={close}
                  onSaved={(saved) => {
                    close();
                    setMessage(strings.lieux.saved(saved.nom));
                  }}
                />
              </li>
            ) : (
              <li key={lieu.id} className="list__item">
                <span className="lieu-row">
                  <strong>{lieu.nom}</strong> <UnsyncedBadge pending={pending?.has(lieu.id)} />
                  {lieu.adresse || lieu.commune ? (
                    <span className="muted">
                      {[lieu.adresse, lieu.commune ? communeLabel(lieu.commune) : undefined]
                        .filter(Boolean)
                        .join(', ')}
                    </span>
                  ) : null}
                </span>
                <span className="actions">
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={strings.lieux.editLabel(lieu.nom)}
                    onClick={() => setEditing(lieu.id)}
                  >
                    {strings.lieux.edit}
                  </button>
                  {canDo('lieux', 'delete', lieu) ? (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={strings.lieux.deleteLabel(lieu.nom)}
                      onClick={() => setDeleting(lieu)}
                    >
                      {strings.lieux.delete}
                    </button>
                  ) : null}
                </span>
              </li>
            ),
          )}
        </ul>
      )}
      {editing === 'new' ? (
        <LieuForm
          onCancel={close}
          onSaved={(saved) => {
            close();
            setMessage(strings.lieux.saved(saved.nom));
          }}
        />
      ) : (
        <p>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {strings.lieux.add}
          </button>
        </p>
      )}
      {lieux?.length ? <LieuxExport /> : null}
      <ConfirmDialog
        open={deleting !== undefined}
        title={strings.lieux.deleteTitle}
        message={deleting ? strings.lieux.deleteMessage(deleting.nom) : ''}
        confirmLabel={strings.lieux.deleteConfirm}
        danger
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          if (deleting) void remove(deleting);
        }}
      />
    </section>
  );
};
