import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

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
import { deleteDraft, getDraft, saveDraft } from '../../data/drafts';
import { editBaseOf } from '../../data/edits';
import { getLieu, listLieux } from '../../data/lieux';
import { activityInputSchema, type Activity } from '../../domain/activity';
import { labelOf, TYPES_ACTIVITE, type TypeActivite } from '../../domain/enums';
import type { Lieu } from '../../domain/lieu';
import { validate, type FieldErrors } from '../../domain/validation';
import { formatDay } from '../../ui/format';
import { useAutosave } from '../../ui/use-autosave';
import type { ActivityFormServices } from './activity-form';
import {
  customDureeInRange,
  emptyForm,
  formFromActivity,
  formFromDraft,
  toActivityInput,
  type ActivityFormState,
} from './form-state';
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

interface Loaded {
  /** What « Abandonner le brouillon » goes back to: the defaults or the saved activity. */
  base: ActivityFormState;
  activity?: Activity;
  chips: number[];
  /** The edited activity's lieu if it was deleted since (still shown, still selectable). */
  deletedLieu?: Lieu;
  restoredAt?: string;
}

const errorsOf = (state: ActivityFormState): FieldErrors => {
  const result = validate(activityInputSchema, toActivityInput(state));
  const errors: FieldErrors = result.ok ? {} : { ...result.errors };
  if (!customDureeInRange(state)) errors.duree = strings.form.dureeRange;
  return errors;
};

/**
 * The state of an activity form: loading its defaults (or the activity), restoring its draft,
 * autosaving every change as a draft, validating with La Coop's rules, saving.
 */
export const useActivityForm = (target: ActivityFormTarget) => {
  const db = getDb();
  const draftId = draftIdOf(target);
  const [loaded, setLoaded] = useState<Loaded | 'missing' | undefined>();
  const [state, setState] = useState<ActivityFormState | undefined>();
  const [touched, setTouched] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [submitCount, setSubmitCount] = useState(0);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const [lieux, setLieux] = useState<Lieu[]>([]);
  // Once saved or abandoned, a late autosave (debounce, unmount flush) must not resurrect the draft.
  const finished = useRef(false);

  const targetKey = `${target.kind === 'new' ? target.type : target.id}|${target.beneficiaryId ?? ''}`;
  useEffect(() => {
    let live = true;
    finished.current = false;
    void (async () => {
      const [chips, defaults, draft, list] = await Promise.all([
        adaptiveDurees(db),
        getActivityDefaults(db),
        getDraft(db, draftId),
        listLieux(db),
      ]);
      let next: Loaded;
      if (target.kind === 'edit') {
        const activity = await getActivity(db, target.id);
        if (!activity) {
          if (live) setLoaded('missing');
          return;
        }
        const lieu = activity.lieuId ? await getLieu(db, activity.lieuId) : undefined;
        next = { base: formFromActivity(activity, chips), activity, chips };
        if (lieu?.deleted) next.deletedLieu = lieu;
      } else {
        next = {
          base: emptyForm(target.type, { ...defaults, chips, beneficiaryId: target.beneficiaryId }),
          chips,
        };
      }
      const restored = draft ? formFromDraft(draft.data, next.base) : next.base;
      if (draft) next.restoredAt = draft.updatedAt;
      // The beneficiary named in the address (her fiche, or just created) joins what was typed.
      const initial = withBeneficiary(restored, target.beneficiaryId);
      if (!live) return;
      setLieux(list);
      setLoaded(next);
      setState(initial);
      // A change to a draft or to a saved activity is worth a draft of its own.
      setTouched(initial !== restored && (draft !== undefined || target.kind === 'edit'));
      setSubmitted(false);
    })();
    return () => {
      live = false;
    };
    // targetKey stands for the target (a new object each render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, draftId, targetKey]);

  const title =
    state === undefined
      ? ''
      : target.kind === 'new'
        ? strings.form.draftTitleNew[state.type]
        : strings.form.draftTitleEdit(labelOf(TYPES_ACTIVITE, state.type), formatDay(state.date));
  const path = draftPathOf(target);
  const persistDraft = useCallback(
    async (value: ActivityFormState | undefined) => {
      if (finished.current || !value) return;
      await saveDraft(db, { id: draftId, kind: 'activity', path, title, data: value });
    },
    [db, draftId, path, title],
  );
  useAutosave(state, persistDraft, touched);

  const onChange = useCallback((patch: Partial<ActivityFormState>) => {
    setState((s) => (s ? { ...s, ...patch } : s));
    setTouched(true);
  }, []);

  // Messages appear on the first submit, then follow every change (a fixed field loses its message).
  const errors = useMemo(() => (submitted && state ? errorsOf(state) : {}), [submitted, state]);

  const submit = async (): Promise<Activity | undefined> => {
    if (!state || !loaded || loaded === 'missing') return undefined;
    setSubmitted(true);
    setSubmitCount((n) => n + 1);
    const result = validate(activityInputSchema, toActivityInput(state));
    if (!result.ok || !customDureeInRange(state)) return undefined;
    setSaving(true);
    setSaveFailed(false);
    finished.current = true;
    try {
      const opened = validate(activityInputSchema, toActivityInput(loaded.base));
      const saved =
        target.kind === 'edit' && loaded.activity
          ? await updateActivity(
              db,
              target.id,
              result.value,
              editBaseOf(loaded.activity, opened.ok ? activityFields(opened.value) : undefined),
            )
          : await createActivity(db, result.value);
      await deleteDraft(db, draftId);
      return saved;
    } catch {
      // Nothing is lost: the state is still here and the draft is still written.
      finished.current = false;
      setSaveFailed(true);
      setSaving(false);
      return undefined;
    }
  };

  /** Forgets the draft and goes back to the defaults (or to the saved activity). */
  const discard = async () => {
    if (!loaded || loaded === 'missing') return;
    finished.current = true;
    await deleteDraft(db, draftId);
    setState(loaded.base);
    setTouched(false);
    setSubmitted(false);
    const { restoredAt: _discarded, ...rest } = loaded;
    setLoaded(rest);
    finished.current = false;
  };

  /** Leaving without saving: the draft goes too. */
  const abandon = async () => {
    finished.current = true;
    await deleteDraft(db, draftId);
  };

  const services = useMemo<ActivityFormServices>(
    () => ({
      searchCommunes: (query) => searchCommunes(query),
      searchBeneficiaries: (query) => searchBeneficiaries(db, query),
      getBeneficiaries: (ids) => getBeneficiariesByIds(db, ids),
    }),
    [db],
  );

  const shownLieux =
    loaded && loaded !== 'missing' && loaded.deletedLieu ? [...lieux, loaded.deletedLieu] : lieux;

  return {
    status:
      loaded === 'missing'
        ? ('missing' as const)
        : loaded && state
          ? ('ready' as const)
          : ('loading' as const),
    state,
    chips: loaded && loaded !== 'missing' ? loaded.chips : [],
    restoredAt: loaded && loaded !== 'missing' ? loaded.restoredAt : undefined,
    lieux: shownLieux,
    errors,
    submitCount,
    saving,
    saveFailed,
    touched,
    services,
    onChange,
    submit,
    discard,
    abandon,
  };
};
