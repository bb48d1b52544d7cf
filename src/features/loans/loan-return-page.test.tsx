// The loan return form on the one form model: its save sends only the loan's fields that changed,
// with the version of the loan it was opened from; a return a colleague recorded meanwhile (a pull,
// another tab) is reviewed, in the open form and in a resumed draft; and no personal data stays in
// localStorage once the form is saved or abandoned.
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SillonDB, useDatabase } from '../../data/db';
import { draftBackupKeys } from '../../data/drafts';
import { createBorrower, createItem, createLoan, returnFields } from '../../data/loans';
import {
  itemInputSchema,
  itemLabel,
  loanInputSchema,
  type Item,
  type ItemReturn,
  type Loan,
} from '../../domain/loans';
import { LoanReturnPage } from './loan-return-page';
import { itemKey, returnFormOf } from './return-form-state';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`return-page-${Date.now()}-${n}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  localStorage.clear();
  await db.delete();
});

const Where = () => <output data-testid="location">{useLocation().pathname}</output>;

const renderPage = (loanId: string) =>
  render(
    <RouterProvider
      router={createMemoryRouter(
        [
          { path: '/prets/:id/retour', element: <LoanReturnPage /> },
          { path: '*', element: <Where /> },
        ],
        { initialEntries: [`/prets/${loanId}/retour`] },
      )}
    />,
  );

/** Jeanne borrowed two tablets, with a deposit; the server holds the loan at version 3. */
const lent = async (): Promise<{ loan: Loan; items: Item[] }> => {
  const items = [
    await createItem(db, itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-1' })),
    await createItem(db, itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-2' })),
  ];
  const jeanne = await createBorrower(db, { anonyme: false, prenom: 'Jeanne', nom: 'Durand' });
  const loan = await createLoan(
    db,
    loanInputSchema.parse({
      itemIds: items.map((i) => i.id),
      beneficiaryId: jeanne.id,
      startDate: '2026-01-05',
      plannedReturnDate: '2026-02-05',
      deposit: { amount: 50, form: 'cheque', returned: false },
    }),
  );
  await db.outbox.clear();
  await db.loans.update(loan.id, { serverVersion: 3 });
  return { loan: (await db.loans.get(loan.id))!, items };
};

/** What a pull brings: a colleague recorded the return of `item` (version 4). */
const colleagueReturned = async (loanId: string, item: Item, note: string) => {
  const loan = (await db.loans.get(loanId))!;
  const theirs: ItemReturn = {
    itemId: item.id,
    date: '2026-01-20',
    outcome: 'endommage',
    accessoires: [],
    nextStatus: 'en_reparation',
    note,
  };
  await db.loans.put({ ...loan, returns: [...loan.returns, theirs], serverVersion: 4 });
  return theirs;
};

const card = (item: Item) => screen.getByRole('region', { name: itemLabel(item) });
const noteOf = (item: Item) => within(card(item)).getByRole('textbox', { name: /^Observations/ });
const backBox = async (item: Item) =>
  within(await screen.findByRole('region', { name: itemLabel(item) })).getByRole('checkbox', {
    name: /est rendu$/,
  });
const submit = () => screen.getByRole('button', { name: 'Enregistrer le retour' });
const location = () => screen.findByTestId('location');

describe('the loan return form', () => {
  it('sends only the loan fields that changed, against the version it was opened from', async () => {
    const user = userEvent.setup({ delay: null });
    const { loan, items } = await lent();
    renderPage(loan.id);
    await user.click(await backBox(items[1]!));
    await user.type(noteOf(items[0]!), 'Coque fendue');
    const deposit = screen.getByRole('group', { name: /caution est-elle rendue/ });
    await user.click(within(deposit).getByRole('radio', { name: 'Non' }));
    await user.click(submit());
    expect(await location()).toHaveTextContent(`/prets/${loan.id}`);

    const [entry] = (await db.outbox.toArray()).filter((e) => e.table === 'loans');
    expect(entry!.baseVersion).toBe(3);
    // One item back, the loan still open, the deposit kept: status, return date and deposit never travel.
    expect(Object.keys(entry!.patch).sort()).toEqual(['returns']);
    expect(entry!.patch.returns).toMatchObject([{ itemId: items[0]!.id, note: 'Coque fendue' }]);
    expect(await db.drafts.count()).toBe(0);
  });

  it('reviews a return a colleague recorded while the form is open, and saves over it', async () => {
    const user = userEvent.setup({ delay: null });
    const { loan, items } = await lent();
    renderPage(loan.id);
    await user.type(await waitFor(() => noteOf(items[0]!)), 'Rayure');
    const theirs = await colleagueReturned(loan.id, items[1]!, 'Écran cassé');

    const review = await screen.findByTestId('changed-meanwhile');
    expect(within(review).getByText(itemLabel(items[1]!))).toBeInTheDocument();
    expect(within(review).getByTestId(`theirs-${itemKey(items[1]!.id)}`)).toHaveTextContent('Déjà rendu');
    // She had not touched that tablet's row: it is gone from the form, her note stays.
    await waitFor(() => expect(screen.queryByRole('region', { name: itemLabel(items[1]!) })).toBeNull());
    expect(noteOf(items[0]!)).toHaveValue('Rayure');

    await user.click(submit());
    expect(await location()).toHaveTextContent(`/prets/${loan.id}`);
    const [entry] = (await db.outbox.toArray()).filter((e) => e.table === 'loans');
    expect(entry!.baseVersion).toBe(4);
    expect(entry!.patch.returns).toEqual([
      theirs,
      expect.objectContaining({ itemId: items[0]!.id, note: 'Rayure' }),
    ]);
    expect(entry!.patch).toMatchObject({ status: 'rendu', returnedDate: expect.any(String) });
  });

  it('resumed days later, shows what a colleague recorded since its base; the advisor chooses', async () => {
    const user = userEvent.setup({ delay: null });
    const { loan, items } = await lent();
    // Her draft: a note on the first tablet, written against version 3.
    const base = returnFormOf(loan);
    const key = itemKey(items[0]!.id);
    await db.drafts.put({
      id: `return:${loan.id}`,
      kind: 'return',
      path: `/prets/${loan.id}/retour`,
      title: 'Retour de matériel',
      data: { ...base, [key]: { ...base[key]!, note: 'Chargeur manquant' } },
      updatedAt: '2026-01-19T10:00:00.000Z',
      base: { version: 3, record: { ...loan } },
    });
    const theirs = await colleagueReturned(loan.id, items[0]!, 'Écran cassé');
    renderPage(loan.id);

    expect(await screen.findByText('Brouillon restauré')).toBeInTheDocument();
    const review = await screen.findByTestId('changed-meanwhile');
    expect(within(review).getByText(/Vous l’aviez modifié aussi/)).toBeInTheDocument();
    expect(within(review).getByTestId(`mine-${key}`)).toHaveTextContent('Chargeur manquant');
    expect(within(review).getByTestId(`theirs-${key}`)).toHaveTextContent('Déjà rendu');
    await user.click(submit());
    expect(await screen.findByRole('alert')).toHaveTextContent(/Choisissez d’abord/);
    expect(await db.outbox.count()).toBe(0);

    await user.click(within(review).getByRole('button', { name: 'Prendre la sienne' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: itemLabel(items[0]!) })).toBeNull());
    await user.click(submit());
    expect(await location()).toHaveTextContent(`/prets/${loan.id}`);
    const [entry] = (await db.outbox.toArray()).filter((e) => e.table === 'loans');
    expect(entry!.baseVersion).toBe(4);
    expect(entry!.patch.returns).toEqual([theirs, expect.objectContaining({ itemId: items[1]!.id })]);
    const now = (await db.loans.get(loan.id))!;
    // Her remaining tablet came back in good condition: the deposit is returned, as the form said.
    expect(returnFields(now)).toMatchObject({ status: 'rendu', deposit: { returned: true } });
  });

  it('refuses a date before the loan began, at the date field, with its focus', async () => {
    const user = userEvent.setup({ delay: null });
    const { loan } = await lent();
    renderPage(loan.id);
    const date = await screen.findByLabelText(/^Date du retour/);
    await user.clear(date);
    await user.click(submit());
    expect(await screen.findByText('Veuillez renseigner la date du retour.')).toBeInTheDocument();
    await waitFor(() => expect(date).toHaveFocus());
    expect(await db.outbox.count()).toBe(0);
  });

  it('leaves no personal data in localStorage once saved or abandoned', async () => {
    const user = userEvent.setup({ delay: null });
    const { loan, items } = await lent();
    const view = renderPage(loan.id);
    await user.click(await backBox(items[1]!));
    await user.type(noteOf(items[0]!), 'Jeanne Durand, 06 12 34 56 78');
    // The tab hides before the draft reached IndexedDB: the unload copy is written…
    window.dispatchEvent(new Event('pagehide'));
    expect(draftBackupKeys()).toHaveLength(1);
    // …and goes with the save.
    await user.click(submit());
    expect(await location()).toHaveTextContent(`/prets/${loan.id}`);
    expect(draftBackupKeys()).toEqual([]);
    expect(await db.drafts.count()).toBe(0);
    view.unmount();

    // The next return is typed, the page hides, and she leaves with « Annuler ».
    await db.outbox.clear();
    renderPage(loan.id);
    await user.type(await waitFor(() => noteOf(items[1]!)), 'Jeanne Durand');
    window.dispatchEvent(new Event('pagehide'));
    expect(draftBackupKeys()).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(await location()).toHaveTextContent(`/prets/${loan.id}`);
    expect(draftBackupKeys()).toEqual([]);
    expect(await db.drafts.count()).toBe(0);
    expect(Object.keys({ ...localStorage }).filter((k) => k.includes('draft'))).toEqual([]);
  });
});
