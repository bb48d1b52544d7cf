// Equipment, loans, item history and the loan agreement template: queries and write commands.
// Every write goes through saveRecord (record + outbox in one transaction); a command that
// touches several records wraps them in one Dexie transaction so that a refusal writes nothing.
import {
  beneficiaryInputSchema,
  type Beneficiary,
  type BeneficiaryInput,
} from '../domain/beneficiary';
import { toDay } from '../domain/dates';
import { sameValue, type EditBase } from '../domain/edit';
import {
  DEFAULT_AGREEMENT_BODY,
  DEFAULT_AGREEMENT_TITLE,
  applyReturns,
  effectiveStatus,
  extendLoan as extendRule,
  findDoubleLendings,
  isActiveLoan,
  isOverdue,
  outstandingItemIds,
  returnDeposit,
  unavailabilityReason,
  type Agreement,
  type AgreementTemplate,
  type DoubleLending,
  type Item,
  type ItemEvent,
  type ItemInput,
  type ItemReturn,
  type ItemStatus,
  type ItemType,
  type Condition,
  type Loan,
  type LoanInput,
} from '../domain/loans';
import { may } from '../domain/permissions';
import { RECORD_SCHEMAS } from '../domain/record-schemas';
import { singletonId, SINGLETONS } from '../domain/singletons';
import { normalize } from '../domain/text';
import { saveBeneficiary, searchBeneficiaries } from './beneficiaries';
import type { SillonDB } from './db';
import { getIdentity } from './meta';
import { saveAgainstBase, saveRecord } from './records';
import { getSession } from './sync/session';

/** A refused command, with a French message for the advisor. */
export class LoanError extends Error {
  override name = 'LoanError';
}

const live = <T extends { deleted?: boolean }>(rows: T[]): T[] => rows.filter((r) => !r.deleted);

// ————————————————————————————————————————— items: queries

export interface ItemFilter {
  status?: ItemStatus | undefined;
  type?: ItemType | undefined;
  lieuId?: string | undefined;
  /** Free text: inventory number, brand, model, serial number. */
  query?: string | undefined;
}

export const listItems = async (db: SillonDB, filter: ItemFilter = {}): Promise<Item[]> => {
  const base = filter.status
    ? db.items.where('status').equals(filter.status)
    : filter.type
      ? db.items.where('type').equals(filter.type)
      : db.items.toCollection();
  const q = filter.query ? normalize(filter.query) : '';
  const rows = await base
    .filter(
      (i) =>
        !i.deleted &&
        (!filter.type || i.type === filter.type) &&
        (!filter.lieuId || i.lieuId === filter.lieuId) &&
        (!q || normalize([i.inventoryNumber, i.marque, i.modele, i.numeroSerie].join(' ')).includes(q)),
    )
    .toArray();
  return rows.sort((a, b) => a.inventoryNumber.localeCompare(b.inventoryNumber, 'fr', { numeric: true }));
};

/** Items that can be lent now: « disponible » and held by no active loan on this tablet. */
export const listLendableItems = async (db: SillonDB): Promise<Item[]> => {
  const held = new Set((await listActiveLoans(db)).flatMap((l) => outstandingItemIds(l)));
  return (await listItems(db, { status: 'disponible' })).filter((i) => !held.has(i.id));
};

/** Ids of the items an active loan holds (their shown status is « prêté »). */
export const heldItemIds = async (db: SillonDB): Promise<Set<string>> =>
  new Set((await listActiveLoans(db)).flatMap((l) => outstandingItemIds(l)));

export const getItem = async (db: SillonDB, id: string): Promise<Item | undefined> => {
  const item = await db.items.get(id);
  return item && !item.deleted ? item : undefined;
};

export const getItems = async (db: SillonDB, ids: string[]): Promise<Item[]> =>
  live((await db.items.bulkGet(ids)).filter((i): i is Item => Boolean(i)));

