import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';

import { createApi, type ApiOptions } from './api';
import { createLogger } from './log';
import { Metrics, metricsAllowed } from './metrics';
import {
  CSP_REPORT_PATH,
  describeCspReport,
  securityHeaders,
  type SecurityOptions,
} from './security-headers';
import { mountStaticApp } from './static';

export interface AppOptions extends Partial<ApiOptions>, SecurityOptions {
  distDir: string;
  /** GET /api/metrics answers only with this bearer token (SILLON_METRICS_TOKEN); off without it. */
  metricsToken?: string;
}

/**
 * Browsers report what the app's Content-Security-Policy blocked: one warning line each, at most 60
 * a minute per process (a flood cannot fill the logs). The end-to-end tests fail on any such line.
 */
const logBudget = (perMinute: number, now = Date.now) => {
  let minute = 0;
  let used = 0;
  return (): boolean => {
    const current = Math.floor(now() / 60_000);
    if (current !== minute) [minute, used] = [current, 0];
    return ++used <= perMinute;
  };
};

/** The whole server on one origin: the API under /api, the built app everywhere else. */
export const createApp = ({
  distDir,
  store,
  logger = createLogger(),
  hsts,
  metricsToken,
  metrics = new Metrics(store?.db),
  ...rest
}: AppOptions): Hono => {
  const app = new Hono();
  if (store)
    store.onPushLock = ({ waitMs, heldMs, way }) => metrics.pushLock(waitMs / 1000, heldMs / 1000, way);
  const reportBudget = logBudget(60);
  app.use('*', securityHeaders({ hsts }));
  app.use('*', compress());
  app.use('/api/*', async (c, next) => {
    const start = performance.now();
    await next();
    const ms = performance.now() - start;
    // The path only (no query string): ids and hashes, never personal data.
    logger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(ms),
    });
    // By route pattern (/api/blobs/:hash), so that a label never holds an id.
    metrics.request(c.req.method, c.req.routePath, c.res.status, ms / 1000);
  });
  app.get('/api/metrics', async (c) => {
    if (!metricsAllowed(metricsToken, c.req.header('Authorization')))
      return c.json({ error: 'not_found', message: 'Route inconnue' }, 404);
    return c.text(await metrics.registry.metrics(), 200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
  });
  app.post(
    CSP_REPORT_PATH,
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.body(null, 413) }),
    async (c) => {
      let report: Record<string, string> | undefined;
      try {
        report = describeCspReport(JSON.parse(await c.req.text()));
      } catch {
        report = undefined;
      }
      if (report && reportBudget()) logger.warn('csp_violation', report);
      return c.body(null, 204);
    },
  );
  if (store) app.route('/api', createApi({ store, logger, metrics, ...rest }));
  else app.get('/api/health', (c) => c.json({ status: 'ok' }));
  mountStaticApp(app, distDir);
  return app;
};
