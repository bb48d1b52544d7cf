// Test helpers of the beneficiaries feature: a fresh database, the real commune files served from
// public/communes (as the service worker would), and the feature's screens in a memory router.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { configure, render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { vi } from 'vitest';

import { SillonDB, useDatabase as switchDatabase } from '../../data/db';
import { BeneficiaryFormPage } from './beneficiary-form-page';
import { BeneficiaryListPage } from './beneficiary-list-page';
import { BeneficiaryPage } from './beneficiary-page';
import { ImportPage } from './import-page';
import { MergePage } from './merge-page';

// A shared, loaded machine: IndexedDB (fake-indexeddb) answers slower than a tablet.
configure({ asyncUtilTimeout: 5000 });

let n = 0;
export const freshDatabase = (): SillonDB =>
  switchDatabase(new SillonDB(`beneficiaries-ui-${Date.now()}-${++n}`));

export const serveCommunes = () =>
  vi.stubGlobal('fetch', async (url: string) => {
    const file = String(url).replace(/^.*\/communes\//, '');
    try {
      const text = await readFile(join(__dirname, '../../../public/communes', file), 'utf8');
      return { ok: true, status: 200, json: async () => JSON.parse(text) as unknown };
    } catch {
      return { ok: false, status: 404, json: async () => null };
    }
  });

const Where = () => <output data-testid="location">{useLocation().pathname + useLocation().search}</output>;

export const renderAt = (path: string) => {
  const router = createMemoryRouter(
    [
      { path: '/beneficiaires', element: <BeneficiaryListPage /> },
      { path: '/beneficiaires/nouveau', element: <BeneficiaryFormPage /> },
      { path: '/beneficiaires/importer', element: <ImportPage /> },
      { path: '/beneficiaires/:id', element: <BeneficiaryPage /> },
      { path: '/beneficiaires/:id/modifier', element: <BeneficiaryFormPage /> },
      { path: '/beneficiaires/:id/fusionner/:otherId', element: <MergePage /> },
      { path: '*', element: <Where /> },
    ],
    { initialEntries: [path] },
  );
  const view = render(
    <>
      <RouterProvider router={router} />
    </>,
  );
  return { ...view, router };
};