const sameNumber = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The item a scanned label or a typed inventory number designates (case and spaces ignored). */
export const findItemByInventoryNumber = async (db: SillonDB, number: string): Promise<Item | undefined> => {
  const wanted = number.trim();
  if (!wanted) return undefined;
  const exact = live(await db.items.where('inventoryNumber').equals(wanted).toArray());
  if (exact[0]) return exact[0];
  return db.items.filter((i) => !i.deleted && sameNumber(i.inventoryNumber, wanted)).first();
};

// ————————————————————————————————————————— items: commands

const addEvent = (db: SillonDB, event: Omit<ItemEvent, 'id' | 'createdAt' | 'updatedAt'>) =>
  saveRecord<ItemEvent>(db, 'itemEvents', undefined, event);

/** Inventory numbers are unique within the structure (this device's copy of it). */
const assertUniqueNumber = async (db: SillonDB, number: string, exceptId?: string) => {
  const clash = await db.items
    .filter((i) => !i.deleted && i.id !== exceptId && sameNumber(i.inventoryNumber, number))
    .first();
  if (clash) throw new LoanError(`Le numéro d’inventaire ${number} est déjà utilisé par un autre matériel.`);
};

export const createItem = async (db: SillonDB, input: ItemInput, now = new Date()): Promise<Item> =>
  db.transaction('rw', [db.items, db.itemEvents, db.outbox], async () => {
    await assertUniqueNumber(db, input.inventoryNumber);
    if (input.status === 'prete') throw new LoanError('Un matériel devient « prêté » en enregistrant un prêt.');
    const item = await saveRecord<Item>(db, 'items', undefined, { ...input }, { now });
    await addEvent(db, {
      itemId: item.id,
      date: now.toISOString(),
      kind: 'creation',
      toStatus: item.status,
      ...(item.etat ? { etat: item.etat } : {}),
    });
    return item;
  });

/** The fields an item form owns, from its validated input (absent means cleared). */
export const itemFields = (input: ItemInput): Record<string, unknown> => {
  const fields: Record<string, unknown> = { ...input };
  for (const key of ['marque', 'modele', 'numeroSerie', 'origine', 'fournisseur', 'dateAcquisition', 'valeurAcquisition', 'accessoiresAutres', 'etat', 'lieuId', 'notes'] as const)
    if (!(key in input) || input[key] === undefined) fields[key] = undefined;
  return fields;
};

/**
 * Edits an item; a status change is written in its history. Lending and returning have their own
 * commands. With the `base` the form was opened from, only the fields the advisor changed travel,
 * with the base's version (saveAgainstBase), and only a status she changed is checked against the
 * loans; without one, saveRecord compares with the item as it is now.
 */
export const updateItem = async (db: SillonDB, id: string, input: ItemInput, now = new Date(), base?: EditBase): Promise<Item> =>
  db.transaction('rw', [db.items, db.itemEvents, db.loans, db.outbox], async () => {
    const existing = await getItem(db, id);
    if (!existing) throw new LoanError('Ce matériel n’existe plus.');
    await assertUniqueNumber(db, input.inventoryNumber, id);
    const lent = effectiveStatus(existing, await db.loans.where('itemIds').equals(id).toArray()) === 'prete';
    const statusChanged = base ? !sameValue(base.values.status, input.status) : input.status !== existing.status;
    if (input.status === 'prete' && statusChanged && existing.status !== 'prete')
      throw new LoanError('Un matériel devient « prêté » en enregistrant un prêt.');
    // While lent, the details can be corrected but the status only changes through the return.
    if (lent && statusChanged && input.status !== existing.status)
      throw new LoanError('Ce matériel est prêté : enregistrez son retour depuis la page du prêt.');
    const saved = base
      ? await saveAgainstBase<Item>(db, 'items', id, base, itemFields(input), { now })
      : await saveRecord<Item>(db, 'items', id, itemFields(input) as Partial<Item>, { now });
    if (existing.status !== saved.status)
      await addEvent(db, { itemId: id, date: now.toISOString(), kind: 'statut', fromStatus: existing.status, toStatus: saved.status });
    return saved;
  });

