import type { RouteObject } from 'react-router';

export const settingsRoutes: RouteObject[] = [
  { path: 'parametres', lazy: async () => ({ Component: (await import('./settings-page')).SettingsPage }) },
  {
    path: 'parametres/information',
    lazy: async () => ({ Component: (await import('./notice-page')).NoticePage }),
  },
];
