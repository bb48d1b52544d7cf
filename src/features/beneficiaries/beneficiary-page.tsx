import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { findDuplicates, getBeneficiary, sessionsOf } from '../../data/beneficiaries';
import { eraseBeneficiary } from '../../data/person-rights';
import { canDo } from '../../data/permissions';
import { discardChanges, refusalsOf } from '../../data/sync/refusals';
import { getDb } from '../../data/db';
import { getDraft } from '../../data/drafts';
import { pendingRecordIds } from '../../data/records';
import { formatDuree } from '../../domain/activity';
import { displayName, formatPhone, type Beneficiary } from '../../domain/beneficiary';
import {
  GENRES,
  labelOf,
  STATUTS_SOCIAUX,
  THEMATIQUES,
  TRANCHES_AGE,
  TYPES_ACTIVITE,
} from '../../domain/enums';
import { announce } from '../../ui/announcer';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { formatDay, formatDayShort } from '../../ui/format';
import { Page } from '../../ui/page';
import { RefusedNotice } from '../../ui/refused-notice';
import { TableRegion } from '../../ui/table-region';
import { UnsyncedNotice } from '../../ui/unsynced-badge';
import { PersonAccess } from './person-access';
import { PersonWorkshops } from './person-workshops';
import { strings } from './strings';
import './beneficiaries.css';

const s = strings.detail;

const Item = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="facts__item">
    <dt>{label}</dt>
    <dd>{children || <span className="muted">{strings.notProvided}</span>}</dd>
  </div>
);

const Facts = ({ b }: { b: Beneficiary }) => (
  <dl className="facts">
    {b.anonyme ? null : (
      <>
        <Item label={strings.form.prenom}>{b.prenom}</Item>
        <Item label={strings.form.nom}>{b.nom}</Item>
        <Item label={strings.form.telephone}>{b.pasDeTelephone ? s.noPhone : formatPhone(b.telephone)}</Item>
        <Item label={strings.form.email}>{b.email}</Item>
        <Item label={strings.form.adresse}>{b.adresse}</Item>
      </>
    )}
    <Item label={strings.form.commune}>
      {b.commune ? s.commune(b.commune.nom, b.commune.codePostal, b.commune.codeInsee) : ''}
    </Item>
    <Item label={strings.form.anneeNaissance}>{b.anneeNaissance ? s.bornIn(b.anneeNaissance) : ''}</Item>
    <Item label={strings.form.trancheAge}>{labelOf(TRANCHES_AGE, b.trancheAge)}</Item>
    <Item label={strings.form.genre}>{labelOf(GENRES, b.genre)}</Item>
    <Item label={strings.form.statutSocial}>{labelOf(STATUTS_SOCIAUX, b.statutSocial)}</Item>
    <Item label={strings.form.notes}>{b.notes ? <span className="facts__notes">{b.notes}</span> : ''}</Item>
  </dl>
);