/** Changes the status (réparation, réforme, perdu, retour en service) outside a loan. */
export const setItemStatus = async (db: SillonDB, id: string, status: ItemStatus, note?: string, now = new Date()) =>
  db.transaction('rw', [db.items, db.itemEvents, db.loans, db.outbox], async () => {
    const item = await getItem(db, id);
    if (!item) throw new LoanError('Ce matériel n’existe plus.');
    if (status === 'prete') throw new LoanError('Un matériel devient « prêté » en enregistrant un prêt.');
    if (effectiveStatus(item, await db.loans.where('itemIds').equals(id).toArray()) === 'prete') throw new LoanError('Ce matériel est prêté : enregistrez son retour depuis la page du prêt.');
    if (item.status === status) return item;
    const saved = await saveRecord<Item>(db, 'items', id, { status }, { now });
    await addEvent(db, {
      itemId: id,
      date: now.toISOString(),
      kind: 'statut',
      fromStatus: item.status,
      toStatus: status,
      ...(note ? { note } : {}),
    });
    return saved;
  });

/** A condition check (contrôle d'état): updates the item's condition and keeps the check in its history. */
export const recordConditionCheck = async (db: SillonDB, id: string, etat: Condition, note?: string, now = new Date()) =>
  db.transaction('rw', [db.items, db.itemEvents, db.outbox], async () => {
    const item = await getItem(db, id);
    if (!item) throw new LoanError('Ce matériel n’existe plus.');
    await saveRecord<Item>(db, 'items', id, { etat }, { now });
    await addEvent(db, { itemId: id, date: now.toISOString(), kind: 'controle', etat, ...(note ? { note } : {}) });
  });

export const deleteItem = async (db: SillonDB, id: string) =>
  db.transaction('rw', [db.items, db.loans, db.outbox], async () => {
    const loans = await loansOfItem(db, id);
    if (loans.length > 0) throw new LoanError('Ce matériel a un historique de prêts : passez-le plutôt en « réformé ».');
    await saveRecord<Item>(db, 'items', id, { deleted: true });
  });

// ————————————————————————————————————————— loans: queries

export const getLoan = async (db: SillonDB, id: string): Promise<Loan | undefined> => {
  const loan = await db.loans.get(id);
  return loan && !loan.deleted ? loan : undefined;
};

export const listActiveLoans = async (db: SillonDB): Promise<Loan[]> =>
  live(await db.loans.where('status').equals('en_cours').toArray()).sort((a, b) =>
    a.plannedReturnDate.localeCompare(b.plannedReturnDate),
  );

export type LoanFilter = 'en_cours' | 'en_retard' | 'rendu' | 'tous';

export const listLoans = async (db: SillonDB, filter: LoanFilter = 'en_cours', today = toDay(new Date())) => {
  if (filter === 'en_cours') return listActiveLoans(db);
  if (filter === 'en_retard') return listOverdueLoans(db, today);
  const rows =
    filter === 'rendu'
      ? await db.loans.where('status').equals('rendu').toArray()
      : await db.loans.toArray();
  return live(rows).sort((a, b) => b.startDate.localeCompare(a.startDate) || b.id.localeCompare(a.id));
};

/** Loans whose planned return date is before today and not fully returned, most overdue first. */
export const listOverdueLoans = async (db: SillonDB, today = toDay(new Date())): Promise<Loan[]> =>
  live(await db.loans.where('plannedReturnDate').below(today).toArray())
    .filter((l) => isOverdue(l, today))
    .sort((a, b) => a.plannedReturnDate.localeCompare(b.plannedReturnDate));

export const loansOfItem = async (db: SillonDB, itemId: string): Promise<Loan[]> =>
  live(await db.loans.where('itemIds').equals(itemId).toArray()).sort((a, b) =>
    b.startDate.localeCompare(a.startDate),
  );

export const loansOfBeneficiary = async (db: SillonDB, beneficiaryId: string): Promise<Loan[]> =>
  live(await db.loans.where('beneficiaryId').equals(beneficiaryId).toArray());

/** Items lent twice at once (two offline tablets), found from the synced data. */
export const listDoubleLendings = async (db: SillonDB): Promise<DoubleLending[]> =>
  findDoubleLendings(await listActiveLoans(db));

