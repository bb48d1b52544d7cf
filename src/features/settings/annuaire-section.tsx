// « Lieux de l'annuaire ajoutés par la structure » (coordinateur): the structure's own lieux of the
// directory, added, edited and removed in the national schema; they reach every tablet of the
// structure by sync with the rest of the directory (imported lieux are not listed here).
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';

import { deleteAnnuaireLieu, listOwnAnnuaire } from '../../data/annuaire';
import { getDb } from '../../data/db';
import { listDrafts } from '../../data/drafts';
import { canDo } from '../../data/permissions';
import { pendingRecordIds } from '../../data/records';
import type { AnnuaireLieu } from '../../domain/annuaire';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { UnsyncedBadge } from '../../ui/unsynced-badge';
import { AnnuaireLieuForm } from './annuaire-lieu-form';
import { strings } from './strings';

const s = strings.annuaire;

export const AnnuaireSection = () => {
  const db = getDb();
  const lieux = useLiveQuery(() => listOwnAnnuaire(db), [db]);
  const ids = (lieux ?? []).map((l) => l.id);
  const pending = useLiveQuery(() => pendingRecordIds(db, ids), [db, ids.join(',')]);
  const [editing, setEditing] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<AnnuaireLieu | undefined>();
  const [message, setMessage] = useState('');
  // A form left half-filled (or opened to correct a refused change) opens again with its draft.
  useEffect(() => {
    let live = true;
    void (async () => {
      const [latest] = (await listDrafts(db)).filter((d) => d.kind === 'annuaire');
      if (!live || !latest) return;
      const id = latest.id.slice('annuaire:'.length);
      if (id !== 'new' && !(await db.annuaire.get(id))) return;
      if (live) setEditing(id);
    })();
    return () => {
      live = false;
    };
  }, [db]);
  const close = () => setEditing(undefined);
  const saved = (lieu: AnnuaireLieu) => {
    close();
    setMessage(s.saved(lieu.nom));
  };
  const remove = async (lieu: AnnuaireLieu) => {
    setDeleting(undefined);
    await deleteAnnuaireLieu(db, lieu.id);
    setMessage(s.deleted(lieu.nom));
  };

  return (
    <section className="card" aria-labelledby="annuaire" id="annuaire-section">
      <h2 id="annuaire" tabIndex={-1}>
        {s.title}
      </h2>
      <p className="muted">{s.intro}</p>
      <p role="status">{message}</p>
      {lieux === undefined ? null : lieux.length === 0 ? (
        <p>{s.empty}</p>
      ) : (
        <ul className="list" aria-labelledby="annuaire">
          {lieux.map((lieu) =>
            editing === lieu.id ? (
              <li key={lieu.id}>
                <AnnuaireLieuForm lieu={lieu} onCancel={close} onSaved={saved} />
              </li>
            ) : (
              <li key={lieu.id} className="list__item">
                <span className="lieu-row">
                  <strong>{lieu.nom}</strong> <UnsyncedBadge pending={pending?.has(lieu.id)} />
                  <span className="muted">
                    {[lieu.adresse, `${lieu.code_postal} ${lieu.commune}`].filter(Boolean).join(', ')}
                  </span>
                  {lieu.services.length ? <span className="muted">{lieu.services.join(' · ')}</span> : null}
                </span>
                <span className="actions">
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={s.editLabel(lieu.nom)}
                    onClick={() => setEditing(lieu.id)}
                  >
                    {s.edit}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={s.deleteLabel(lieu.nom)}
                    onClick={() => setDeleting(lieu)}
                  >
                    {s.delete}
                  </button>
                </span>
              </li>
            ),
          )}
        </ul>
      )}
      {editing === 'new' ? (
        <AnnuaireLieuForm onCancel={close} onSaved={saved} />
      ) : (
        <p>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {s.add}
          </button>
        </p>
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        title={s.deleteTitle}
        message={deleting ? s.deleteMessage(deleting.nom) : ''}
        confirmLabel={s.deleteConfirm}
        danger
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          if (deleting) void remove(deleting);
        }}
      />
    </section>
  );
};

/** Shown to whoever may write the directory (a coordinateur, or a tablet used without an account). */
export const MaybeAnnuaireSection = () => (canDo('annuaire', 'create') ? <AnnuaireSection /> : null);
