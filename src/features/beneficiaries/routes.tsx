import type { RouteObject } from 'react-router';

import { loadScreen } from '../../ui/load-screen';

// Each screen is its own chunk; the form is shared by creation and edit.
export const beneficiaryRoutes: RouteObject[] = [
  {
    path: 'beneficiaires',
    lazy: async () => ({
      Component: (await loadScreen(() => import('./beneficiary-list-page'))).BeneficiaryListPage,
    }),
  },
  {
    path: 'beneficiaires/nouveau',
    lazy: async () => ({ Component: (await import('./beneficiary-form-page')).BeneficiaryFormPage }),
  },
  {
    path: 'beneficiaires/importer',
    lazy: async () => ({ Component: (await import('./import-page')).ImportPage }),
  },
  {
    path: 'beneficiaires/:id',
    lazy: async () => ({ Component: (await import('./beneficiary-page')).BeneficiaryPage }),
  },
  {
    path: 'beneficiaires/:id/fusionner/:otherId',
    lazy: async () => ({ Component: (await import('./merge-page')).MergePage }),
  },
  {
    path: 'beneficiaires/:id/modifier',
    lazy: async () => ({ Component: (await import('./beneficiary-form-page')).BeneficiaryFormPage }),
  },
];
