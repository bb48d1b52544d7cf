// The « non synchronisé » marker is on every record page and list (beneficiaries, activities, items,
// loans, lieux), through the app's own routes: it shows while a change waits in the outbox and goes
// once the server acknowledged it.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, Outlet, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { saveBeneficiary } from '../../src/data/beneficiaries';
import { SillonDB, useDatabase as switchDatabase } from '../../src/data/db';
import { createLieu } from '../../src/data/lieux';
import { createItem, createLoan } from '../../src/data/loans';
import { beneficiaryInputSchema } from '../../src/domain/beneficiary';
import { itemInputSchema, loanInputSchema } from '../../src/domain/loans';
import { beneficiaryRoutes } from '../../src/features/beneficiaries/routes';
import { loanRoutes } from '../../src/features/loans/routes';
import { settingsRoutes } from '../../src/features/settings/routes';

// The features' own routes, in a bare shell (the app's layout brings the service worker's prompt).
const routes = [
  {
    element: (
      <main>
        <Outlet />
      </main>
    ),
    children: [...beneficiaryRoutes, ...loanRoutes, ...settingsRoutes],
  },
];

const db = switchDatabase(new SillonDB(`unsynced-markers-${Date.now()}`));
const ids: Record<string, string> = {};

beforeAll(async () => {
  const paul = await saveBeneficiary(
    db,
    undefined,
    beneficiaryInputSchema().parse({ prenom: 'Paul', nom: 'Roche' }),
  );
  const item = await createItem(db, itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-7' }));
  const loan = await createLoan(
    db,
    loanInputSchema.parse({
      itemIds: [item.id],
      beneficiaryId: paul.id,
      startDate: '2026-03-02',
      plannedReturnDate: '2026-04-02',
    }),
  );
  await createLieu(db, { nom: 'Mairie de Gramat' });
  Object.assign(ids, { paul: paul.id, item: item.id, loan: loan.id });
});
afterEach(cleanup);

const open = (path: string) =>
  render(<RouterProvider router={createMemoryRouter(routes, { initialEntries: [path] })} />);
const main = () => screen.findByRole('main', {}, { timeout: 10_000 });

describe('the « non synchronisé » marker', () => {
  it.each([
    ['the beneficiary list', () => '/beneficiaires', 'Paul ROCHE'],
    ['a beneficiary’s page', () => `/beneficiaires/${ids.paul}`, 'Paul ROCHE'],
    ['the inventory', () => '/materiel', 'TAB-7'],
    ['an item’s page', () => `/materiel/${ids.item}`, 'TAB-7'],
    ['the loan list', () => '/prets', 'Paul ROCHE'],
    ['a loan’s page', () => `/prets/${ids.loan}`, 'Paul ROCHE'],
    ['the lieux', () => '/parametres', 'Mairie de Gramat'],
  ])('is on %s while a change waits', async (_label, path, text) => {
    open(path());
    const page = await main();
    await within(page).findAllByText(new RegExp(text), {}, { timeout: 10_000 });
    await waitFor(() => expect(within(page).getAllByTestId('unsynced').length).toBeGreaterThan(0));
  });

  it('goes once the server has acknowledged the changes', async () => {
    await db.outbox.clear();
    open(`/prets/${ids.loan}`);
    const page = await main();
    await within(page).findAllByText(/Paul ROCHE/, {}, { timeout: 10_000 });
    expect(within(page).queryByTestId('unsynced')).toBeNull();
  });
});
