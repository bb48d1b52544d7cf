// Build time only (vite.config.ts, prerenderHome): the home screen as the app renders it on a first
// visit — no account yet, nothing read from IndexedDB —, made into HTML by the same components. The
// browser shows it, links included, before the JavaScript has arrived; main.tsx then hydrates it.
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';

import { setHydrating } from '../ui/use-hydrated';
import { routes } from './router';

const renderHome = async (): Promise<string> => {
  // What depends on the device or the day is left for the browser (src/ui/use-hydrated.ts).
  setHydrating(true);
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request('http://sillon.invalid/'));
  if (context instanceof Response) throw new Error(`prerender: the home answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  // hydrate={false}: no inline script (the CSP forbids it); the client router starts from the URL.
  return renderToString(
    <StrictMode>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </StrictMode>,
  );
};

// Rendered while the module loads: the build's module runner is closed once the import returns, and
// the home route's lazy import needs it.
export const home = await renderHome();
