import type { RouteObject } from 'react-router';

import { loadScreen } from '../../ui/load-screen';

export const activityRoutes: RouteObject[] = [
  {
    path: 'activites',
    lazy: async () => ({ Component: (await import('./activity-list-page')).ActivityListPage }),
  },
  {
    path: 'activites/nouvelle/:type',
    lazy: async () => ({
      Component: (await loadScreen(() => import('./activity-form-page'))).NewActivityPage,
    }),
  },
  {
    path: 'activites/:id',
    lazy: async () => ({ Component: (await import('./activity-detail-page')).ActivityDetailPage }),
  },
  {
    path: 'activites/:id/modifier',
    lazy: async () => ({ Component: (await import('./activity-form-page')).EditActivityPage }),
  },
];
