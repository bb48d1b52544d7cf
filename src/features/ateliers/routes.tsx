import type { RouteObject } from 'react-router';

// Every screen is its own chunk; jsPDF loads only when a session is closed.
export const atelierRoutes: RouteObject[] = [
  { path: 'ateliers', lazy: async () => ({ Component: (await import('./cycle-list-page')).CycleListPage }) },
  {
    path: 'ateliers/planning',
    lazy: async () => ({ Component: (await import('./planning-page')).PlanningPage }),
  },
  {
    path: 'ateliers/:id/affiche',
    lazy: async () => ({ Component: (await import('./poster-page')).PosterPage }),
  },
  {
    path: 'ateliers/rapport',
    lazy: async () => ({ Component: (await import('./funder-report-page')).FunderReportPage }),
  },
  { path: 'ateliers/pass', lazy: async () => ({ Component: (await import('./pass-page')).PassPage }) },
  {
    path: 'ateliers/nouveau',
    lazy: async () => ({ Component: (await import('./cycle-form-page')).CycleFormPage }),
  },
  { path: 'ateliers/:id', lazy: async () => ({ Component: (await import('./cycle-page')).CyclePage }) },
  {
    path: 'ateliers/:id/modifier',
    lazy: async () => ({ Component: (await import('./cycle-form-page')).CycleFormPage }),
  },
  {
    path: 'ateliers/:id/session/nouvelle',
    lazy: async () => ({ Component: (await import('./session-form-page')).SessionFormPage }),
  },
  {
    path: 'ateliers/session/:sessionId/modifier',
    lazy: async () => ({ Component: (await import('./session-form-page')).SessionFormPage }),
  },
  {
    path: 'ateliers/session/:sessionId',
    lazy: async () => ({ Component: (await import('./session-run-page')).SessionRunPage }),
  },
  {
    path: 'ateliers/session/:sessionId/liste',
    lazy: async () => ({ Component: (await import('./expected-list-page')).ExpectedListPage }),
  },
];
