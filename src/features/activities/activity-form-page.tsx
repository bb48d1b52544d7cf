import { useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';

import { TYPES_ACTIVITE, values, type TypeActivite } from '../../domain/enums';
import { announce } from '../../ui/announcer';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ChangedMeanwhile, DraftNotice, SaveFailure } from '../../ui/form-notices';
import { Page } from '../../ui/page';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { ActivityForm } from './activity-form';
import './activities.css';
import { strings } from './strings';
import { draftPathOf, useActivityForm, type ActivityFormTarget } from './use-activity-form';

const ActivityFormScreen = ({ target }: { target: ActivityFormTarget }) => {
  const navigate = useNavigate();
  const { form, chips, lieux, services } = useActivityForm(target);
  const formRef = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  const cancelTo = target.kind === 'edit' ? `/activites/${target.id}` : '/activites';

  useFocusFirstError(formRef, form.submitCount);

  const type = form.status === 'ready' ? form.state.type : target.kind === 'new' ? target.type : 'individuel';
  const title = target.kind === 'new' ? strings.form.titleNew[type] : strings.form.titleEdit[type];

  if (form.status === 'missing') {
    return (
      <Page title={strings.form.notFound}>
        <Link to="/activites">{strings.form.backToList}</Link>
      </Page>
    );
  }
  if (form.status === 'loading') {
    return (
      <Page title={title} loading>
        <p className="loading">{strings.list.loading}</p>
      </Page>
    );
  }

  const submit = async () => {
    const saved = await form.submit();
    if (!saved) return;
    announce(strings.announce.saved);
    navigate(`/activites/${saved.id}`, { replace: true, state: { saved: true } });
  };

  const errorCount = Object.keys(form.errors).length;
  return (
    <Page title={title}>
      <DraftNotice form={form} />
      {errorCount > 0 ? (
        <p className="card card--danger" role="alert">
          {strings.form.errorSummary(errorCount)}
        </p>
      ) : null}
      <ChangedMeanwhile form={form} />
      <SaveFailure message={form.saveError} />
      <ActivityForm
        state={form.state}
        errors={form.errors}
        chips={chips}
        lieux={lieux}
        services={services}
        saving={form.saving}
        formRef={formRef}
        onChange={form.set}
        onSubmit={() => void submit()}
        createBeneficiaryHref={`/beneficiaires/nouveau?retour=${encodeURIComponent(draftPathOf(target))}`}
        onCancel={() => (form.touched || form.restoredAt ? setConfirming(true) : navigate(cancelTo))}
      />
      <p className="muted">{strings.form.autosaved}</p>
      <ConfirmDialog
        open={confirming}
        title={strings.form.discardTitle}
        message={strings.form.discardMessage}
        confirmLabel={strings.form.discardConfirm}
        cancelLabel={strings.form.keepEditing}
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void form.abandon().then(() => navigate(cancelTo));
        }}
      />
    </Page>
  );
};

const isType = (value: string | undefined): value is TypeActivite =>
  (values(TYPES_ACTIVITE) as string[]).includes(value ?? '');

/** /activites/nouvelle/:type (?beneficiaire=<id> preselects the beneficiary). */
export const NewActivityPage = () => {
  const { type } = useParams();
  const [search] = useSearchParams();
  if (!isType(type)) {
    return (
      <Page title={strings.form.notFound}>
        <Link to="/activites">{strings.form.backToList}</Link>
      </Page>
    );
  }
  return (
    <ActivityFormScreen
      key={type}
      target={{ kind: 'new', type, beneficiaryId: search.get('beneficiaire') ?? undefined }}
    />
  );
};

/** /activites/:id/modifier */
export const EditActivityPage = () => {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  return (
    <ActivityFormScreen
      key={id}
      target={{ kind: 'edit', id, beneficiaryId: search.get('beneficiaire') ?? undefined }}
    />
  );
};
