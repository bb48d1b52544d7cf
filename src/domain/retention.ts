// What personal data a deletion takes away, wherever a copy of it sits: the record itself, and the
// conflicts that kept an overwritten or deleted value for review. One rule, used by the tablet (when
// it deletes, and when it receives conflicts) and by the server (in the transaction of the push
// that deletes). La Coop's own deletion is a soft delete that anonymises the beneficiary: it clears
// prenom, nom, telephone, email, notes, adresse and pasDeTelephone (coop-mediation-numerique,
// apps/web/src/features/beneficiaire/abilities/supprimer-beneficiaires/implementation/prisma/
// supprimer-beneficiaires.mutation.ts).
import type { MergeResult } from './merge';
import type { SyncTable } from './records';

/**
 * Fields of a beneficiary that identify her and go with her deletion. Genre, année de naissance,
 * tranche d'âge, statut social and commune stay: they feed the statistics, anonymously.
 */
export const BENEFICIARY_PERSONAL_FIELDS = [
  'prenom',
  'nom',
  'telephone',
  'email',
  'notes',
  'adresse',
  'pasDeTelephone',
  // The index keys hold the name and the phone: they go too (and a tombstone leaves the list).
  'searchTokens',
  'sortKey',
] as const;

const PERSONAL = new Set<string>(BENEFICIARY_PERSONAL_FIELDS);

/** Tables whose deletion anonymises the record (the others keep their tombstone's content). */
export const anonymisedOnDeletion = (table: SyncTable): boolean => table === 'beneficiaries';

/** Whether a field of a table holds personal data that leaves with the record's deletion. */
export const isPersonalField = (table: SyncTable, field: string): boolean =>
  anonymisedOnDeletion(table) && PERSONAL.has(field);

/**
 * A snapshot of a record (a `deleted` conflict's value) without `fields`, with `mark` added when
 * something was removed; the same value when it held none of them.
 */
const withoutFields = (
  value: unknown,
  fields: readonly string[],
  mark?: Record<string, unknown>,
): unknown => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.some(([key]) => fields.includes(key))) return value;
  return { ...Object.fromEntries(entries.filter(([key]) => !fields.includes(key))), ...mark };
};

/**
 * The values a conflict may keep once `fields` were removed from its record: a removed field's two
 * values become empty (null); a `deleted` conflict's snapshot loses those fields (and takes `mark`).
 * Undefined when nothing has to change. The one rule behind a deletion (below) and the retention
 * job's anonymisation (src/domain/anonymisation.ts).
 */
export const anonymisedConflictValues = (
  conflict: { field: string; keptValue: unknown; lostValue: unknown },
  fields: readonly string[],
  mark?: Record<string, unknown>,
): { keptValue: unknown; lostValue: unknown } | undefined => {
  if (fields.includes(conflict.field))
    return conflict.keptValue == null && conflict.lostValue == null
      ? undefined
      : { keptValue: null, lostValue: null };
  if (conflict.field !== 'deleted') return undefined;
  const keptValue = withoutFields(conflict.keptValue, fields, mark);
  const lostValue = withoutFields(conflict.lostValue, fields, mark);
  return keptValue === conflict.keptValue && lostValue === conflict.lostValue
    ? undefined
    : { keptValue, lostValue };
};

export interface ConflictValues {
  table: SyncTable;
  field: string;
  keptValue: unknown;
  lostValue: unknown;
}

/**
 * The values a conflict may keep once its record is deleted: a personal field's two values become
 * empty (null); a `deleted` conflict's snapshot loses its personal fields (restoring the record then
 * brings back an anonymous beneficiary, as La Coop's deletion sets `anonyme`). Returns undefined
 * when nothing has to change.
 */
export const anonymiseConflictValues = (
  conflict: ConflictValues,
): { keptValue: unknown; lostValue: unknown } | undefined =>
  anonymisedOnDeletion(conflict.table)
    ? anonymisedConflictValues(conflict, BENEFICIARY_PERSONAL_FIELDS, { anonyme: true })
    : undefined;

/** A conflict's values with the personal data of a deleted record removed (unchanged otherwise). */
export const anonymisedConflict = <C extends ConflictValues>(conflict: C): C => {
  const values = anonymiseConflictValues(conflict);
  return values ? { ...conflict, ...values } : conflict;
};

/**
 * A merge's outcome (src/domain/merge.ts) without the personal data of a record that ends deleted:
 * its tombstone keeps no personal field, whatever the device sent, and the conflicts the merge
 * created keep none either. Anything else is returned as is.
 */
export const anonymisedMerge = (
  table: SyncTable,
  result: MergeResult,
  storedDeleted: boolean,
): MergeResult => {
  const deleted = result.record ? result.record.deleted : storedDeleted;
  if (!deleted || !anonymisedOnDeletion(table)) return result;
  const record = result.record && {
    ...result.record,
    data: Object.fromEntries(
      Object.entries(result.record.data).filter(([key]) => !isPersonalField(table, key)),
    ),
  };
  return {
    ...result,
    ...(record ? { record } : {}),
    conflicts: result.conflicts
      .map((c) => anonymisedConflict({ ...c, table }))
      .map(({ table: _t, ...c }) => c),
  };
};
