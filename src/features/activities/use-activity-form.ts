// The activity form on the one form model (src/ui/use-form.ts): this hook loads what the form
// needs around the record (durée chips, the advisor's habits, lieux, a lieu deleted since) and gives
// the model the activity's rules; base, draft, review, validation and save are the model's.
import { useEffect, useMemo, useState } from 'react';

import {
  activityFields,
  adaptiveDurees,
  createActivity,
  getActivity,
  getActivityDefaults,
  updateActivity,
} from '../../data/activities';
import { getBeneficiariesByIds, searchBeneficiaries } from '../../data/beneficiaries';
import { searchCommunes } from '../../data/communes';
import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import { getLieu, listLieux } from '../../data/lieux';
import { activityInputSchema, type Activity, type ActivityInput } from '../../domain/activity';
import { labelOf, TYPES_ACTIVITE, type TypeActivite } from '../../domain/enums';
import type { Lieu } from '../../domain/lieu';
import { validate } from '../../domain/validation';
import { formatDay } from '../../ui/format';
import { useForm, type CheckResult } from '../../ui/use-form';
import type { ActivityFormServices } from './activity-form';
import {
  customDureeInRange,
  emptyForm,
  formFromActivity,
  formFromDraft,
  toActivityInput,
  type ActivityFormState,
  type FormDefaults,
} from './form-state';
import { activityReviewFields } from './review-fields';
import { strings } from './strings';

/** `beneficiaryId`: a beneficiary to add, from her fiche or just created from this form. */
export type ActivityFormTarget =
  | { kind: 'new'; type: TypeActivite; beneficiaryId?: string | undefined }
  | { kind: 'edit'; id: string; beneficiaryId?: string | undefined };

/** The one beneficiary of a session, or one more participant of a workshop. */
const withBeneficiary = (s: ActivityFormState, id: string | undefined): ActivityFormState => {
  if (!id || s.beneficiaryIds.includes(id)) return s;
  return { ...s, beneficiaryIds: s.type === 'individuel' ? [id] : [...s.beneficiaryIds, id] };
};

/** Draft ids: one draft per new form type, one per edited activity. */
export const draftIdOf = (target: ActivityFormTarget): string =>
  target.kind === 'new' ? `activity:new:${target.type}` : `activity:${target.id}`;

export const draftPathOf = (target: ActivityFormTarget): string =>
  target.kind === 'new' ? `/activites/nouvelle/${target.type}` : `/activites/${target.id}/modifier`;

/** Errors with La Coop's rules, and the « Personnaliser » durée's range. */
export const checkActivityForm = (state: ActivityFormState): CheckResult<ActivityInput> => {
  const result = validate(activityInputSchema, toActivityInput(state));
  if (result.ok && customDureeInRange(state)) return result;
  return {
    ok: false,
    errors: {
      ...(result.ok ? {} : result.errors),
      ...(customDureeInRange(state) ? {} : { duree: strings.form.dureeRange }),
    },
  };
};

interface Context {
  chips: number[];
  defaults: Omit<FormDefaults, 'chips' | 'beneficiaryId'>;
  lieux: Lieu[];
  /** The edited activity's lieu if it was deleted since (still shown, still selectable). */
  deletedLieu?: Lieu;
}

/** The state of an activity form: its context, and the model (base, draft, review, save). */
export const useActivityForm = (target: ActivityFormTarget) => {
  const db = getDb();
  const [context, setContext] = useState<Context>();
  const editId = target.kind === 'edit' ? target.id : undefined;

  useEffect(() => {
    let live = true;
    void (async () => {
      const [chips, defaults, lieux, activity] = await Promise.all([
        adaptiveDurees(db),
        getActivityDefaults(db),
        listLieux(db),
        editId ? getActivity(db, editId) : Promise.resolve(undefined),
      ]);
      const lieu = activity?.lieuId ? await getLieu(db, activity.lieuId) : undefined;
      if (live) setContext({ chips, defaults, lieux, ...(lieu?.deleted ? { deletedLieu: lieu } : {}) });
    })();
    return () => {
      live = false;
    };
  }, [db, editId]);

  const chips = useMemo(() => context?.chips ?? [], [context]);
  const shownLieux = useMemo(
    () => (context ? (context.deletedLieu ? [...context.lieux, context.deletedLieu] : context.lieux) : []),
    [context],
  );
  const fields = useMemo(
    () =>
      activityReviewFields(
        (id) => shownLieux.find((l) => l.id === id)?.nom,
        (ids) => String(ids.length),
      ),
    [shownLieux],
  );

  const type = target.kind === 'new' ? target.type : undefined;
  const form = useForm<ActivityFormState, ActivityInput, Activity>({
    store: formStore(db),
    draft: {
      id: draftIdOf(target),
      kind: 'activity',
      path: draftPathOf(target),
      title: (state) =>
        target.kind === 'new'
          ? strings.form.draftTitleNew[state.type]
          : strings.form.draftTitleEdit(labelOf(TYPES_ACTIVITE, state.type), formatDay(state.date)),
    },
    ...(editId ? { record: { table: 'activities' as const, id: editId } } : {}),
    blank: () =>
      emptyForm(type ?? 'individuel', { ...context?.defaults, chips, beneficiaryId: target.beneficiaryId }),
    fromRecord: (activity) => formFromActivity(activity, chips),
    fromDraft: formFromDraft,
    check: checkActivityForm,
    fieldsOf: activityFields,
    fields,
    save: (value, base) => (editId ? updateActivity(db, editId, value, base) : createActivity(db, value)),
    // The beneficiary named in the address (her fiche, or just created) joins what was typed.
    prepare: (state) => withBeneficiary(state, target.beneficiaryId),
    ready: context !== undefined,
  });

  const services = useMemo<ActivityFormServices>(
    () => ({
      searchCommunes: (query) => searchCommunes(query),
      searchBeneficiaries: (query) => searchBeneficiaries(db, query),
      getBeneficiaries: (ids) => getBeneficiariesByIds(db, ids),
    }),
    [db],
  );

  return { form, chips, lieux: shownLieux, services };
};
