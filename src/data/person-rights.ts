// A person's rights on this tablet. Access: what it holds about her (src/domain/person-export.ts) —
// her fiche, the sessions and loans naming her, her record's conflicts, the drafts about her.
// Erasure: her deletion anonymises her (src/data/beneficiaries.ts), and here, in the same
// transaction, the signed agreements of her loans (signatures and PDF: the files are then collected
// on the server and on every tablet), the notes of her individual sessions and the drafts about her
// go too; each change is an ordinary synced one.
import type { Activity } from '../domain/activity';
import type { Loan } from '../domain/loans';
import type { PersonData } from '../domain/person-export';
import { deleteBeneficiary, getBeneficiary, sessionsOf } from './beneficiaries';
import type { SillonDB } from './db';
import { loansOfBeneficiary } from './loans';
import { canDo } from './permissions';
import { saveRecord } from './records';

/** Drafts that name her: her fiche's form, or a form (session, loan) whose state holds her id. */
export const draftsAbout = async (db: SillonDB, id: string) =>
  (await db.drafts.toArray()).filter((d) => d.id === `beneficiary:${id}` || JSON.stringify(d.data ?? null).includes(id));

export const gatherPersonData = async (db: SillonDB, id: string): Promise<PersonData | undefined> => {
  const beneficiary = await getBeneficiary(db, id);
  if (!beneficiary) return undefined;
  const conflicts = await db.conflicts.where({ table: 'beneficiaries', recordId: id }).toArray();
  return {
    beneficiary,
    sessions: await sessionsOf(db, id),
    loans: await loansOfBeneficiary(db, id),
    conflicts: conflicts.map((c) => ({
      field: c.field,
      keptValue: c.keptValue,
      lostValue: c.lostValue,
      ...(c.detectedAt ? { detectedAt: c.detectedAt } : {}),
    })),
    drafts: (await draftsAbout(db, id)).map((d) => ({ id: d.id, title: d.title, updatedAt: d.updatedAt, data: d.data })),
  };
};

/** « Supprimer » on her fiche: she is anonymised everywhere, with what names her. */
export const eraseBeneficiary = async (db: SillonDB, id: string, now: Date = new Date()): Promise<void> =>
  db.transaction('rw', [db.beneficiaries, db.activities, db.loans, db.drafts, db.outbox, db.conflicts], async () => {
    for (const loan of await loansOfBeneficiary(db, id))
      if (loan.agreement && canDo('loans', 'update', loan))
        await saveRecord<Loan>(db, 'loans', loan.id, { agreement: undefined }, { now });
    for (const session of await sessionsOf(db, id))
      if (session.type === 'individuel' && session.notes && canDo('activities', 'update', session))
        await saveRecord<Activity>(db, 'activities', session.id, { notes: undefined }, { now });
    await db.drafts.bulkDelete((await draftsAbout(db, id)).map((d) => d.id));
    await deleteBeneficiary(db, id, { now });
  });
