// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { activityInputSchema } from '../domain/activity';
import { beneficiaryInputSchema, type BeneficiaryInput } from '../domain/beneficiary';
import { defaultMergeChoices, differingFields, movedParticipants } from '../domain/beneficiary-merge';
import { itemInputSchema, loanInputSchema } from '../domain/loans';
import { createActivity } from './activities';
import { saveBeneficiary } from './beneficiaries';
import { followMerges, mergeBeneficiaries, MergeError, mergeImpact } from './beneficiaries-merge';
import { SillonDB } from './db';
import { createItem, createLoan } from './loans';
import { setIdentity } from './meta';

const NOW = new Date('2026-04-10T12:00:00Z');
const input = (fields: Partial<BeneficiaryInput>) => beneficiaryInputSchema(NOW).parse({ anonyme: false, ...fields });
const session = (beneficiaryIds: string[], type: 'individuel' | 'collectif' = 'individuel', date = '2026-03-02') =>
  activityInputSchema.parse({ type, date, duree: 30, typeLieu: 'a_distance', thematiques: ['email'], beneficiaryIds });

describe('merging two beneficiaries on the tablet', () => {
  let db: SillonDB;
  beforeEach(() => {
    db = new SillonDB(`merge-${Math.random()}`);
    setIdentity({});
  });
  afterEach(async () => {
    await db.delete();
    setIdentity({});
  });

  it('proposes La Coop’s choice (the kept value, else the other’s) and lists only the fields that differ', () => {
    const kept = { id: 'k', anonyme: false, nom: 'Martin', prenom: 'Alice', genre: 'non_communique', email: '  ' };
    const other = { id: 'o', anonyme: false, nom: 'MARTIN', prenom: 'Alice', genre: 'feminin', email: 'a@ex.fr', anneeNaissance: 1950 };
    const choices = defaultMergeChoices(kept as never, other as never);
    expect(choices).toMatchObject({ nom: 'kept', prenom: 'kept', genre: 'other', email: 'other', anneeNaissance: 'other', telephone: 'kept' });
    expect(differingFields(kept as never, other as never)).toEqual(['nom', 'anneeNaissance', 'email', 'genre']);
    expect(movedParticipants(['a', 'o', 'k'], 'o', 'k')).toEqual(['a', 'k']);
    expect(movedParticipants(['a'], 'o', 'k')).toBeUndefined();
  });

  it('keeps the chosen values, moves every activity and loan, and anonymises the other as a deletion', async () => {
    const kept = await saveBeneficiary(db, undefined, input({ nom: 'Martin', prenom: 'Alice', telephone: '0612345678' }), NOW);
    const other = await saveBeneficiary(
      db,
      undefined,
      input({ nom: 'Martin', prenom: 'Alicia', anneeNaissance: 1950, email: 'alice@ex.fr', notes: 'Vue en mairie' }),
      NOW,
    );
    const solo = await createActivity(db, session([other.id]));
    const both = await createActivity(db, session([kept.id, other.id], 'collectif'));
    const unrelated = await createActivity(db, session([kept.id]));
    const item = await createItem(db, itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-001' }));
    const loan = await createLoan(
      db,
      loanInputSchema.parse({ itemIds: [item.id], beneficiaryId: other.id, startDate: '2026-03-02', plannedReturnDate: '2026-03-16' }),
    );
    expect(await mergeImpact(db, other.id)).toEqual({ activities: 2, loans: 1 });
    const before = await db.outbox.count();

    const choices = { ...defaultMergeChoices(kept, other), notes: 'other' as const };
    const outcome = await mergeBeneficiaries(db, { keptId: kept.id, otherId: other.id, choices, now: NOW });
    expect(outcome).toMatchObject({ movedActivities: 2, movedLoans: 1 });

    const after = await db.beneficiaries.get(kept.id);
    expect(after).toMatchObject({
      nom: 'Martin',
      prenom: 'Alice',
      telephone: '+33612345678',
      anneeNaissance: 1950,
      email: 'alice@ex.fr',
      notes: 'Vue en mairie',
      trancheAge: 'soixante_dix_plus',
    });
    const gone = await db.beneficiaries.get(other.id);
    expect(gone).toMatchObject({ deleted: true, mergedInto: kept.id, anneeNaissance: 1950 });
    for (const field of ['nom', 'prenom', 'email', 'notes', 'sortKey', 'searchTokens']) expect(gone).not.toHaveProperty(field);
    expect((await db.activities.get(solo.id))?.beneficiaryIds).toEqual([kept.id]);
    expect((await db.activities.get(both.id))?.beneficiaryIds).toEqual([kept.id]);
    expect((await db.activities.get(unrelated.id))?.beneficiaryIds).toEqual([kept.id]);
    expect((await db.loans.get(loan.id))?.beneficiaryId).toBe(kept.id);
    // Ordinary changes: the kept one's changed fields, two activities, the loan, the deletion.
    const entries = (await db.outbox.toArray()).slice(before);
    expect(entries.map((e) => [e.table, e.op, Object.keys(e.patch).sort().join(',')])).toEqual([
      ['beneficiaries', 'put', 'anneeNaissance,email,notes,trancheAge'],
      ['activities', 'put', 'beneficiaryIds'],
      ['activities', 'put', 'beneficiaryIds'],
      ['loans', 'put', 'beneficiaryId'],
      ['beneficiaries', 'delete', 'deleted,email,mergedInto,nom,notes,prenom,searchTokens,sortKey'],
    ]);
    expect(entries[4]!.patch).toMatchObject({ deleted: true, mergedInto: kept.id, nom: null });
    // Her sessions count once, under the kept fiche.
    expect(await mergeImpact(db, kept.id)).toEqual({ activities: 3, loans: 1 });
  });

  it('refuses to merge an anonymous or a deleted beneficiary, or a fiche with itself, writing nothing', async () => {
    const a = await saveBeneficiary(db, undefined, input({ nom: 'Martin', prenom: 'Alice' }), NOW);
    const anon = await saveBeneficiary(db, undefined, input({ anonyme: true }), NOW);
    const count = await db.outbox.count();
    const choices = defaultMergeChoices(a, anon);
    await expect(mergeBeneficiaries(db, { keptId: a.id, otherId: anon.id, choices })).rejects.toThrow(
      'Seuls deux bénéficiaires suivis (identifiés) peuvent être fusionnés.',
    );
    await expect(mergeBeneficiaries(db, { keptId: a.id, otherId: a.id, choices })).rejects.toThrow(MergeError);
    await expect(mergeBeneficiaries(db, { keptId: a.id, otherId: 'nobody', choices })).rejects.toThrow(
      'L’un des deux bénéficiaires a été supprimé entre-temps.',
    );
    expect(await db.outbox.count()).toBe(count);
  });

  it('lets an advisor merge away only her own fiche, and moves only her own activities', async () => {
    const kept = await saveBeneficiary(db, undefined, input({ nom: 'Roux', prenom: 'Chloé' }), NOW);
    setIdentity({ userId: 'marc', role: 'conseiller' });
    const marcs = await saveBeneficiary(db, undefined, input({ nom: 'Roux', prenom: 'Chloé' }), NOW);
    const marcsSession = await createActivity(db, session([marcs.id]));
    setIdentity({ userId: 'lea', role: 'conseiller' });
    const choices = defaultMergeChoices(kept, marcs);
    await expect(mergeBeneficiaries(db, { keptId: kept.id, otherId: marcs.id, choices })).rejects.toThrow(
      'la fiche supprimée par la fusion doit être la vôtre',
    );
    // Marc merges his fiche into Léa's; a session of Léa's naming his fiche stays for her tablet to move.
    setIdentity({ userId: 'lea', role: 'conseiller' });
    const leasSession = await createActivity(db, session([marcs.id]));
    setIdentity({ userId: 'marc', role: 'conseiller' });
    const outcome = await mergeBeneficiaries(db, { keptId: kept.id, otherId: marcs.id, choices });
    expect(outcome.movedActivities).toBe(1);
    expect((await db.activities.get(marcsSession.id))?.beneficiaryIds).toEqual([kept.id]);
    expect((await db.activities.get(leasSession.id))?.beneficiaryIds).toEqual([marcs.id]);
    // Léa's tablet, having pulled the merge, moves hers.
    setIdentity({ userId: 'lea', role: 'conseiller' });
    const tombstone = await db.beneficiaries.get(marcs.id);
    const moved = await followMerges(db, [
      { table: 'beneficiaries', id: marcs.id, version: 9, deleted: true, data: { ...tombstone }, blobs: [] },
    ] as never);
    expect(moved).toBe(1);
    expect((await db.activities.get(leasSession.id))?.beneficiaryIds).toEqual([kept.id]);
  });
});
