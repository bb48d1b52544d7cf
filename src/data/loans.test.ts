// @vitest-environment node
// (Node's Blob and WebCrypto: jsdom's Blob yields ArrayBuffers from another realm that crypto.subtle refuses.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  AGREEMENT_TEMPLATE_ID,
  itemInputSchema,
  loanInputSchema,
  type ItemInput,
  type LoanInput,
} from '../domain/loans';
import { SillonDB } from './db';
import {
  LoanError,
  createBorrower,
  createItem,
  createLoan,
  extendLoan,
  findItemByInventoryNumber,
  getAgreementTemplate,
  itemHistory,
  listDoubleLendings,
  listItems,
  listLendableItems,
  listOverdueLoans,
  recordConditionCheck,
  returnItems,
  saveAgreementTemplate,
  searchBorrowers,
  setItemStatus,
  signAgreement,
  updateItem,
} from './loans';
import { putBlob } from './blobs';
import { setIdentity } from './meta';

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  db = new SillonDB(`loans-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
  setIdentity({});
});

const newItem = (over: Partial<ItemInput> = {}) =>
  createItem(db, itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-001', ...over }));

const borrower = () => createBorrower(db, { anonyme: false, prenom: 'Léa', nom: 'Martin', telephone: '06 12 34 56 78' });

const loanInput = (itemIds: string[], beneficiaryId: string, over: Partial<LoanInput> = {}): LoanInput =>
  loanInputSchema.parse({
    itemIds,
    beneficiaryId,
    startDate: '2026-11-02',
    plannedReturnDate: '2026-11-16',
    ...over,
  });

describe('items', () => {
  it('refuses a second item with the same inventory number (case and spaces ignored)', async () => {
    await newItem();
    await expect(newItem({ inventoryNumber: ' tab-001 ' })).rejects.toThrow(
      'Le numéro d’inventaire tab-001 est déjà utilisé par un autre matériel.',
    );
    expect(await db.items.count()).toBe(1);
  });

  it('finds an item by its typed or scanned inventory number and filters the list', async () => {
    const a = await newItem();
    await newItem({ inventoryNumber: 'PC-002', type: 'ordinateur_portable', marque: 'Lenovo' });
    expect((await findItemByInventoryNumber(db, 'tab-001'))?.id).toBe(a.id);
    expect(await findItemByInventoryNumber(db, 'NOPE')).toBeUndefined();
    expect((await listItems(db, { type: 'ordinateur_portable' })).map((i) => i.inventoryNumber)).toEqual(['PC-002']);
    expect((await listItems(db, { query: 'lenovo' })).map((i) => i.inventoryNumber)).toEqual(['PC-002']);
    expect(await listItems(db, { status: 'en_reparation' })).toEqual([]);
  });

  it('writes every change to the outbox and keeps status changes in the history', async () => {
    const a = await newItem();
    await setItemStatus(db, a.id, 'en_reparation', 'Écran fissuré');
    const history = await itemHistory(db, a.id);
    expect(history.map((e) => e.kind)).toEqual(['statut', 'creation']);
    expect(history[0]).toMatchObject({ fromStatus: 'disponible', toStatus: 'en_reparation', note: 'Écran fissuré' });
    const tables = (await db.outbox.toArray()).map((e) => e.table);
    expect(tables).toEqual(['items', 'itemEvents', 'items', 'itemEvents']);
  });

  it('keeps condition checks in the history and updates the item’s condition', async () => {
    const a = await newItem({ etat: 'bon' });
    await recordConditionCheck(db, a.id, 'abime', 'Coque fendue');
    expect((await db.items.get(a.id))?.etat).toBe('abime');
    expect((await itemHistory(db, a.id))[0]).toMatchObject({ kind: 'controle', etat: 'abime', note: 'Coque fendue' });
  });

  it('refuses to set « prêté » by hand or to change the status of a lent item', async () => {
    const a = await newItem();
    await expect(setItemStatus(db, a.id, 'prete')).rejects.toBeInstanceOf(LoanError);
    const b = await borrower();
    await createLoan(db, loanInput([a.id], b.id));
    await expect(setItemStatus(db, a.id, 'reforme')).rejects.toThrow(/enregistrez son retour/);
    await expect(
      updateItem(db, a.id, itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-001', status: 'disponible' })),
    ).rejects.toThrow(/enregistrez son retour/);
    // Its details can still be corrected while it is out.
    const edited = await updateItem(
      db,
      a.id,
      itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-001', marque: 'Lenovo', status: 'prete' }),
    );
    expect(edited).toMatchObject({ marque: 'Lenovo', status: 'prete' });
  });
});

describe('lending', () => {
  it('lends an item: the loan, the item status and the history are written together', async () => {
    const a = await newItem();
    const b = await borrower();
    const loan = await createLoan(
      db,
      loanInput([a.id], b.id, {
        deposit: { amount: 50, form: 'cheque', returned: false },
        handover: [{ itemId: a.id, etat: 'bon', accessoires: ['chargeur'] }],
      }),
    );
    expect(loan).toMatchObject({ status: 'en_cours', itemIds: [a.id], extensions: [], returns: [] });
    expect((await db.items.get(a.id))?.status).toBe('prete');
    expect((await itemHistory(db, a.id))[0]).toMatchObject({ kind: 'pret', loanId: loan.id, toStatus: 'prete' });
  });

  it('refuses to lend twice at the same time on one tablet, in French, and writes nothing', async () => {
    const a = await newItem();
    const b = await borrower();
    await createLoan(db, loanInput([a.id], b.id));
    const outboxBefore = await db.outbox.count();
    await expect(createLoan(db, loanInput([a.id], b.id))).rejects.toThrow(
      'Le matériel n° TAB-001 est déjà prêté (prêt en cours depuis le 02/11/2026).',
    );
    expect(await db.loans.count()).toBe(1);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });

  it('refuses the whole loan when one of several items is unavailable', async () => {
    const a = await newItem();
    const c = await newItem({ inventoryNumber: 'CLE-4G-1', type: 'cle_4g_routeur' });
    await setItemStatus(db, c.id, 'en_reparation');
    const b = await borrower();
    await expect(createLoan(db, loanInput([a.id, c.id], b.id))).rejects.toThrow(
      'Le matériel n° CLE-4G-1 n’est pas disponible (statut : en réparation).',
    );
    expect(await db.loans.count()).toBe(0);
    expect((await db.items.get(a.id))?.status).toBe('disponible');
  });

  it('does not offer an item a synced loan holds, even if its own status says disponible', async () => {
    const a = await newItem();
    const c = await newItem({ inventoryNumber: 'TAB-002' });
    const b = await borrower();
    const loan = await createLoan(db, loanInput([a.id], b.id));
    // A return on another tablet set the status back while this loan (synced in) still holds it.
    await db.items.update(a.id, { status: 'disponible' });
    expect((await listLendableItems(db)).map((i) => i.id)).toEqual([c.id]);
    await expect(createLoan(db, loanInput([a.id], b.id))).rejects.toThrow(/déjà prêté/);
    await expect(setItemStatus(db, a.id, 'reforme')).rejects.toThrow(/enregistrez son retour/);
    expect(loan.status).toBe('en_cours');
  });

  it('lists overdue loans and extends them with their history', async () => {
    const a = await newItem();
    const b = await borrower();
    const loan = await createLoan(db, loanInput([a.id], b.id));
    expect(await listOverdueLoans(db, '2026-11-16')).toEqual([]);
    expect((await listOverdueLoans(db, '2026-11-17')).map((l) => l.id)).toEqual([loan.id]);
    const extended = await extendLoan(db, loan.id, '2026-11-30', 'Démarches en cours');
    expect(extended.extensions).toMatchObject([{ from: '2026-11-16', to: '2026-11-30', reason: 'Démarches en cours' }]);
    expect(await listOverdueLoans(db, '2026-11-17')).toEqual([]);
  });

  it('returns items one by one; damage sends to repair, loss to perdu, and the deposit is recorded', async () => {
    const a = await newItem();
    const c = await newItem({ inventoryNumber: 'CLE-4G-1', type: 'cle_4g_routeur' });
    const b = await borrower();
    const loan = await createLoan(
      db,
      loanInput([a.id, c.id], b.id, { deposit: { amount: 30, form: 'especes', returned: false } }),
    );
    const partial = await returnItems(db, loan.id, {
      returns: [{ itemId: a.id, date: '2026-11-10', outcome: 'endommage', accessoires: [], nextStatus: 'en_reparation' }],
    });
    expect(partial.status).toBe('en_cours');
    expect((await db.items.get(a.id))?.status).toBe('en_reparation');
    expect((await db.items.get(c.id))?.status).toBe('prete');
    const done = await returnItems(db, loan.id, {
      returns: [{ itemId: c.id, date: '2026-11-12', outcome: 'perdu', accessoires: [], nextStatus: 'perdu' }],
      depositReturned: false,
    });
    expect(done).toMatchObject({ status: 'rendu', returnedDate: '2026-11-12', deposit: { returned: false } });
    expect((await db.items.get(c.id))?.status).toBe('perdu');
    await expect(
      returnItems(db, loan.id, {
        returns: [{ itemId: c.id, date: '2026-11-12', outcome: 'bon_etat', accessoires: [], nextStatus: 'disponible' }],
      }),
    ).rejects.toThrow('Ce matériel a déjà été rendu.');
    expect((await itemHistory(db, c.id)).map((e) => e.kind)).toEqual(['retour', 'pret', 'creation']);
  });

  it('stores the signed agreement and lists its blobs in the outbox entry, once each', async () => {
    const a = await newItem();
    const b = await borrower();
    const loan = await createLoan(db, loanInput([a.id], b.id));
    const sig1 = await putBlob(db, new Blob(['sig-1'], { type: 'image/png' }));
    const sig2 = await putBlob(db, new Blob(['sig-2'], { type: 'image/png' }));
    const pdf = await putBlob(db, new Blob(['%PDF-1.3'], { type: 'application/pdf' }));
    await signAgreement(db, loan.id, {
      text: 'Convention',
      beneficiarySignature: sig1,
      advisorSignature: sig2,
      pdf,
      signedAt: new Date().toISOString(),
    });
    const last = (await db.outbox.toArray()).at(-1)!;
    expect(last).toMatchObject({ table: 'loans', recordId: loan.id, blobs: [sig1, sig2, pdf] });
    expect(Object.keys(last.patch)).toEqual(['agreement']);
    // A later change (an extension) does not re-send the blobs.
    await extendLoan(db, loan.id, '2026-11-30');
    const extension = (await db.outbox.where('table').equals('loans').toArray()).at(-1)!;
    expect(extension.blobs).toBeUndefined();
    expect(await db.blobs.count()).toBe(3);
  });
});

describe('borrowers', () => {
  it('creates a borrower on the spot, searchable by name or phone', async () => {
    const b = await borrower();
    expect(b.telephone).toBe('+33612345678');
    expect((await searchBorrowers(db, 'mar lé')).map((x) => x.id)).toEqual([b.id]);
    expect((await searchBorrowers(db, '0612345678')).map((x) => x.id)).toEqual([b.id]);
    await expect(createBorrower(db, { anonyme: false, prenom: 'Sans' })).rejects.toThrow(/nom/);
  });
});

describe('agreement template', () => {
  it('falls back to the default template and saves the structure one in settings', async () => {
    expect((await getAgreementTemplate(db)).title).toBe('Convention de prêt de matériel');
    await saveAgreementTemplate(db, { title: 'Convention', body: 'Texte {{structure}}', structureName: 'Mairie de Gramat' });
    expect(await getAgreementTemplate(db)).toMatchObject({ body: 'Texte {{structure}}', structureName: 'Mairie de Gramat' });
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({ table: 'settings', recordId: AGREEMENT_TEMPLATE_ID });
  });

  it('is reserved to coordinateurs once a role is known', async () => {
    setIdentity({ userId: 'u1', role: 'conseiller' });
    expect(() => saveAgreementTemplate(db, { title: 'X', body: 'Y' })).toThrow(/coordinateur/);
  });
});

describe('double lending across two devices (records as the sync leaves them)', () => {
  it('shows both loans, deletes none, and clears once one loan records the item back', async () => {
    // Device A and device B each lent item TAB-001 while offline; the sync brought B's loan to A.
    const a = await newItem();
    const b = await borrower();
    const other = await createBorrower(db, { anonyme: false, prenom: 'Marc', nom: 'Durand' });
    const loanA = await createLoan(db, loanInput([a.id], b.id, { startDate: '2026-11-03' }));
    const loanB = { ...loanA, id: '01900000-0000-7000-8000-00000000000b', beneficiaryId: other.id, startDate: '2026-11-02', createdAt: '2026-11-02T08:00:00.000Z', serverVersion: 7 };
    await db.loans.put(loanB);
    const doubles = await listDoubleLendings(db);
    expect(doubles).toEqual([{ itemId: a.id, loanIds: [loanB.id, loanA.id] }]);
    expect(await db.loans.count()).toBe(2);
    // Advisor A finds that B's loan is the real one and closes their own as a duplicate.
    await returnItems(db, loanA.id, {
      returns: [{ itemId: a.id, date: '2026-11-05', outcome: 'bon_etat', accessoires: [], nextStatus: 'disponible', note: 'prêt en double' }],
    });
    // The item is still out with B's borrower: it stays « prêté ».
    expect((await db.items.get(a.id))?.status).toBe('prete');
    expect(await listDoubleLendings(db)).toEqual([]);
    expect(await db.loans.count()).toBe(2);
  });
});