export interface OverdueSummary {
  loan: Loan;
  beneficiary?: Beneficiary;
  items: Item[];
}

/** What the home screen shows: overdue loans with who has them and what. */
export const overdueSummaries = async (db: SillonDB, today = toDay(new Date())): Promise<OverdueSummary[]> => {
  const loans = await listOverdueLoans(db, today);
  return Promise.all(
    loans.map(async (loan) => {
      const beneficiary = await db.beneficiaries.get(loan.beneficiaryId);
      return { loan, items: await getItems(db, loan.itemIds), ...(beneficiary ? { beneficiary } : {}) };
    }),
  );
};

export type HistoryEntry = ItemEvent;

/** An item's history, newest first: creation, status changes, condition checks, loans, returns, extensions. */
export const itemHistory = async (db: SillonDB, itemId: string): Promise<ItemEvent[]> =>
  live(await db.itemEvents.where('itemId').equals(itemId).toArray()).sort(
    (a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id),
  );

// ————————————————————————————————————————— loans: commands

/**
 * Lends items to a beneficiary. Refused (nothing written) when an item is not « disponible » or
 * already held by a loan on this device: the check and the writes share one transaction.
 */
export const createLoan = async (db: SillonDB, input: LoanInput, now = new Date()): Promise<Loan> =>
  db.transaction('rw', [db.items, db.loans, db.itemEvents, db.beneficiaries, db.outbox], async () => {
    const beneficiary = await db.beneficiaries.get(input.beneficiaryId);
    if (!beneficiary || beneficiary.deleted) throw new LoanError('Ce bénéficiaire n’existe plus.');
    const items: Item[] = [];
    for (const itemId of input.itemIds) {
      const item = await db.items.get(itemId);
      if (!item) throw new LoanError('Ce matériel n’existe plus.');
      const holding = await db.loans.where('itemIds').equals(itemId).toArray();
      const reason = unavailabilityReason(item, holding, itemId);
      if (reason) throw new LoanError(reason);
      items.push(item);
    }
    const loan = await saveRecord<Loan>(
      db,
      'loans',
      undefined,
      {
        itemIds: input.itemIds,
        beneficiaryId: input.beneficiaryId,
        startDate: input.startDate,
        plannedReturnDate: input.plannedReturnDate,
        extensions: [],
        handover: input.handover.filter((h) => input.itemIds.includes(h.itemId)),
        returns: [],
        status: 'en_cours',
        ...(input.purpose ? { purpose: input.purpose } : {}),
        ...(input.deposit ? { deposit: input.deposit } : {}),
        ...(input.advisorName ? { advisorName: input.advisorName } : {}),
        ...(input.notes ? { notes: input.notes } : {}),
      },
      { now },
    );
    for (const item of items) {
      const handover = input.handover.find((h) => h.itemId === item.id);
      await saveRecord<Item>(db, 'items', item.id, { status: 'prete', ...(handover?.etat ? { etat: handover.etat } : {}) }, { now });
      await addEvent(db, {
        itemId: item.id,
        date: now.toISOString(),
        kind: 'pret',
        fromStatus: item.status,
        toStatus: 'prete',
        loanId: loan.id,
        ...(handover?.etat ? { etat: handover.etat } : {}),
      });
    }
    return loan;
  });

/** Attaches the hand-over photo (a blob hash from putBlob). */
export const setLoanPhoto = (db: SillonDB, loanId: string, hash: string | undefined) =>
  saveRecord<Loan>(db, 'loans', loanId, { photo: hash }, { blobs: RECORD_SCHEMAS.loans.blobs({ photo: hash }) });

/** Stores the signed agreement; its blobs travel once, by hash, before the change. */
export const signAgreement = async (db: SillonDB, loanId: string, agreement: Agreement): Promise<Loan> => {
  const loan = await getLoan(db, loanId);
  if (!loan) throw new LoanError('Ce prêt n’existe plus.');
  return saveRecord<Loan>(
    db,
    'loans',
    loanId,
    { agreement },
    { blobs: RECORD_SCHEMAS.loans.blobs({ agreement }) },
  );
};

