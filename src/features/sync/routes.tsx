import type { RouteObject } from 'react-router';

export const syncRoutes: RouteObject[] = [
  { path: 'synchronisation', lazy: async () => ({ Component: (await import('./sync-page')).SyncPage }) },
  {
    path: 'synchronisation/conflits',
    lazy: async () => ({ Component: (await import('./conflicts-page')).ConflictsPage }),
  },
  {
    path: 'synchronisation/structure',
    lazy: async () => ({ Component: (await import('./structure-page')).StructurePage }),
  },
  {
    path: 'synchronisation/mot-de-passe',
    lazy: async () => ({ Component: (await import('./password-page')).PasswordPage }),
  },
  { path: 'connexion', lazy: async () => ({ Component: (await import('./sign-in-page')).SignInPage }) },
];
