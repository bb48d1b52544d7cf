// Merging two beneficiaries who are one person, as La Coop's « Fusionner des bénéficiaires » does
// (inclusion-numerique/coop-mediation-numerique@46aa33b,
// features/beneficiaire/abilities/fusionner-beneficiaires/domain/merge-beneficiaire-fields.ts and
// implementation/prisma/fusionner-beneficiaires.mutation.ts): one record is kept (La Coop's
// « destination »), the other (« source ») is deleted — anonymised, marked as merged into the kept
// one — and every accompagnement moves to the kept one, an activity that had both counting her once.
// La Coop fills each field from the destination when it has a value, else from the source; Sillon
// proposes the same and lets the advisor choose field by field which value stays. Pure.
import type { Beneficiary, BeneficiaryInput } from './beneficiary';

/** The fields the advisor chooses between (the commune and the phone travel whole). */
export const MERGE_FIELDS = [
  'prenom',
  'nom',
  'anneeNaissance',
  'telephone',
  'email',
  'adresse',
  'commune',
  'genre',
  'statutSocial',
  'notes',
] as const;

export type MergeField = (typeof MERGE_FIELDS)[number];

/** For each field, whose value stays: the kept record's or the other's. */
export type MergeChoices = Record<MergeField, 'kept' | 'other'>;

/** La Coop's isValuePresent: null, undefined and blank text are absent; false and 0 are values. */
export const isValuePresent = (value: unknown): boolean =>
  value !== null && value !== undefined && (typeof value !== 'string' || value.trim() !== '');

/** A value that says nothing La Coop's statistics do not already assume. */
const isUnknown = (field: MergeField, value: unknown) =>
  !isValuePresent(value) || ((field === 'genre' || field === 'statutSocial') && value === 'non_communique');

/** La Coop's policy as the starting choice: the kept value when present, else the other's. */
export const defaultMergeChoices = (kept: Beneficiary, other: Beneficiary): MergeChoices =>
  Object.fromEntries(
    MERGE_FIELDS.map((field) => [
      field,
      isUnknown(field, kept[field]) && !isUnknown(field, other[field]) ? 'other' : 'kept',
    ]),
  ) as MergeChoices;

/** Fields where the two records hold different values (the only ones worth a choice). */
export const differingFields = (kept: Beneficiary, other: Beneficiary): MergeField[] =>
  MERGE_FIELDS.filter(
    (field) =>
      JSON.stringify(kept[field] ?? null) !== JSON.stringify(other[field] ?? null) &&
      (isValuePresent(kept[field]) || isValuePresent(other[field])),
  );

/**
 * The kept record's fields after the merge, as the beneficiary form would submit them: each chosen
 * value, the phone's « pas de téléphone » with the phone it goes with. Both must be identified
 * (La Coop merges identified beneficiaries only).
 */
export const mergedFields = (
  kept: Beneficiary,
  other: Beneficiary,
  choices: MergeChoices,
): BeneficiaryInput => {
  const from = (field: MergeField) => (choices[field] === 'other' ? other : kept);
  const input: Record<string, unknown> = { anonyme: false };
  for (const field of MERGE_FIELDS) input[field] = from(field)[field];
  const phoneFrom = from('telephone');
  input.pasDeTelephone = phoneFrom.telephone ? undefined : phoneFrom.pasDeTelephone || undefined;
  return input as unknown as BeneficiaryInput;
};

/** Merges of merges followed at most (a cycle written outside Sillon must not loop for ever). */
export const MAX_MERGE_HOPS = 10;

/** The beneficiary a merged-away one was merged into: `mergedInto` of a deleted record, else undefined. */
export const mergedIntoOf = (
  b: { deleted?: boolean; mergedInto?: unknown } | undefined,
): string | undefined =>
  b?.deleted && typeof b.mergedInto === 'string' && b.mergedInto.length > 0 ? b.mergedInto : undefined;

/** The beneficiary `id` became, following merges of merges (`id` itself when she was not merged away). */
export const keptBeneficiaryId = (
  id: string,
  get: (id: string) => { deleted?: boolean; mergedInto?: unknown } | undefined,
): string => {
  let current = id;
  for (let hops = 0; hops < MAX_MERGE_HOPS; hops++) {
    const next = mergedIntoOf(get(current));
    if (next === undefined) break;
    current = next;
  }
  return current;
};

export type MergeRefusal = 'same' | 'anonymous' | 'deleted';

export const MERGE_REFUSALS: Record<MergeRefusal, string> = {
  same: 'Une fiche ne peut pas être fusionnée avec elle-même.',
  anonymous: 'Seuls deux bénéficiaires suivis (identifiés) peuvent être fusionnés.',
  deleted: 'L’un des deux bénéficiaires a été supprimé entre-temps.',
};

/** Why two records cannot be merged, if they cannot. */
export const mergeRefusal = (
  kept: Beneficiary | undefined,
  other: Beneficiary | undefined,
): MergeRefusal | undefined => {
  if (!kept || !other || kept.deleted || other.deleted) return 'deleted';
  if (kept.id === other.id) return 'same';
  if (kept.anonyme || other.anonyme) return 'anonymous';
  return undefined;
};

/**
 * An activity's participants once `otherId` is `keptId`: the other replaced in place, and listed
 * once when the activity had both (La Coop deletes the source's accompagnement of an activity the
 * destination already has). Undefined when the activity does not name the other.
 */
export const movedParticipants = (
  beneficiaryIds: readonly string[],
  otherId: string,
  keptId: string,
): string[] | undefined => {
  if (!beneficiaryIds.includes(otherId)) return undefined;
  const next: string[] = [];
  for (const id of beneficiaryIds) {
    const moved = id === otherId ? keptId : id;
    if (!next.includes(moved)) next.push(moved);
  }
  return next;
};
