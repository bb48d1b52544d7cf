import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { itemInputSchema, loanInputSchema } from '../../domain/loans';
import { saveBeneficiary, deleteBeneficiary } from '../beneficiaries';
import { SillonDB } from '../db';
import { createBorrower, createItem, createLoan, returnItems } from '../loans';
import { pendingChanges, syncOverview } from './pending';

const person = (input: Record<string, unknown>) => beneficiaryInputSchema().parse(input);

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  db = new SillonDB(`pending-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('the pending count counts what the advisor did', () => {
  it('counts one per record changed, whatever the number of writes and internal mutations', async () => {
    const paul = await createBorrower(db, { anonyme: false, prenom: 'Paul', nom: 'Roche' });
    await saveBeneficiary(db, paul.id, person({ anonyme: false, prenom: 'Paul', nom: 'Roche', telephone: '+33755443322' }));
    await saveBeneficiary(db, paul.id, person({ anonyme: false, prenom: 'Paul', nom: 'Rocher', telephone: '+33755443322' }));
    expect((await syncOverview(db)).pending).toBe(1);

    // An item: the item, and a history line that follows it.
    const item = await createItem(db, itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-1' }));
    expect((await syncOverview(db)).pending).toBe(2);

    // Lending it writes the loan, the item's new status and a history line: one more record.
    const loan = await createLoan(
      db,
      loanInputSchema.parse({
        itemIds: [item.id],
        beneficiaryId: paul.id,
        startDate: '2026-03-02',
        plannedReturnDate: '2026-04-02',
      }),
    );
    await returnItems(db, loan.id, {
      returns: [{ itemId: item.id, date: '2026-03-20', outcome: 'bon_etat', accessoires: [], nextStatus: 'disponible' }],
    });
    const overview = await syncOverview(db);
    expect(overview.pending).toBe(3);
    expect(overview.pendingByTable).toEqual({ beneficiaries: 1, items: 1, loans: 1 });
    // The outbox holds many more mutations than that.
    expect(overview.unsent).toBeGreaterThan(6);
  });

  it('counts a deletion as the change of one record, and nothing once the outbox is empty', async () => {
    const b = await saveBeneficiary(db, undefined, person({ anonyme: false, prenom: 'Anne', nom: 'Vidal' }));
    await deleteBeneficiary(db, b.id);
    expect((await syncOverview(db)).pending).toBe(1);
    await db.outbox.clear();
    expect(await syncOverview(db)).toMatchObject({ pending: 0, unsent: 0, pendingByTable: {} });
  });

  it('leaves out the tables that only follow another record’s change', () => {
    expect(
      pendingChanges([
        { table: 'itemEvents', recordId: 'e1' },
        { table: 'itemEvents', recordId: 'e2' },
        { table: 'activities', recordId: 'a1' },
        { table: 'activities', recordId: 'a1' },
        { table: 'settings', recordId: 's1' },
      ]),
    ).toEqual({ total: 2, byTable: { activities: 1, settings: 1 } });
  });
});