export const extendLoan = async (db: SillonDB, loanId: string, to: string, reason?: string, now = new Date()) =>
  db.transaction('rw', [db.loans, db.itemEvents, db.outbox], async () => {
    const loan = await getLoan(db, loanId);
    if (!loan) throw new LoanError('Ce prêt n’existe plus.');
    let changes;
    try {
      changes = extendRule(loan, to, now, reason);
    } catch (e) {
      throw new LoanError((e as Error).message);
    }
    const saved = await saveRecord<Loan>(db, 'loans', loanId, changes, { now });
    for (const itemId of loan.itemIds)
      await addEvent(db, {
        itemId,
        date: now.toISOString(),
        kind: 'prolongation',
        loanId,
        note: `Retour prévu le ${to.split('-').reverse().join('/')}`,
      });
    return saved;
  });

export interface ReturnInput {
  returns: ItemReturn[];
  /** Deposit returned with this return (undefined: unchanged). */
  depositReturned?: boolean;
  depositReturnedDate?: string;
}

/** The loan's fields a return writes: what the return form's save is diffed against. */
export const returnFields = (loan: Pick<Loan, 'returns' | 'status' | 'returnedDate' | 'deposit'>) => ({
  returns: loan.returns,
  status: loan.status,
  returnedDate: loan.returnedDate,
  deposit: loan.deposit,
});

/**
 * Records items coming back: each item takes its new status; the loan closes when all are back.
 * With the `base` the return form was opened from, the loan's fields that differ from the base
 * travel with the base's version (saveAgainstBase): the server sees a colleague's return recorded
 * meanwhile as a conflict instead of overwriting it.
 */
export const returnItems = async (
  db: SillonDB,
  loanId: string,
  input: ReturnInput,
  now = new Date(),
  base?: EditBase,
) =>
  db.transaction('rw', [db.items, db.loans, db.itemEvents, db.outbox], async () => {
    const loan = await getLoan(db, loanId);
    if (!loan) throw new LoanError('Ce prêt n’existe plus.');
    let next;
    let deposit = loan.deposit;
    try {
      next = applyReturns(loan, input.returns);
      if (deposit && input.depositReturned !== undefined)
        deposit = returnDeposit(deposit, input.depositReturned, input.depositReturnedDate ?? toDay(now), loan.startDate);
    } catch (e) {
      throw new LoanError((e as Error).message);
    }
    const fields = { returns: next.returns, status: next.status, returnedDate: next.returnedDate };
    const saved = base
      ? await saveAgainstBase<Loan>(db, 'loans', loanId, base, returnFields({ ...fields, deposit }), { now })
      : await saveRecord<Loan>(db, 'loans', loanId, { ...fields, ...(deposit ? { deposit } : {}) }, { now });
    for (const r of input.returns) {
      const item = await db.items.get(r.itemId);
      if (!item) continue;
      // Another active loan may hold the item (double lending synced in): it stays « prêté ».
      const others = (await db.loans.where('itemIds').equals(r.itemId).toArray()).filter(
        (l) => l.id !== loanId && isActiveLoan(l) && !l.returns.some((x) => x.itemId === r.itemId),
      );
      const status = others.length > 0 ? 'prete' : r.nextStatus;
      await saveRecord<Item>(db, 'items', r.itemId, { status, ...(r.etat ? { etat: r.etat } : {}) }, { now });
      await addEvent(db, {
        itemId: r.itemId,
        date: now.toISOString(),
        kind: 'retour',
        fromStatus: item.status,
        toStatus: status,
        loanId,
        ...(r.etat ? { etat: r.etat } : {}),
        ...(r.note ? { note: r.note } : {}),
      });
    }
    return saved;
  });

/** Deposit handed back (or kept) later than the return. */
export const setDepositReturned = async (db: SillonDB, loanId: string, returned: boolean, date: string) => {
  const loan = await getLoan(db, loanId);
  if (!loan?.deposit) throw new LoanError('Ce prêt n’a pas de caution.');
  let deposit;
  try {
    deposit = returnDeposit(loan.deposit, returned, date, loan.startDate);
  } catch (e) {
    throw new LoanError((e as Error).message);
  }
  return saveRecord<Loan>(db, 'loans', loanId, { deposit });
};

