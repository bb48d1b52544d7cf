// Merging two beneficiaries on the tablet, offline (rules in src/domain/beneficiary-merge.ts, after
// La Coop's fusionner-beneficiaires.mutation.ts): in one transaction, the kept record takes the
// chosen values (saved against the base the screen opened, so a colleague's change of another field
// stays and one of the same field is a conflict on the server), every activity and loan of the other
// moves to the kept one, and the other is deleted — anonymised — with `mergedInto` naming the kept
// one. Each write is an ordinary change in the outbox: the merge syncs like any edit.
// `followMerges` finishes the work on any tablet that pulls a merge, or a colleague's record still
// naming the merged-away beneficiary (an activity typed meanwhile, offline): it points it to the kept one.
import { beneficiaryInputSchema, type Beneficiary } from '../domain/beneficiary';
import {
  keptBeneficiaryId,
  MERGE_REFUSALS,
  mergedFields,
  mergeRefusal,
  movedParticipants,
  type MergeChoices,
} from '../domain/beneficiary-merge';
import type { EditBase } from '../domain/edit';
import type { PulledRecord as SyncRecord } from '../domain/sync';
import { deleteBeneficiary, saveBeneficiary } from './beneficiaries';
import type { SillonDB } from './db';
import { editBaseOf } from './edits';
import { canDo } from './permissions';
import { patchRecord } from './records';

export class MergeError extends Error {}

export const MERGE_FORBIDDEN =
  'Vous ne pouvez pas fusionner ces fiches : la fiche supprimée par la fusion doit être la vôtre (ou demandez à un coordinateur).';

export interface MergeRequest {
  keptId: string;
  otherId: string;
  choices: MergeChoices;
  /** The kept record as the merge screen opened it (else: as it is now). */
  keptBase?: EditBase;
  now?: Date;
}

export interface MergeOutcome {
  kept: Beneficiary;
  movedActivities: number;
  movedLoans: number;
}

/** What the merge of `otherId` would move: for the screen to say before she confirms. */
export const mergeImpact = async (db: SillonDB, otherId: string): Promise<{ activities: number; loans: number }> => ({
  activities: await db.activities
    .where('beneficiaryIds')
    .equals(otherId)
    .filter((a) => !a.deleted)
    .count(),
  loans: await db.loans
    .where('beneficiaryId')
    .equals(otherId)
    .filter((l) => !l.deleted)
    .count(),
});

/**
 * Points every live activity and loan of `otherId` that this person may change to `keptId`, each as
 * an ordinary change. A colleague's activity (an advisor changes only her own) is moved by her
 * colleague's tablet when it pulls the merge (followMerges).
 */
const moveReferences = async (db: SillonDB, otherId: string, keptId: string, now: Date) => {
  let activities = 0;
  let loans = 0;
  for (const a of await db.activities.where('beneficiaryIds').equals(otherId).toArray()) {
    const beneficiaryIds = movedParticipants(a.beneficiaryIds, otherId, keptId);
    if (a.deleted || !beneficiaryIds || !canDo('activities', 'update', a)) continue;
    await patchRecord(db, 'activities', a.id, { beneficiaryIds }, a.serverVersion ?? 0, { now });
    activities += 1;
  }
  for (const l of await db.loans.where('beneficiaryId').equals(otherId).toArray()) {
    if (l.deleted || !canDo('loans', 'update', l)) continue;
    await patchRecord(db, 'loans', l.id, { beneficiaryId: keptId }, l.serverVersion ?? 0, { now });
    loans += 1;
  }
  return { activities, loans };
};

export const mergeBeneficiaries = async (db: SillonDB, request: MergeRequest): Promise<MergeOutcome> => {
  const now = request.now ?? new Date();
  return db.transaction('rw', [db.beneficiaries, db.activities, db.loans, db.outbox, db.conflicts], async () => {
    const [kept, other] = await db.beneficiaries.bulkGet([request.keptId, request.otherId]);
    const refusal = mergeRefusal(kept, other);
    if (refusal) throw new MergeError(MERGE_REFUSALS[refusal]);
    // The other one is deleted: as for a deletion, her author or a coordinateur.
    if (!canDo('beneficiaries', 'delete', other) || !canDo('beneficiaries', 'update', kept))
      throw new MergeError(MERGE_FORBIDDEN);
    const input = beneficiaryInputSchema(now).safeParse(mergedFields(kept!, other!, request.choices));
    if (!input.success) throw new MergeError(input.error.issues[0]?.message ?? MERGE_REFUSALS.deleted);
    const saved = await saveBeneficiary(db, kept!.id, input.data, now, request.keptBase ?? editBaseOf(kept!));
    const moved = await moveReferences(db, other!.id, kept!.id, now);
    // The other leaves as a deletion does (anonymised), saying where she went.
    await deleteBeneficiary(db, other!.id, { extra: { mergedInto: kept!.id }, now });
    return { kept: saved, movedActivities: moved.activities, movedLoans: moved.loans };
  });
};

/** The beneficiary a merged-away one became (following merges of merges), or undefined. */
const keptOf = (byId: Map<string, Beneficiary | undefined>, id: string): string | undefined => {
  const kept = keptBeneficiaryId(id, (current) => byId.get(current));
  return kept === id ? undefined : kept;
};

/**
 * After a pulled page: every local activity or loan that still names a merged-away beneficiary is
 * pointed to the kept one — those the page's merges concern, and those the page brought. Idempotent:
 * two tablets doing it write the same value, which the server's merge takes without a conflict.
 */
export const followMerges = async (db: SillonDB, records: readonly SyncRecord[], now = new Date()): Promise<number> => {
  const mergedAway = new Set<string>();
  const named = new Set<string>();
  for (const r of records) {
    if (r.table === 'beneficiaries' && r.deleted && typeof r.data.mergedInto === 'string') mergedAway.add(r.id);
    if (r.table === 'activities' && Array.isArray(r.data.beneficiaryIds))
      for (const id of r.data.beneficiaryIds) if (typeof id === 'string') named.add(id);
    if (r.table === 'loans' && typeof r.data.beneficiaryId === 'string') named.add(r.data.beneficiaryId);
  }
  if (mergedAway.size === 0 && named.size === 0) return 0;
  return db.transaction('rw', [db.beneficiaries, db.activities, db.loans, db.outbox], async () => {
    const byId = new Map<string, Beneficiary | undefined>();
    const load = async (ids: string[]) => {
      const rows = await db.beneficiaries.bulkGet(ids);
      ids.forEach((id, i) => byId.set(id, rows[i]));
    };
    // Only the named people who were merged away matter: the `mergedInto` index lists them (a few),
    // where reading every person a page of 2,000 sessions names took 0.2–0.8 s at CPU 4×.
    const merged = new Set(await db.beneficiaries.orderBy('mergedInto').primaryKeys());
    await load([...new Set([...mergedAway, ...[...named].filter((id) => merged.has(id))])]);
    // Merges of merges: load the chain.
    for (let hops = 0; hops < 10; hops++) {
      const next = [...byId.values()]
        .map((b) => (b?.deleted && typeof b.mergedInto === 'string' ? b.mergedInto : undefined))
        .filter((id): id is string => id !== undefined && !byId.has(id));
      if (next.length === 0) break;
      await load(next);
    }
    let moved = 0;
    for (const id of [...mergedAway, ...named]) {
      const keptId = keptOf(byId, id);
      if (!keptId) continue;
      const counts = await moveReferences(db, id, keptId, now);
      moved += counts.activities + counts.loans;
    }
    return moved;
  });
};
