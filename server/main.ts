import { resolve } from 'node:path';

import { serve } from '@hono/node-server';

import { createApp } from './app';
import { parseTrustProxy } from './client-address';
import { newSetupCode } from './crypto';
import { createLogger } from './log';
import { openStore } from './storage';
import { Throttle } from './throttle';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const distDir = process.env.SILLON_DIST_DIR ?? resolve(import.meta.dirname, '..', 'dist');
const logger = createLogger();
// Fails the start on a value it cannot read: a typo must not silently trust every X-Forwarded-For.
const trustProxy = parseTrustProxy(process.env.TRUST_PROXY);

const { store, description } = await openStore();
logger.info('storage_ready', { storage: description.startsWith('SQLite') ? 'sqlite' : 'postgres' });

// On an empty database, a one-time code lets the first person create the structure from the app.
let setupCode: string | undefined = (await store.countStructures()) === 0 ? newSetupCode() : undefined;

const DAY = 86_400_000;
const purge = () =>
  store
    .purgeTombstones()
    .then((n) => n && logger.info('tombstones_purged', { count: n }))
    .then(() => store.purgeResolvedConflicts())
    .then((n) => n && logger.info('conflicts_purged', { count: n }))
    .catch((error: unknown) => logger.error('purge_failed', { error: String(error) }));
void purge();
const purgeTimer = setInterval(purge, DAY);
purgeTimer.unref();

// Expired sign-in throttling rows (trust-http's daily work; `deploy` runs jobs under a database lock).
const throttle = new Throttle(store.db, store.now);
const housekeeping = () =>
  throttle.purge().catch((error: unknown) => logger.error('housekeeping_failed', { error: String(error) }));
void housekeeping();
setInterval(housekeeping, DAY).unref();

const app = createApp({
  distDir,
  store,
  logger,
  trustProxy,
  setupCode: () => setupCode,
  onSetupDone: () => {
    setupCode = undefined;
  },
});
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  logger.info('listening', { port: info.port });
  console.log(`\nSillon est prêt : ouvrez http://localhost:${info.port}  (base : ${description})\n`);
  if (setupCode) {
    console.log(`Première mise en service : ouvrez Sillon et saisissez le code  ${setupCode}\n`);
  }
});

const stop = () =>
  server.close(() => {
    void store.close().finally(() => process.exit(0));
  });
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
