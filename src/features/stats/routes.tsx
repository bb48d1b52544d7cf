import type { RouteObject } from 'react-router';

export const statsRoutes: RouteObject[] = [
  { path: 'statistiques', lazy: async () => ({ Component: (await import('./stats-page')).StatsPage }) },
];
