import { resolve } from 'node:path';

import { createApp } from './app';
import { bannerLines } from './banner';
import { parseTrustProxy, type TrustProxy } from './client-address';
import { scheduleJobs } from './jobs';
import { lieuxFetchJob, readLieuxUrlConfig, type LieuxUrlConfig } from './lieux-fetch';
import { createLogger } from './log';
import { maintenanceJobs, readBackupConfig, type BackupConfig } from './maintenance';
import { SetupCodes } from './server-state';
import { dataDirectory, openStore } from './storage';
import { warmCreationChecks } from './push-creation';
import { warmPrecheckWorker } from './push-precheck';
import { ConfigError, readListenConfig, type ListenConfig } from './tls/config';
import { startListeners } from './tls/serve';

const distDir = process.env.SILLON_DIST_DIR ?? resolve(import.meta.dirname, '..', 'dist');
const logger = createLogger();

const fail = (message: string): never => {
  console.error(`\nSillon ne peut pas démarrer : ${message}\n`);
  process.exit(1);
};

let config: ListenConfig;
// Fails the start on a value it cannot read: a typo must not silently trust every X-Forwarded-For.
let trustProxy: TrustProxy;
let lieuxUrl: LieuxUrlConfig | undefined;
try {
  config = readListenConfig(process.env, dataDirectory());
  trustProxy = parseTrustProxy(process.env.TRUST_PROXY);
  lieuxUrl = readLieuxUrlConfig(process.env);
} catch (error) {
  fail(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
}

const { store, description } = await openStore();
logger.info('storage_ready', { storage: description.startsWith('SQLite') ? 'sqlite' : 'postgres' });

// On an empty database, a one-time code lets the first person create the structure from the app.
// It lives in the database (hashed). SQLite has one process: each start prints a new code. On
// PostgreSQL, several processes may start together: the first one prints it, and it stays valid.
const setupCodes = new SetupCodes(store.db);
const setupCode = await setupCodes.issue(store.db.source.kind === 'sqlite');
const setupWaiting = !setupCode && (await setupCodes.pending());

// Purges and the automatic backup: each run by one process at a time, under a database lock.
let backups: BackupConfig;
try {
  backups = readBackupConfig(process.env, dataDirectory());
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
// The directory of lieux de médiation numérique from a URL, daily (off unless SILLON_LIEUX_URL is set).
const jobs = [
  ...maintenanceJobs(store, backups!, logger),
  ...(lieuxUrl ? [lieuxFetchJob(store, logger, lieuxUrl)] : []),
];
const stopJobs = scheduleJobs(store.db, jobs, logger);
// The push's checks and merge run once before the first request, here as on the worker, and the
// server listens once the worker is ready: a push no longer shares the machine with its loading.
const precheckReady = warmPrecheckWorker();
warmCreationChecks();
await precheckReady;

const app = createApp({
  distDir,
  store,
  logger,
  trustProxy: trustProxy!,
  hsts: config!.hsts,
  setupCodes,
  ...(process.env.SILLON_METRICS_TOKEN ? { metricsToken: process.env.SILLON_METRICS_TOKEN } : {}),
});

const listeners = await startListeners(config!, app, logger).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EACCES') {
    return fail(
      `le port ${(error as { port?: number }).port ?? ''} est réservé à l’administrateur. Lancez Sillon en root, ` +
        'ou autorisez Node une fois pour toutes : sudo setcap cap_net_bind_service=+ep "$(command -v node)", ' +
        'ou choisissez d’autres ports (HTTPS_PORT=8443 HTTP_PORT=8081 : les tablettes taperont alors le port).',
    );
  }
  if (error.code === 'EADDRINUSE') {
    return fail(`le port ${(error as { port?: number }).port ?? ''} est déjà pris par un autre programme.`);
  }
  return fail(error instanceof Error ? error.message : String(error));
});

const printBanner = async () => {
  const lines = await bannerLines(config!, listeners, description);
  console.log(`\n${lines.join('\n')}\n`);
  if (setupCode) console.log(`Première mise en service : ouvrez Sillon et saisissez le code  ${setupCode}\n`);
  else if (setupWaiting)
    console.log(
      'Première mise en service : le code a été affiché au premier démarrage ; pour un nouveau code : npm run admin -- setup-code\n',
    );
};
await printBanner();
// ACME: the certificate may come after the first banner; say when Sillon is really ready.
if (config!.mode.kind === 'acme' && !listeners.ports.https) void listeners.httpsReady.then(printBanner);

const stop = () => {
  stopJobs();
  void listeners
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
