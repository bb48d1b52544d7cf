import type { RouteObject } from 'react-router';

import { loadScreen } from '../../ui/load-screen';

export const statsRoutes: RouteObject[] = [
  {
    path: 'statistiques',
    lazy: async () => ({ Component: (await loadScreen(() => import('./stats-page'))).StatsPage }),
  },
];
