import { createBrowserRouter, type RouteObject } from 'react-router';

import { accessibilityRoutes } from '../features/accessibility/routes';
import { activityRoutes } from '../features/activities/routes';
import { atelierRoutes } from '../features/ateliers/routes';
import { beneficiaryRoutes } from '../features/beneficiaries/routes';
import { homeRoutes } from '../features/home/routes';
import { lieuxRoutes } from '../features/lieux/routes';
import { loanRoutes } from '../features/loans/routes';
import { settingsRoutes } from '../features/settings/routes';
import { statsRoutes } from '../features/stats/routes';
import { syncRoutes } from '../features/sync/routes';
import { NotFound, RouteError } from './errors';
import { Layout } from './layout';

// Each feature declares its routes with lazy components: every screen is its own chunk.
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      ...homeRoutes,
      ...beneficiaryRoutes,
      ...activityRoutes,
      ...loanRoutes,
      ...atelierRoutes,
      ...lieuxRoutes,
      ...statsRoutes,
      ...syncRoutes,
      ...settingsRoutes,
      ...accessibilityRoutes,
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);

/** Resolves once the router has loaded the first location's lazy routes (before a hydration). */
export const routerReady = (router: ReturnType<typeof createRouter>): Promise<void> =>
  new Promise((resolve) => {
    if (router.state.initialized) return resolve();
    const stop = router.subscribe((state) => {
      if (!state.initialized) return;
      stop();
      resolve();
    });
  });
