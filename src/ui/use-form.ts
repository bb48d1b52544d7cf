// The one form model: the app's forms (beneficiary, activity, item, loan, loan return, lieu,
// agreement template, and every future one) hold their state through `useForm`. It keeps
//   - the base: the record the form was opened from (or the draft's base) and its server version;
//   - the advisor's edits, as typed (the form's own state type S);
//   - validation with the shared zod schemas (the form's `check`), shown from the first submit;
//   - an autosaved draft (IndexedDB, plus a synchronous copy when the page unloads);
//   - what a colleague changed meanwhile (a pull, another tab): a review of each field, with both
//     values, in which the advisor keeps hers or takes theirs before saving;
//   - the save: only diff(base, edited) travels, with the base's version (src/data/records.ts).
// The rules are pure (src/domain/edit.ts); drafts are stored by src/data/drafts.ts.
// See docs/architecture.md, « Forms », for how to write a new form.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

import {
  awaitingChoice,
  chooseInEdit,
  openEditState,
  rebaseEdit,
  recordFields,
  sameValue,
  type EditBase,
  type EditSnapshot,
  type EditState,
  type ReviewField,
  type ReviewItem,
  type Values,
} from '../domain/edit';
import type { RecordMeta, SyncTable } from '../domain/records';
import type { FieldErrors } from '../domain/validation';
import { useAutosave } from './use-autosave';

/** A field of the form as the « changed meanwhile » review shows it. */
export interface FormField<S> extends ReviewField<S> {
  label: string;
  /** Its value as the rest of the app shows it (default: the values of its keys). */
  show?: (value: Partial<S>) => string;
}

/** A draft as stored (src/data/db.ts `Draft`). */
export interface FormDraft {
  id: string;
  kind: string;
  path: string;
  title: string;
  data: unknown;
  updatedAt: string;
  base?: { version: number; record: Values };
}

/**
 * Where the model reads records and keeps drafts: the data layer's `formStore(db)`
 * (src/data/drafts.ts), given by the page (src/ui does not import src/data). Stable per database.
 */
export interface FormStore {
  /** A record of a synced table (read inside a live query: the form watches it). */
  getRecord: (table: SyncTable, id: string) => Promise<RecordMeta | undefined>;
  getDraft: (id: string) => Promise<FormDraft | undefined>;
  saveDraft: (draft: Omit<FormDraft, 'updatedAt'>) => Promise<void>;
  deleteDraft: (id: string) => Promise<void>;
  /** Moves the unload copies back into the drafts (and out of localStorage). */
  adoptBackups: () => Promise<unknown>;
  /** The synchronous copy written when the page unloads (without its base: the stored draft's stays). */
  writeBackup: (draft: Omit<FormDraft, 'updatedAt'>) => void;
  clearBackup: (id: string) => void;
}

export type CheckResult<V> = { ok: true; value: V } | { ok: false; errors: FieldErrors };

export interface FormSpec<S extends object, V, R extends RecordMeta = RecordMeta> {
  store: FormStore;
  /** The draft: one per form and record ('beneficiary:<id>', 'activity:new:collectif'…). */
  draft: { id: string; kind: string; path: string; title: (state: S) => string };
  /** The edited record, watched while the form is open; absent for a new record. */
  record?: { table: SyncTable; id: string };
  /** A new record's state. */
  blank: () => S;
  /** The form's state for a stored record (deterministic: the review compares its results). */
  fromRecord: (record: R) => S;
  /** A stored draft over the base state (a draft of an older version may lack newer fields). */
  fromDraft?: (data: unknown, base: S) => S;
  /** Field errors (French), or the value the form's command saves. */
  check: (state: S) => CheckResult<V>;
  /** The record's fields as the command writes them from a checked value: what the diff compares. */
  fieldsOf?: (value: V) => Values;
  /**
   * The record's fields the save is diffed against, for a form whose state is not the record's but
   * an action on it (the loan return's checklist): its command computes the new fields from the
   * value and the record. Default: `fieldsOf(check(fromRecord(record)))`.
   */
  valuesOf?: (record: R) => Values;
  /** The form's fields, each with the keys of S that hold it, for the review. */
  fields: readonly FormField<S>[];
  /** Creates (base undefined) or saves the edit against its base (the command's `base` argument). */
  save: (value: V, base: EditBase | undefined) => Promise<R>;
  /** What a failed save tells the advisor (else a generic message). */
  saveError?: (error: unknown) => { message?: string; errors?: FieldErrors } | undefined;
  /** Applied once to the opened state (a beneficiary named in the address joins); a change is kept in the draft. */
  prepare?: (state: S) => S;
  /** False while the page still loads what fromRecord/blank need (the form waits). */
  ready?: boolean;
}

