import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/**
 * Serves the built app: hashed assets are cached for a year, the service worker and the HTML
 * never (so a new version is found), and every other path falls back to index.html (deep links).
 * Text files go out as the brotli or gzip copy the build made next to them (vite.config.ts), when
 * the client accepts it; the app's compress() leaves an answer that already has its encoding.
 */
export const mountStaticApp = (app: Hono, distDir: string): void => {
  const indexPath = join(distDir, 'index.html');
  app.use('/assets/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('*', async (c, next) => {
    await next();
    const path = c.req.path;
    if (
      path === '/sw.js' ||
      path.startsWith('/workbox-') ||
      path === '/' ||
      path.endsWith('.html') ||
      path === '/manifest.webmanifest'
    ) {
      c.header('Cache-Control', 'no-cache');
    }
  });
  // « / » over the network is a first visit (afterwards the service worker answers it with
  // index.html): its HTML carries the home screen rendered at build (vite.config.ts, prerenderHome).
  app.get('/', serveStatic({ root: distDir, path: 'home.html', precompressed: true }));
  app.use('*', serveStatic({ root: distDir, precompressed: true }));
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'not_found', message: 'Route inconnue' }, 404);
    if (!existsSync(indexPath)) return c.text('Sillon n’est pas construit : lancez « npm run build ».', 503);
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(indexPath, 'utf8'));
  });
};