// ————————————————————————————————————————— borrowers

/** The beneficiary search of the whole app (index-only, phone formats, commune), for the loan form. */
export const searchBorrowers = (db: SillonDB, query: string, limit = 20): Promise<Beneficiary[]> =>
  searchBeneficiaries(db, query, limit);

export const getBeneficiaries = async (db: SillonDB, ids: string[]): Promise<Beneficiary[]> =>
  live((await db.beneficiaries.bulkGet(ids)).filter((b): b is Beneficiary => Boolean(b)));

/** A beneficiary created on the spot while lending (validated like any other beneficiary). */
export const createBorrower = async (
  db: SillonDB,
  input: Partial<Pick<BeneficiaryInput, 'anonyme' | 'prenom' | 'nom' | 'telephone' | 'pasDeTelephone' | 'email'>>,
  now = new Date(),
): Promise<Beneficiary> => {
  // Same derived fields (tranche d'âge, sort key, search tokens) as the beneficiary form.
  return saveBeneficiary(db, undefined, beneficiaryInputSchema(now).parse(input), now);
};

// ————————————————————————————————————————— agreement template

/**
 * The template's record id: the structure's own (derived from its id, src/domain/singletons.ts), or
 * the fixed one of a tablet used without an account (the server files it under the structure of the
 * first account that syncs it).
 */
const templateId = (structureId: string | undefined): string =>
  structureId ? singletonId(structureId, 'agreementTemplate') : SINGLETONS.agreementTemplate.legacyId;

const defaultTemplate = (structureId: string | undefined): AgreementTemplate => ({
  id: templateId(structureId),
  createdAt: new Date(0).toISOString(),
  updatedAt: new Date(0).toISOString(),
  title: DEFAULT_AGREEMENT_TITLE,
  body: DEFAULT_AGREEMENT_BODY,
});

/** The structure's template (synced in `settings`), or the default one until a coordinateur edits it. */
export const getAgreementTemplate = async (db: SillonDB): Promise<AgreementTemplate> => {
  const session = await getSession(db);
  const structureId = session?.user.structureId;
  // One saved before this tablet had an account (or before ids were per structure) still counts.
  const stored = ((await db.settings.get(templateId(structureId))) ??
    (structureId ? await db.settings.get(templateId(undefined)) : undefined)) as AgreementTemplate | undefined;
  const template = stored && !stored.deleted ? stored : defaultTemplate(structureId);
  if (template.structureName) return template;
  // Until the coordinateur types one, the structure's name comes from the signed-in account.
  const structureName = session?.user.structureName;
  return structureName ? { ...template, structureName } : template;
};

/** The fields the template form owns. */
export const templateFields = (template: Pick<AgreementTemplate, 'title' | 'body' | 'structureName'>) => ({
  title: template.title,
  body: template.body,
  structureName: template.structureName,
});

/**
 * Saves the structure's template. With the `base` the form was opened from (and a template already
 * stored), only the fields the coordinateur changed travel, with the base's version.
 */
export const saveAgreementTemplate = (
  db: SillonDB,
  template: Pick<AgreementTemplate, 'title' | 'body' | 'structureName'>,
  base?: EditBase,
): Promise<AgreementTemplate> => {
  if (!canEditAgreementTemplate())
    throw new LoanError('Seul un coordinateur peut modifier le modèle de convention.');
  const id = templateId(getIdentity().structureId);
  return db.transaction('rw', db.settings, db.outbox, async () => {
    const stored = await db.settings.get(id);
    return base && stored
      ? saveAgainstBase<AgreementTemplate>(db, 'settings', id, base, templateFields(template))
      : saveRecord<AgreementTemplate>(db, 'settings', id, templateFields(template));
  });
};

/** Coordinateurs edit the template (src/domain/permissions.ts); without an account, the one person may. */
export const canEditAgreementTemplate = (): boolean => {
  const { role, userId } = getIdentity();
  return may({ role, userId }, 'settings', 'update');
};