/** The base of an edit: the record's state as the form sees it, its version, and its fields. */
export interface FormSnapshot<S> extends EditSnapshot<S> {
  /** The record's fields as the command writes them (the diff's base). */
  values: Values;
  /** The record itself, kept in the draft so that a resumed draft knows what the advisor saw. */
  record?: Values;
}

export type FormStatus = 'loading' | 'missing' | 'ready';

export interface FormModel<S, R> {
  status: FormStatus;
  state: S;
  /** Sets fields of the state, as the advisor types. */
  set: (patch: Partial<S>) => void;
  update: <K extends keyof S>(key: K, value: S[K]) => void;
  /** Shown from the first submit on, following every change. */
  errors: FieldErrors;
  submitCount: number;
  saving: boolean;
  /** Why the last save failed (French), if it did. */
  saveError?: string;
  /** The draft the form resumed, and when it was written. */
  restoredAt?: string;
  touched: boolean;
  draftSavedAt?: Date;
  /** What a colleague changed since the base, field by field. */
  review: ReviewItem<S>[];
  /** Fields of the review still waiting for the advisor's choice: no save before. */
  awaiting: ReviewItem<S>[];
  choose: (field: string, choice: 'mine' | 'theirs') => void;
  /** The record was deleted since the form opened. */
  deletedMeanwhile: boolean;
  /** The record as it is now (edit forms). */
  record?: R;
  fields: readonly FormField<S>[];
  /** Validates and saves; the saved record, or undefined (errors, review, failure: all shown). */
  submit: () => Promise<R | undefined>;
  /** Forgets the draft: the form shows the record as it is now (or a blank form). */
  discard: () => Promise<void>;
  /** Leaving without saving: the draft goes. */
  abandon: () => Promise<void>;
}

interface Loaded<S> {
  edit: EditState<S, FormSnapshot<S>>;
  restoredAt?: string;
  touched: boolean;
}

const GENERIC_FAILURE = 'L’enregistrement a échoué. Ce que vous avez saisi est conservé : réessayez.';
const REVIEW_FIRST = 'Choisissez d’abord, pour chaque champ modifié par un collègue, la valeur à garder.';
const DELETED = 'Cette fiche a été supprimée entre-temps : elle ne peut plus être enregistrée.';

/** The base of an edit opened on `record` (at `version`, the draft's, when given). */
export const snapshotOf = <S extends object, V, R extends RecordMeta>(
  spec: Pick<FormSpec<S, V, R>, 'fromRecord' | 'check' | 'fieldsOf' | 'valuesOf'>,
  record: R,
  version: number = record.serverVersion ?? 0,
): FormSnapshot<S> => {
  const state = spec.fromRecord(record);
  const valuesOf = (): Values => {
    if (spec.valuesOf) return spec.valuesOf(record);
    const checked = spec.check(state);
    return checked.ok && spec.fieldsOf ? spec.fieldsOf(checked.value) : recordFields(record);
  };
  return {
    version,
    state,
    values: valuesOf(),
    record: { ...record } as Values,
  };
};

/**
 * Opens a form: the record as it is now, or its draft (with the draft's base), the review of
 * what changed since the draft's base. Pure except for the reads; exported for the tests.
 */
export const openForm = async <S extends object, V, R extends RecordMeta>(
  spec: FormSpec<S, V, R>,
): Promise<Loaded<S> | 'missing'> => {
  const { store } = spec;
  await store.adoptBackups();
  const record = spec.record
    ? ((await store.getRecord(spec.record.table, spec.record.id)) as R | undefined)
    : undefined;
  if (spec.record && (!record || record.deleted)) return 'missing';
  const draft = await store.getDraft(spec.draft.id);
  const current = record ? snapshotOf(spec, record) : undefined;
  const blank: FormSnapshot<S> = { version: 0, state: spec.blank(), values: {} };
  let edit: EditState<S, FormSnapshot<S>>;
  if (draft) {
    const base =
      current && draft.base
        ? snapshotOf(spec, { ...draft.base.record, id: spec.record!.id } as unknown as R, draft.base.version)
        : (current ?? blank);
    const typed =
      draft.data !== undefined ? (spec.fromDraft ?? defaultFromDraft)(draft.data, base.state) : base.state;
    edit = openEditState(base, typed);
    if (current) edit = rebaseEdit(edit, current, spec.fields);
  } else {
    edit = openEditState(current ?? blank);
  }
  const prepared = spec.prepare ? spec.prepare(edit.state) : edit.state;
  const touched = Boolean(draft) || prepared !== edit.state;
  edit = { ...edit, state: prepared };
  return {
    edit,
    touched,
    ...(draft ? { restoredAt: draft.updatedAt } : {}),
  };
};

