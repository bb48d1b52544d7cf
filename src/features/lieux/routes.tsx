import type { RouteObject } from 'react-router';

// The directory and its lieu pages are their own chunks: the opening-hours parser loads only here.
export const lieuxRoutes: RouteObject[] = [
  { path: 'annuaire', lazy: async () => ({ Component: (await import('./annuaire-page')).AnnuairePage }) },
  {
    path: 'annuaire/importer',
    lazy: async () => ({ Component: (await import('./import-page')).ImportLieuxPage }),
  },
  { path: 'annuaire/:id', lazy: async () => ({ Component: (await import('./lieu-page')).LieuPage }) },
  {
    path: 'annuaire/:id/fiche',
    lazy: async () => ({ Component: (await import('./fiche-page')).FichePage }),
  },
];
