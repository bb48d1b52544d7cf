import { Hono } from 'hono';
import { compress } from 'hono/compress';

import { createApi, type ApiOptions } from './api';
import { createLogger } from './log';
import { mountStaticApp } from './static';

export interface AppOptions extends Partial<ApiOptions> {
  distDir: string;
  /** Served over HTTPS with a certificate every browser trusts: tell browsers never to use HTTP. */
  hsts?: boolean;
}

/** The whole server on one origin: the API under /api, the built app everywhere else. */
export const createApp = ({ distDir, store, logger = createLogger(), hsts, ...rest }: AppOptions): Hono => {
  const app = new Hono();
  if (hsts) {
    // One year, the value browsers' preload lists expect; subdomains are the structure's own business.
    app.use('*', async (c, next) => {
      await next();
      c.header('Strict-Transport-Security', 'max-age=31536000');
    });
  }
  app.use('*', compress());
  app.use('/api/*', async (c, next) => {
    const start = performance.now();
    await next();
    // The path only (no query string): ids and hashes, never personal data.
    logger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - start),
    });
  });
  if (store) app.route('/api', createApi({ store, logger, ...rest }));
  else app.get('/api/health', (c) => c.json({ status: 'ok' }));
  mountStaticApp(app, distDir);
  return app;
};