const defaultFromDraft = <S extends object>(data: unknown, base: S): S =>
  data && typeof data === 'object' ? { ...base, ...(data as Partial<S>) } : base;

/** The draft as stored: what was typed, and the base it is saved against. */
const draftOf = <S extends object, V, R extends RecordMeta>(
  spec: FormSpec<S, V, R>,
  edit: EditState<S, FormSnapshot<S>>,
) => ({
  id: spec.draft.id,
  kind: spec.draft.kind,
  path: spec.draft.path,
  title: spec.draft.title(edit.state),
  data: edit.state,
  ...(spec.record && edit.base.record
    ? { base: { version: edit.base.version, record: edit.base.record } }
    : {}),
});

export const useForm = <S extends object, V, R extends RecordMeta = RecordMeta>(
  spec: FormSpec<S, V, R>,
): FormModel<S, R> => {
  const { store } = spec;
  const latest = useRef(spec);
  const [opened, setOpened] = useState<{ key: string; result: Loaded<S> | 'missing' }>();
  const [edit, setEdit] = useState<EditState<S, FormSnapshot<S>> | undefined>();
  const [touched, setTouched] = useState(false);
  const [submitCount, setSubmitCount] = useState(0);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [saveErrors, setSaveErrors] = useState<FieldErrors>({});
  const [draftSavedAt, setDraftSavedAt] = useState<Date>();
  // Once saved or abandoned, no late autosave (debounce, unmount or unload flush) brings the draft back.
  const finished = useRef(false);
  // Counts the reopenings (after a save or a discard): until the reopened state is on screen, no late
  // autosave or unload copy writes the state before it (the page may leave in that same render).
  const [reopened, setReopened] = useState(0);
  useEffect(() => {
    if (reopened > 0) finished.current = false;
  }, [reopened]);
  const editRef = useRef(edit);
  const touchedRef = useRef(touched);
  // The latest spec and state, for the callbacks and listeners: updated as the render is committed,
  // before any effect runs and before a tap can reach a handler (a passive effect may still be pending
  // when the advisor taps « Enregistrer » on a slow tablet, and the submit would see no form at all).
  useLayoutEffect(() => {
    latest.current = spec;
    editRef.current = edit;
    touchedRef.current = touched;
  });

  const ready = spec.ready ?? true;
  const key = `${spec.draft.id}|${spec.record?.table ?? ''}|${spec.record?.id ?? ''}`;
  // What was opened for another record or draft (the page changed its address) is not this form's.
  const loaded = opened?.key === key ? opened.result : undefined;
  useEffect(() => {
    if (!ready) return;
    let live = true;
    finished.current = false;
    void openForm(latest.current).then((result) => {
      if (!live) return;
      setOpened({ key, result });
      if (result === 'missing') return;
      setEdit(result.edit);
      setTouched(result.touched);
      setSubmitCount(0);
      setSaveError(undefined);
      setSaveErrors({});
    });
    return () => {
      live = false;
    };
  }, [key, ready]);

  // The record as it is now: a pull or another tab may change it while the form is open.
  const table = spec.record?.table;
  const recordId = spec.record?.id;
  const record = useLiveQuery(
    async () =>
      table && recordId ? (((await store.getRecord(table, recordId)) as R | undefined) ?? null) : null,
    [store, table, recordId],
  );
  useEffect(() => {
    if (!record || record.deleted || !loaded || loaded === 'missing' || finished.current) return;
    const current = snapshotOf(latest.current, record);
    setEdit((e) => {
      if (!e) return e;
      const known = e.target ?? e.base;
      if (known.version === current.version && sameValue(known.state, current.state)) return e;
      return rebaseEdit(e, current, latest.current.fields);
    });
  }, [record, loaded, reopened]);

  // The edit whose draft IndexedDB holds (its write finished).
  const written = useRef<EditState<S, FormSnapshot<S>>>(undefined);
  const persist = useCallback(
    async (value: EditState<S, FormSnapshot<S>> | undefined) => {
      if (finished.current || !value) return;
      await store.saveDraft(draftOf(latest.current, value));
      written.current = value;
      setDraftSavedAt(new Date());
    },
    [store],
  );
  useAutosave(edit, persist, touched && edit !== undefined);

  // The page unloads (reload, closed tab) while an autosave is pending or under way: a synchronous
  // copy, adopted by IndexedDB at the next start. Only then — personal data stays out of
  // localStorage — and without the base when the stored draft already holds it.
  useEffect(() => {
    const onPageHide = () => {
      const current = editRef.current;
      if (finished.current || !current || !touchedRef.current || current === written.current) return;
      const { base, ...draft } = draftOf(latest.current, current);
      store.writeBackup(
        written.current?.base === current.base ? draft : { ...draft, ...(base ? { base } : {}) },
      );
    };
    // Back from the back-forward cache: the page lives on, its draft follows in IndexedDB.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) store.clearBackup(latest.current.draft.id);
    };
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
    };
  }, [store]);
  const set = useCallback((patch: Partial<S>) => {
    setEdit((e) => (e ? { ...e, state: { ...e.state, ...patch } } : e));
    setTouched(true);
  }, []);
  const update = useCallback(
    <K extends keyof S>(k: K, value: S[K]) => set({ [k]: value } as unknown as Partial<S>),
    [set],
  );

  const choose = useCallback((field: string, choice: 'mine' | 'theirs') => {
    setEdit((e) => (e ? chooseInEdit(e, field, choice) : e));
    setTouched(true);
  }, []);

  const deletedMeanwhile = Boolean(spec.record && record?.deleted);

  /** Opens the form again on the record as it is now (or blank): no draft, nothing typed. */
  const reopen = async () => {
    finished.current = true;
    const now = latest.current.record
      ? ((await store.getRecord(latest.current.record.table, latest.current.record.id)) as R | undefined)
      : undefined;
    const base = now
      ? snapshotOf(latest.current, now)
      : { version: 0, state: latest.current.blank(), values: {} };
    setEdit(openEditState<S, FormSnapshot<S>>(base));
    setTouched(false);
    setSubmitCount(0);
    setSaveError(undefined);
    setSaveErrors({});
    setDraftSavedAt(undefined);
    setOpened((o) =>
      o && o.result !== 'missing' ? { key: o.key, result: { edit: o.result.edit, touched: false } } : o,
    );
    setReopened((n) => n + 1);
  };

  const submit = async (): Promise<R | undefined> => {
    const current = editRef.current;
    if (!current || !loaded || loaded === 'missing') return undefined;
    setSubmitCount((n) => n + 1);
    setSaveErrors({});
    setSaveError(undefined);
    if (deletedMeanwhile) {
      setSaveError(DELETED);
      return undefined;
    }
    if (awaitingChoice(current).length > 0) {
      setSaveError(REVIEW_FIRST);
      return undefined;
    }
    const checked = latest.current.check(current.state);
    if (!checked.ok) return undefined;
    setSaving(true);
    finished.current = true;
    try {
      const base = latest.current.record
        ? { version: current.base.version, values: current.base.values }
        : undefined;
      const saved = await latest.current.save(checked.value, base);
      await store.deleteDraft(latest.current.draft.id);
      // A form that stays open (the agreement template) goes on from the saved record: its next
      // save is diffed against it and its version, and a colleague's change is reviewed again.
      if (latest.current.record) await reopen();
      setSaving(false);
      return saved;
    } catch (error) {
      console.error(error);
      // Nothing is lost: the state is still here and the draft is still written.
      finished.current = false;
      const told = latest.current.saveError?.(error);
      setSaveErrors(told?.errors ?? {});
      setSaveError(told?.message ?? (told?.errors ? undefined : GENERIC_FAILURE));
      setSaving(false);
      return undefined;
    }
  };

  const discard = async () => {
    finished.current = true;
    await store.deleteDraft(latest.current.draft.id);
    await reopen();
  };

  const abandon = async () => {
    finished.current = true;
    await store.deleteDraft(latest.current.draft.id);
  };

  const state = edit?.state ?? spec.blank();
  const checked = submitCount > 0 && edit ? spec.check(edit.state) : undefined;
  const errors: FieldErrors = { ...(checked && !checked.ok ? checked.errors : {}), ...saveErrors };
  const review = edit?.review ?? [];

  return {
    status: loaded === 'missing' ? 'missing' : loaded && edit ? 'ready' : 'loading',
    state,
    set,
    update,
    errors,
    submitCount,
    saving,
    ...(saveError ? { saveError } : {}),
    ...(loaded && loaded !== 'missing' && loaded.restoredAt ? { restoredAt: loaded.restoredAt } : {}),
    touched,
    ...(draftSavedAt ? { draftSavedAt } : {}),
    review,
    awaiting: review.filter((item) => item.choice === undefined),
    choose,
    deletedMeanwhile,
    ...(record ? { record } : {}),
    fields: spec.fields,
    submit,
    discard,
    abandon,
  };
};
