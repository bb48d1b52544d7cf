// The pure rules of an edit, whatever the form: what the advisor changed (a diff against the record
// she opened, never against the record as it is now), and what a colleague changed meanwhile (the
// review she goes through before saving). No I/O: src/data/edits.ts stores edits and drafts,
// src/ui/use-form.ts (the one form model) shows them.
import { META_FIELDS } from './records';
import { DERIVED_FIELDS } from './sync';

export type Values = Record<string, unknown>;

/**
 * What an edit is saved against: the record's fields as the form owns them when it was opened, and
 * the server version the record had then. Saving sends `diff(values, edited)` with `version`, so the
 * server sees a colleague's change of the same field as a conflict and merges the others.
 */
export interface EditBase<V extends Values = Values> {
  version: number;
  values: V;
}

/** Never part of an advisor's edit: stamps the data layer owns, and fields computed from others. */
const NOT_EDITED = new Set<string>([...META_FIELDS, ...DERIVED_FIELDS]);

/** JSON with sorted keys, `undefined` and `null` alike: the value as it is stored and compared. */
const canonical = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/** Equal as stored: absent, undefined and null are one empty value; objects compare by content. */
export const sameValue = (a: unknown, b: unknown): boolean => a === b || canonical(a) === canonical(b);

/**
 * The fields of `edited` whose value differs from `base` (a cleared field as `null`). Only the
 * fields present in `edited` are the form's: any other field of the record never travels, nor do
 * stamps and derived fields (recomputed on the merged record by the data layer).
 */
export const diff = (base: Values | undefined, edited: Values): Values => {
  const patch: Values = {};
  for (const [field, value] of Object.entries(edited)) {
    if (NOT_EDITED.has(field)) continue;
    if (base && sameValue(base[field], value)) continue;
    patch[field] = value === undefined ? null : value;
  }
  return patch;
};

/** The record's own fields: no stamps, no derived fields. */
export const recordFields = (record: object): Values => {
  const out: Values = {};
  for (const [key, value] of Object.entries(record)) if (!NOT_EDITED.has(key)) out[key] = value;
  return out;
};

/** Fields whose value differs between two states of a record (either side may lack one). */
export const changedFields = (before: Values, after: Values): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (field) => !NOT_EDITED.has(field) && !sameValue(before[field], after[field]),
  );

// ————————————————————————————————————————— changed meanwhile

/** One field as the advisor sees it: its name and the keys of the form's state that hold it. */
export interface ReviewField<S> {
  name: string;
  keys: readonly (keyof S & string)[];
}

/** Every key its own field: a form whose state is the record's fields. */
export const fieldsOf = <S extends object>(keys: readonly (keyof S & string)[]): ReviewField<S>[] =>
  keys.map((key) => ({ name: key, keys: [key] }));

/** A state of the record, as the form sees it, with its server version. */
export interface EditSnapshot<S> {
  version: number;
  state: S;
}

/** A field a colleague changed since the base (a pull or another tab brought it). */
export interface ReviewItem<S> {
  field: string;
  /** Its value on the base, on the record now, and in the form when the change arrived. */
  before: Partial<S>;
  theirs: Partial<S>;
  mine: Partial<S>;
  /** The advisor had changed it too: she has to choose. */
  conflict: boolean;
  /** Her choice; a field she had not touched takes theirs until she says otherwise. */
  choice?: 'mine' | 'theirs';
}

/** An edit: its base, what the form holds, and what changed underneath since the form opened. */
export interface EditState<S, B extends EditSnapshot<S> = EditSnapshot<S>> {
  base: B;
  state: S;
  review: ReviewItem<S>[];
  /** The record's newer state, which becomes the base once every item of the review is chosen. */
  target?: B;
}

export const openEditState = <S, B extends EditSnapshot<S> = EditSnapshot<S>>(
  base: B & EditSnapshot<S>,
  state: S = base.state,
): EditState<S, B> => ({
  base,
  state,
  review: [],
});

const pick = <S>(state: S, keys: readonly (keyof S & string)[]): Partial<S> => {
  const out: Partial<S> = {};
  for (const key of keys) out[key] = state[key];
  return out;
};

/** Every change reviewed: the newer state becomes the base (the version sent with the save). */
const settle = <S, B extends EditSnapshot<S>>(edit: EditState<S, B>): EditState<S, B> => {
  if (!edit.target || edit.review.some((item) => item.choice === undefined)) return edit;
  const { target, ...rest } = edit;
  return { ...rest, base: target };
};

/**
 * The record changed underneath the edit (`current`). Each field a colleague changed since the
 * base becomes an item of the review: one the advisor had not touched takes their value at once
 * (she can still keep hers), one she had changed too waits for her choice. Items of earlier
 * changes stay listed. Once nothing waits, `current` becomes the base.
 */
export const rebaseEdit = <S, B extends EditSnapshot<S>>(
  edit: EditState<S, B>,
  current: B,
  fields: readonly ReviewField<S>[],
): EditState<S, B> => {
  const review = [...edit.review];
  let state = edit.state;
  for (const { name, keys } of fields) {
    const before = pick(edit.base.state, keys);
    const theirs = pick(current.state, keys);
    if (sameValue(before, theirs)) continue;
    const known = review.findIndex((item) => item.field === name);
    if (known >= 0 && sameValue(review[known]!.theirs, theirs)) continue;
    const mine = pick(state, keys);
    if (sameValue(mine, theirs)) {
      // She typed what they did: nothing to choose (an earlier item of this field is settled too).
      if (known >= 0) review.splice(known, 1);
      continue;
    }
    const conflict = !sameValue(mine, before);
    const item: ReviewItem<S> = { field: name, before, theirs, mine, conflict };
    if (!conflict) {
      item.choice = 'theirs';
      state = { ...state, ...theirs };
    }
    if (known >= 0) review[known] = item;
    else review.push(item);
  }
  return settle({ ...edit, state, review, target: current });
};

/** The advisor keeps her value of a reviewed field, or takes theirs. */
export const chooseInEdit = <S, B extends EditSnapshot<S>>(
  edit: EditState<S, B>,
  field: string,
  choice: 'mine' | 'theirs',
): EditState<S, B> => {
  const item = edit.review.find((i) => i.field === field);
  if (!item) return edit;
  return settle({
    ...edit,
    state: { ...edit.state, ...(choice === 'theirs' ? item.theirs : item.mine) },
    review: edit.review.map((i) => (i === item ? { ...i, choice } : i)),
  });
};

/** Items still waiting for the advisor's choice: the form is not saved before. */
export const awaitingChoice = <S>(edit: Pick<EditState<S>, 'review'>): ReviewItem<S>[] =>
  edit.review.filter((item) => item.choice === undefined);
