import type { RouteObject } from 'react-router';

// Readable by anyone, signed in or not, online or not (the screens are precached like every other).
export const accessibilityRoutes: RouteObject[] = [
  {
    path: 'accessibilite',
    lazy: async () => ({ Component: (await import('./declaration-page')).DeclarationPage }),
  },
  { path: 'plan-du-site', lazy: async () => ({ Component: (await import('./sitemap-page')).SitemapPage }) },
];
