import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';

import { activityRelations, deleteActivity, getActivity } from '../../data/activities';
import { getDb } from '../../data/db';
import { deleteDraft } from '../../data/drafts';
import { canDo } from '../../data/permissions';
import { discardChanges, refusalsOf } from '../../data/sync/refusals';
import { pendingRecordIds } from '../../data/records';
import { accompagnementsCount, ADMIN_THEMATIQUES, formatDuree, type Activity } from '../../domain/activity';
import { displayName } from '../../domain/beneficiary';
import {
  AUTONOMIES,
  GENRES,
  labelOf,
  MATERIELS,
  NIVEAUX_ATELIER,
  STATUTS_SOCIAUX,
  STRUCTURES_REDIRECTION,
  TRANCHES_AGE,
  type Choice,
} from '../../domain/enums';
import { announce } from '../../ui/announcer';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { formatDay, formatNumber } from '../../ui/format';
import { Page } from '../../ui/page';
import { RefusedNotice } from '../../ui/refused-notice';
import './activities.css';
import { ActivityPasses } from './activity-passes';
import { lieuLabel, thematiqueLabels, typeLabel } from './activity-format';
import { strings } from './strings';

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <>
    <dt>{label}</dt>
    <dd>{children}</dd>
  </>
);

/** « Masculin : 2 · Féminin : 3 · Non communiqué : 0 » with the derived « Non communiqué ». */
const breakdown = (choices: readonly Choice[], counts: Partial<Record<string, number>>, total: number) => {
  const known = choices.filter((c) => c.value !== 'non_communique');
  const sum = known.reduce((s, c) => s + (counts[c.value] ?? 0), 0);
  return [
    ...known.filter((c) => counts[c.value]).map((c) => `${c.label} : ${formatNumber(counts[c.value] ?? 0)}`),
    `${labelOf(choices, 'non_communique')} : ${formatNumber(Math.max(0, total - sum))}`,
  ].join(' · ');
};

const Details = ({ activity }: { activity: Activity }) => {
  const db = getDb();
  const relations = useLiveQuery(() => activityRelations(db, [activity]), [db, activity]);
  const none = <span className="muted">{strings.detail.none}</span>;
  const mediation = activity.thematiques.filter((t) => !ADMIN_THEMATIQUES.has(t));
  const administratives = activity.thematiques.filter((t) => ADMIN_THEMATIQUES.has(t));
  const people = activity.beneficiaryIds.map((id) => {
    const b = relations?.beneficiaries.get(id);
    return (
      <li key={id}>
        {b ? <Link to={`/beneficiaires/${id}`}>{displayName(b)}</Link> : strings.detail.unknownBeneficiary}
      </li>
    );
  });
  const anonymes = activity.participantsAnonymes;
  return (
    <dl className="details">
      <Row label={strings.detail.type}>{typeLabel(activity)}</Row>
      {activity.type === 'collectif' ? (
        <Row label={strings.detail.titreAtelier}>{activity.titreAtelier ?? none}</Row>
      ) : null}
      <Row label={strings.detail.date}>{formatDay(activity.date)}</Row>
      <Row label={strings.detail.duree}>{formatDuree(activity.duree)}</Row>
      <Row label={strings.detail.lieu}>
        {lieuLabel(activity, activity.lieuId ? relations?.lieux.get(activity.lieuId) : undefined)}
      </Row>
      {activity.type === 'individuel' ? (
        <Row label={strings.detail.beneficiary}>
          {people.length ? <ul className="plain-list">{people}</ul> : strings.list.anonymousIndividual}
        </Row>
      ) : (
        <>
          <Row label={strings.detail.participants}>
            {people.length ? <ul className="plain-list">{people}</ul> : none}
          </Row>
          <Row label={strings.detail.anonymes}>
            {anonymes && anonymes.total > 0 ? (
              <ul className="plain-list">
                <li>
                  {formatNumber(anonymes.total)}
                  {anonymes.dejaAccompagne
                    ? `, ${strings.detail.dejaAccompagne(anonymes.dejaAccompagne)}`
                    : ''}
                </li>
                <li>
                  {strings.form.genre} — {breakdown(GENRES, anonymes.genre, anonymes.total)}
                </li>
                <li>
                  {strings.form.trancheAge} — {breakdown(TRANCHES_AGE, anonymes.trancheAge, anonymes.total)}
                </li>
                <li>
                  {strings.form.statutSocial} —{' '}
                  {breakdown(STATUTS_SOCIAUX, anonymes.statutSocial, anonymes.total)}
                </li>
              </ul>
            ) : (
              none
            )}
          </Row>
          <Row label={strings.detail.accompagnements}>{formatNumber(accompagnementsCount(activity))}</Row>
          <Row label={strings.detail.niveau}>
            {activity.niveau ? labelOf(NIVEAUX_ATELIER, activity.niveau) : none}
          </Row>
        </>
      )}
      <Row label={strings.detail.thematiques}>{thematiqueLabels(mediation).join(', ') || none}</Row>
      {administratives.length ? (
        <Row label={strings.detail.thematiquesAdministratives}>
          {thematiqueLabels(administratives).join(', ')}
        </Row>
      ) : null}
      {activity.precisionsDemarche ? (
        <Row label={strings.detail.precisionsDemarche}>{activity.precisionsDemarche}</Row>
      ) : null}
      <Row label={strings.detail.materiel}>
        {activity.materiel.map((m) => labelOf(MATERIELS, m)).join(', ') || none}
      </Row>
      {activity.type === 'individuel' ? (
        <>
          <Row label={strings.detail.autonomie}>
            {activity.autonomie ? labelOf(AUTONOMIES, activity.autonomie) : none}
          </Row>
          <Row label={strings.detail.orientation}>
            {activity.orienteVersStructure === undefined
              ? none
              : activity.orienteVersStructure
                ? labelOf(STRUCTURES_REDIRECTION, activity.structureDeRedirection)
                : strings.detail.notOriented}
            {activity.orienteVersStructure && activity.lieuOrientation ? (
              <>
                {' — '}
                <Link to={`/annuaire/${activity.lieuOrientation.id}`}>{activity.lieuOrientation.nom}</Link>
                {' · '}
                <Link to={`/annuaire/${activity.lieuOrientation.id}/fiche?activite=${activity.id}`}>
                  {strings.detail.ficheOrientation}
                </Link>
              </>
            ) : null}
          </Row>
        </>
      ) : null}
      <Row label={strings.detail.notes}>
        {activity.notes ? <span className="pre-line">{activity.notes}</span> : none}
      </Row>
    </dl>
  );
};

