// Edits of stored records, the data side of every form: an edit keeps the record it was opened
// from and that record's server version, saves only what the advisor changed against that base,
// and notices what a colleague changed meanwhile (a pull, another tab). The rules are pure
// (src/domain/edit.ts); this module reads and writes them: records, drafts, the outbox.
//
// The form model (src/ui/use-form.ts) drives the same operations with a form's state; the
// functions below drive them with a record's own fields, for tests and tools:
//   const edit = await openEdit(db, 'beneficiaries', id);        // base = the record now
//   const typed = editFields(edit, { notes: 'Rappeler lundi' });   // what the advisor types
//   await saveEditDraft(db, 'beneficiary:' + id, typed);           // autosave (optional)
//   …a pull changes the record…
//   const resumed = await resumeEditDraft(db, 'beneficiary:' + id, 'beneficiaries', id);
//   resumed.review                                                 // what a colleague changed
//   await saveEdit(db, 'beneficiaries', id, chooseInEdit(resumed!, 'telephone', 'theirs'));
import {
  fieldsOf,
  openEditState,
  rebaseEdit,
  recordFields,
  type EditBase,
  type EditSnapshot,
  type EditState,
  type Values,
} from '../domain/edit';
import type { RecordMeta, SyncTable } from '../domain/records';
import type { BeneficiaryInput } from '../domain/beneficiary';
import { derivedFields } from './beneficiaries';
import type { Draft, DraftKind, SillonDB } from './db';
import { getDraft, saveDraft } from './drafts';
import { saveAgainstBase, type PatchOptions } from './records';

/** Where each table's records are edited: the draft id and the page of their form. */
export interface EditForm {
  kind: DraftKind;
  draftId: string;
  path: string;
}

const AGREEMENT_TEMPLATE = 'agreement-template';

/**
 * The form that edits a record, for opening it from elsewhere (a change the server refused, to be
 * corrected). Undefined for records without an edit form (loans and item events change through
 * their commands: lending, return, extension).
 */
export const editFormOf = (table: SyncTable, id: string): EditForm | undefined => {
  switch (table) {
    case 'beneficiaries':
      return { kind: 'beneficiary', draftId: `beneficiary:${id}`, path: `/beneficiaires/${id}/modifier` };
    case 'activities':
      return { kind: 'activity', draftId: `activity:${id}`, path: `/activites/${id}/modifier` };
    case 'items':
      return { kind: 'item', draftId: `item:${id}`, path: `/materiel/${id}/modifier` };
    case 'lieux':
      return { kind: 'lieu', draftId: `lieu:${id}`, path: '/parametres#lieux' };
    case 'annuaire':
      return { kind: 'annuaire', draftId: `annuaire:${id}`, path: '/parametres#annuaire' };
    case 'cycles':
      return { kind: 'cycle', draftId: `cycle:${id}`, path: `/ateliers/${id}/modifier` };
    case 'cycleSessions':
      return { kind: 'cycleSession', draftId: `cycleSession:${id}`, path: `/ateliers/session/${id}/modifier` };
    case 'settings':
      return id === AGREEMENT_TEMPLATE
        ? { kind: 'template', draftId: `template:${id}`, path: '/prets/modele' }
        : undefined;
    default:
      return undefined;
  }
};

/** Fields computed from others, per table: recomputed on the merged record when an edit is saved. */
const DERIVE: Partial<Record<SyncTable, PatchOptions['derive']>> = {
  beneficiaries: (record, now) => derivedFields(record as unknown as BeneficiaryInput, now),
};

/** A record's state for an edit: its fields and its server version. */
export const snapshotOf = (record: RecordMeta): EditSnapshot<Values> => ({
  version: record.serverVersion ?? 0,
  state: recordFields(record),
});

/** An edit of a stored record's own fields, based on the record as it is now. */
export const openEdit = async (
  db: SillonDB,
  table: SyncTable,
  id: string,
): Promise<EditState<Values> | undefined> => {
  const record = await db.table<RecordMeta, string>(table).get(id);
  return record ? openEditState(snapshotOf(record)) : undefined;
};

/** What the advisor types. */
export const editFields = (edit: EditState<Values>, changes: Values): EditState<Values> => ({
  ...edit,
  state: { ...edit.state, ...changes },
});

const reviewFieldsOf = (...states: Values[]) =>
  fieldsOf<Values>([...new Set(states.flatMap((s) => Object.keys(s)))]);

/**
 * The record as it is now, laid under the edit: what a colleague changed since the base becomes
 * the edit's review (see rebaseEdit). A record deleted since is reported as undefined.
 */
export const refreshEdit = async (
  db: SillonDB,
  table: SyncTable,
  id: string,
  edit: EditState<Values>,
): Promise<EditState<Values> | undefined> => {
  const record = await db.table<RecordMeta, string>(table).get(id);
  if (!record || record.deleted) return undefined;
  const current = snapshotOf(record);
  return rebaseEdit(edit, current, reviewFieldsOf(edit.base.state, current.state, edit.state));
};

/** Saves an edit of a record's own fields (openEdit, editFields, resumeEditDraft) against its base. */
export const saveEdit = <T extends RecordMeta>(
  db: SillonDB,
  table: SyncTable,
  id: string,
  edit: EditState<Values>,
): Promise<T> =>
  saveAgainstBase<T>(db, table, id, { version: edit.base.version, values: edit.base.state }, edit.state, {
    ...(DERIVE[table] ? { derive: DERIVE[table] } : {}),
  });

// ————————————————————————————————————————— drafts of edits

/** Autosaves an edit of a record's own fields as a draft that keeps its base. */
export const saveEditDraft = (
  db: SillonDB,
  draftId: string,
  edit: EditState<Values>,
  about: Partial<Pick<Draft, 'kind' | 'path' | 'title'>> = {},
): Promise<void> =>
  saveDraft(db, {
    id: draftId,
    kind: about.kind ?? 'beneficiary',
    path: about.path ?? '/',
    title: about.title ?? '',
    data: edit.state,
    base: { version: edit.base.version, record: edit.base.state },
  });

/**
 * Resumes a draft of an edit: its base, what was typed, and what changed on the record since the
 * draft was written (its review). A draft written before drafts kept their base is based on the
 * record as it is now. Undefined when there is no draft or the record is gone.
 */
export const resumeEditDraft = async (
  db: SillonDB,
  draftId: string,
  table: SyncTable,
  id: string,
): Promise<EditState<Values> | undefined> => {
  const [draft, record] = await Promise.all([
    getDraft(db, draftId),
    db.table<RecordMeta, string>(table).get(id),
  ]);
  if (!draft || !record || record.deleted) return undefined;
  const current = snapshotOf(record);
  const base = draft.base ? { version: draft.base.version, state: recordFields(draft.base.record) } : current;
  const typed = draft.data && typeof draft.data === 'object' ? (draft.data as Values) : base.state;
  const edit = openEditState(base, typed);
  return rebaseEdit(edit, current, reviewFieldsOf(base.state, current.state, edit.state));
};

/**
 * The base of an edit form opened on `record`: its server version, and the fields as the form
 * owns them (the form's own reading of the record, when it has one that validates; else the
 * record's fields).
 */
export const editBaseOf = (record: RecordMeta, values?: Values): EditBase => ({
  version: record.serverVersion ?? 0,
  values: values ?? recordFields(record),
});
