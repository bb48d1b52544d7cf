import { describe, expect, it } from 'vitest';

import {
  awaitingChoice,
  changedFields,
  chooseInEdit,
  diff,
  fieldsOf,
  openEditState,
  rebaseEdit,
  sameValue,
  type ReviewField,
} from './edit';

const cahors = { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' };

describe('diff(base, edited): what an edit sends', () => {
  const base = {
    prenom: 'Germaine',
    telephone: '+33565112233',
    notes: 'Ancienne note',
    commune: cahors,
    thematiques: ['email'],
  };
  it.each([
    ['nothing changed', { ...base }, {}],
    ['one field changed', { ...base, notes: 'Rappeler lundi' }, { notes: 'Rappeler lundi' }],
    ['a field cleared travels as null', { ...base, telephone: undefined }, { telephone: null }],
    ['a field added', { ...base, email: 'g@ex.fr' }, { email: 'g@ex.fr' }],
    ['an object with its keys in another order is the same', { ...base, commune: { ...cahors } }, {}],
    [
      'an object changed travels whole',
      { ...base, commune: { ...cahors, nom: 'Cahors ' } },
      { commune: { ...cahors, nom: 'Cahors ' } },
    ],
    [
      'an array changed travels whole',
      { ...base, thematiques: ['email', 'sante'] },
      { thematiques: ['email', 'sante'] },
    ],
    ['an array emptied travels as empty', { ...base, thematiques: [] }, { thematiques: [] }],
  ])('%s', (_name, edited, expected) => {
    expect(diff(base, edited)).toEqual(expected);
  });

  it('never sends a field the form does not own (absent from edited)', () => {
    expect(diff(base, { notes: 'Nouvelle' })).toEqual({ notes: 'Nouvelle' });
  });

  it('never sends stamps or derived fields, even when they differ', () => {
    expect(
      diff(
        { ...base, sortKey: 'a', searchTokens: ['a'], trancheAge: 'non_communique', serverVersion: 3 },
        {
          ...base,
          sortKey: 'b',
          searchTokens: ['b'],
          trancheAge: 'soixante_dix_plus',
          serverVersion: 9,
          id: 'x',
        },
      ),
    ).toEqual({});
  });

  it('absent, undefined and null are one empty value', () => {
    expect(diff({ notes: null }, { notes: undefined })).toEqual({});
    expect(diff({}, { notes: undefined })).toEqual({});
    expect(sameValue('', undefined)).toBe(false);
  });

  it('without a base (a new record) sends every field', () => {
    expect(diff(undefined, { prenom: 'Léa', notes: undefined })).toEqual({ prenom: 'Léa', notes: null });
  });

  it('changedFields lists both sides', () => {
    expect(changedFields({ a: 1, b: 2, id: 'x' }, { b: 3, c: 4, id: 'y' }).sort()).toEqual(['a', 'b', 'c']);
  });
});

interface Form {
  telephone: string;
  notes: string;
  duree: string;
  dureeHeures: string;
}
const fields: ReviewField<Form>[] = [
  { name: 'telephone', keys: ['telephone'] },
  { name: 'notes', keys: ['notes'] },
  { name: 'duree', keys: ['duree', 'dureeHeures'] },
];
const v1: Form = { telephone: '06 12 34 56 78', notes: '', duree: '60', dureeHeures: '' };

describe('changed meanwhile: the review of a resumed draft or an open form', () => {
  it('a field the advisor did not touch takes the colleague’s value, and she may keep hers', () => {
    const edit = { ...openEditState({ version: 3, state: v1 }), state: { ...v1, notes: 'Rappeler' } };
    const next = rebaseEdit(edit, { version: 5, state: { ...v1, telephone: '07 55 44 33 22' } }, fields);
    expect(next.review).toEqual([
      {
        field: 'telephone',
        before: { telephone: '06 12 34 56 78' },
        theirs: { telephone: '07 55 44 33 22' },
        mine: { telephone: '06 12 34 56 78' },
        conflict: false,
        choice: 'theirs',
      },
    ]);
    expect(next.state).toEqual({ ...v1, telephone: '07 55 44 33 22', notes: 'Rappeler' });
    // Nothing waits: the newer state is the base (the version sent with the save).
    expect(next.base).toEqual({ version: 5, state: { ...v1, telephone: '07 55 44 33 22' } });
    expect(awaitingChoice(next)).toEqual([]);
    const kept = chooseInEdit(next, 'telephone', 'mine');
    expect(kept.state.telephone).toBe('06 12 34 56 78');
    expect(kept.base.version).toBe(5);
  });

  it('a field both changed waits for her choice, and the base stays until she chose', () => {
    const edit = {
      ...openEditState({ version: 3, state: v1 }),
      state: { ...v1, telephone: '06 00 00 00 00' },
    };
    const theirs = { version: 5, state: { ...v1, telephone: '07 55 44 33 22', notes: 'Vu en mairie' } };
    const next = rebaseEdit(edit, theirs, fields);
    expect(next.review.map((i) => [i.field, i.conflict, i.choice])).toEqual([
      ['telephone', true, undefined],
      ['notes', false, 'theirs'],
    ]);
    expect(next.state).toEqual({ ...v1, telephone: '06 00 00 00 00', notes: 'Vu en mairie' });
    expect(next.base.version).toBe(3);
    expect(awaitingChoice(next).map((i) => i.field)).toEqual(['telephone']);

    const mine = chooseInEdit(next, 'telephone', 'mine');
    expect(mine.state.telephone).toBe('06 00 00 00 00');
    expect(mine.base).toEqual(theirs);
    expect(mine.target).toBeUndefined();

    const taken = chooseInEdit(next, 'telephone', 'theirs');
    expect(taken.state.telephone).toBe('07 55 44 33 22');
    expect(taken.base).toEqual(theirs);
  });

  it('a field made of several keys is one item', () => {
    const edit = openEditState({ version: 1, state: v1 });
    const next = rebaseEdit(
      edit,
      { version: 2, state: { ...v1, duree: 'personnaliser', dureeHeures: '2' } },
      fields,
    );
    expect(next.review.map((i) => i.field)).toEqual(['duree']);
    expect(next.state).toMatchObject({ duree: 'personnaliser', dureeHeures: '2' });
  });

  it('the same value typed on both sides needs no choice', () => {
    const edit = { ...openEditState({ version: 1, state: v1 }), state: { ...v1, notes: 'Même' } };
    const next = rebaseEdit(edit, { version: 2, state: { ...v1, notes: 'Même' } }, fields);
    expect(next.review).toEqual([]);
    expect(next.base.version).toBe(2);
  });

  it('a change of fields the form does not show only moves the base', () => {
    const edit = { ...openEditState({ version: 1, state: v1 }), state: { ...v1, notes: 'x' } };
    const next = rebaseEdit(edit, { version: 4, state: v1 }, fields);
    expect(next.review).toEqual([]);
    expect(next.base.version).toBe(4);
    expect(next.state.notes).toBe('x');
  });

  it('a later pull keeps the earlier items and the choices made', () => {
    let edit = { ...openEditState({ version: 1, state: v1 }), state: { ...v1, telephone: 'mine' } };
    edit = rebaseEdit(edit, { version: 2, state: { ...v1, telephone: 'theirs' } }, fields);
    // The same state seen again (a re-render, another live query answer): nothing new.
    expect(rebaseEdit(edit, { version: 2, state: { ...v1, telephone: 'theirs' } }, fields)).toEqual(edit);
    edit = rebaseEdit(edit, { version: 3, state: { ...v1, telephone: 'theirs', notes: 'n' } }, fields);
    expect(edit.review.map((i) => [i.field, i.choice])).toEqual([
      ['telephone', undefined],
      ['notes', 'theirs'],
    ]);
    edit = chooseInEdit(edit, 'telephone', 'mine');
    expect(edit.base.version).toBe(3);
    edit = rebaseEdit(edit, { version: 4, state: { ...v1, telephone: 'again', notes: 'n' } }, fields);
    expect(edit.review.find((i) => i.field === 'telephone')).toMatchObject({
      theirs: { telephone: 'again' },
      mine: { telephone: 'mine' },
      conflict: true,
    });
    expect(awaitingChoice(edit).map((i) => i.field)).toEqual(['telephone']);
    expect(edit.base.version).toBe(3);
  });

  it('fieldsOf makes each key its own field', () => {
    expect(fieldsOf<Form>(['notes'])).toEqual([{ name: 'notes', keys: ['notes'] }]);
  });
});