/** /activites/:id */
export const ActivityDetailPage = () => {
  const { id = '' } = useParams();
  const db = getDb();
  const navigate = useNavigate();
  const location = useLocation();
  const justSaved = Boolean((location.state as { saved?: boolean } | null)?.saved);
  const [confirming, setConfirming] = useState(false);
  // null: looked up and not found (undefined while loading).
  const activity = useLiveQuery(async () => (await getActivity(db, id)) ?? null, [db, id]);
  const pending = useLiveQuery(async () => (await pendingRecordIds(db, [id])).has(id), [db, id]);
  const refusals = useLiveQuery(() => refusalsOf(db, 'activities', id), [db, id]);

  if (activity === undefined) {
    return (
      <Page title={strings.list.title} loading>
        <p className="loading">{strings.list.loading}</p>
      </Page>
    );
  }
  if (activity === null) {
    return (
      <Page title={strings.form.notFound}>
        <Link to="/activites">{strings.form.backToList}</Link>
      </Page>
    );
  }

  const remove = async () => {
    setConfirming(false);
    await deleteActivity(db, activity.id);
    await deleteDraft(db, `activity:${activity.id}`);
    announce(strings.announce.deleted);
    navigate('/activites', { replace: true, state: { deleted: true } });
  };

  return (
    <Page
      title={strings.detail.title(typeLabel(activity), formatDay(activity.date))}
      actions={
        <>
          {canDo('activities', 'update', activity) ? (
            <Link className="button" to={`/activites/${activity.id}/modifier`}>
              {strings.detail.edit}
            </Link>
          ) : null}
          {canDo('activities', 'delete', activity) ? (
            <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
              {strings.detail.delete}
            </button>
          ) : null}
        </>
      }
    >
      {justSaved ? (
        <p className="card" role="status">
          {strings.detail.saved}
        </p>
      ) : null}
      {pending ? (
        <p>
          <span className="badge badge--warning">{strings.list.notSynced}</span>{' '}
          <span className="muted">{strings.detail.notSynced}</span>
        </p>
      ) : null}
      <RefusedNotice
        refusals={refusals?.map((r) => r.refused)}
        correctTo={`/activites/${activity.id}/modifier`}
        onDiscard={() => discardChanges(db, 'activities', activity.id)}
      />
      <section className="card" aria-label={typeLabel(activity)}>
        <Details activity={activity} />
      </section>
      {activity.type === 'individuel' ? <ActivityPasses activity={activity} /> : null}
      <p>
        <Link to="/activites">{strings.detail.back}</Link>
      </p>
      <ConfirmDialog
        open={confirming}
        title={strings.detail.deleteTitle}
        message={strings.detail.deleteMessage}
        confirmLabel={strings.detail.deleteConfirm}
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => void remove()}
      />
    </Page>
  );
};