const History = ({ id }: { id: string }) => {
  const db = getDb();
  const sessions = useLiveQuery(() => sessionsOf(db, id), [db, id]);
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">
        {s.history}
        {sessions ? <span className="muted"> — {s.historyCount(sessions.length)}</span> : null}
      </h2>
      {sessions === undefined ? (
        <p className="loading">{strings.loading}</p>
      ) : sessions.length === 0 ? (
        <p>{s.historyEmpty}</p>
      ) : (
        <TableRegion label={s.history}>
          <table aria-labelledby="history-title">
            <thead>
              <tr>
                <th scope="col">{s.date}</th>
                <th scope="col">{s.type}</th>
                <th scope="col">{s.duree}</th>
                <th scope="col">{s.thematiques}</th>
                <th scope="col">
                  <span className="visually-hidden">{s.open}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((a) => (
                <tr key={a.id}>
                  <td>{formatDayShort(a.date)}</td>
                  <td>{labelOf(TYPES_ACTIVITE, a.type)}</td>
                  <td>{formatDuree(a.duree)}</td>
                  <td>{a.thematiques.map((t) => labelOf(THEMATIQUES, t)).join(', ')}</td>
                  <td>
                    <Link
                      className="button button--secondary"
                      to={`/activites/${a.id}`}
                      aria-label={s.openSession(labelOf(TYPES_ACTIVITE, a.type), formatDay(a.date))}
                    >
                      {s.open}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
};

export const BeneficiaryPage = () => {
  const { id = '' } = useParams();
  const db = getDb();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  // null: not found (or deleted); undefined: still loading.
  const b = useLiveQuery(async () => (await getBeneficiary(db, id)) ?? null, [db, id]);
  const editDraft = useLiveQuery(() => getDraft(db, `beneficiary:${id}`), [db, id]);
  const pending = useLiveQuery(async () => (await pendingRecordIds(db, [id])).has(id), [db, id]);
  const refusals = useLiveQuery(() => refusalsOf(db, 'beneficiaries', id), [db, id]);
  // The duplicate warning of a fiche, with La Coop's remedy: a merge.
  const { prenom, nom, anneeNaissance } = b ?? {};
  const named = Boolean(b && !b.anonyme);
  const duplicates = useLiveQuery(
    async () => (named ? findDuplicates(db, { prenom, nom, anneeNaissance, excludeId: id }) : []),
    [db, id, named, prenom, nom, anneeNaissance],
  );

  if (b === undefined) {
    return (
      <Page title={strings.loading} loading>
        <p className="loading">{strings.loading}</p>
      </Page>
    );
  }
  if (b === null) {
    return (
      <Page title={strings.notFound.title}>
        <p>{strings.notFound.text}</p>
        <Link className="button" to="/beneficiaires">
          {strings.notFound.back}
        </Link>
      </Page>
    );
  }

  const remove = async () => {
    setConfirming(false);
    // Her deletion anonymises her, with her loans' signed agreements, her sessions' notes, her drafts.
    await eraseBeneficiary(db, b.id);
    announce(strings.announce.deleted);
    await navigate('/beneficiaires', { state: { deleted: true } });
  };

  return (
    <Page
      title={displayName(b)}
      documentTitle={s.documentTitle}
      actions={
        <>
          <Link className="button" to={`/activites/nouvelle/individuel?beneficiaire=${b.id}`}>
            {s.newSession}
          </Link>
          <Link className="button button--secondary" to={`/beneficiaires/${b.id}/modifier`}>
            {s.edit}
          </Link>
          {canDo('beneficiaries', 'delete', b) ? (
            <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
              {s.delete}
            </button>
          ) : null}
        </>
      }
    >
      <UnsyncedNotice pending={pending} />
      <RefusedNotice
        refusals={refusals?.map((r) => r.refused)}
        correctTo={`/beneficiaires/${b.id}/modifier`}
        onDiscard={() => discardChanges(db, 'beneficiaries', b.id)}
      />
      {duplicates && duplicates.length > 0 ? (
        <div className="card card--warning" role="status">
          <p>
            <strong>{strings.form.duplicateTitle}</strong>
          </p>
          <ul>
            {duplicates.map((d) => (
              <li key={d.id}>
                <Link to={`/beneficiaires/${d.id}`}>{displayName(d)}</Link>
                {d.anneeNaissance ? ` — ${d.anneeNaissance}` : null}
                {' · '}
                <Link to={`/beneficiaires/${b.id}/fusionner/${d.id}`}>
                  {strings.merge.open(displayName(d))}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {editDraft ? (
        <p className="card card--warning">
          {s.draftPending}{' '}
          <Link to={editDraft.path} className="button button--secondary">
            {s.resumeDraft}
          </Link>
        </p>
      ) : null}
      <section className="card" aria-labelledby="identity-title">
        <h2 id="identity-title">{s.identity}</h2>
        {b.anonyme ? <p>{s.anonymousRecord}</p> : null}
        <Facts b={b} />
      </section>
      <History id={b.id} />
      <PersonWorkshops id={b.id} />
      <PersonAccess id={b.id} />
      <ConfirmDialog
        open={confirming}
        title={s.deleteTitle}
        message={s.deleteMessage}
        confirmLabel={s.deleteConfirm}
        danger
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      />
    </Page>
  );
};
