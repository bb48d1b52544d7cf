import type { RouteObject } from 'react-router';

export const settingsRoutes: RouteObject[] = [
  { path: 'parametres', lazy: async () => ({ Component: (await import('./settings-page')).SettingsPage }) },
];
