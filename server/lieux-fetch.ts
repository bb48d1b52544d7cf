// The directory kept up to date from a URL (a cartographie nationale export, a département's open
// data): off by default, on with SILLON_LIEUX_URL. Fetched at start and then daily, imported like a
// file (lieux-import.ts: updates by id and date_maj, never doubling, bad rows reported in the log).
// It runs as a job under a database lock (server/jobs.ts); even two imports at once would be
// harmless: the import holds the structure's counter and skips what is already held.
import type { LieuxImportReport } from '../src/domain/annuaire-import';
import type { JobSpec } from './jobs';
import type { Logger } from './log';
import { configuredDepartements, importLieuxFile, structureOf } from './lieux-import';
import type { Store } from './store';

export interface LieuxUrlConfig {
  url: string;
  /** The structure whose directory it feeds (SILLON_LIEUX_STRUCTURE; the only one when there is one). */
  structureId?: string;
  everyMs: number;
  timeoutMs: number;
  maxBytes: number;
}

const DAY = 86_400_000;

/** The configuration from the environment, or undefined when the daily fetch is off. */
export const readLieuxUrlConfig = (env: NodeJS.ProcessEnv = process.env): LieuxUrlConfig | undefined => {
  const url = env.SILLON_LIEUX_URL?.trim();
  if (!url) return undefined;
  if (!/^https?:\/\//.test(url))
    throw new Error(`SILLON_LIEUX_URL doit être une adresse http(s) : « ${url} ».`);
  return {
    url,
    ...(env.SILLON_LIEUX_STRUCTURE ? { structureId: env.SILLON_LIEUX_STRUCTURE } : {}),
    everyMs: DAY,
    timeoutMs: 60_000,
    maxBytes: 64 * 1024 * 1024,
  };
};

/**
 * The file at `url` as text, refused when too large or not a success. The body is read as it comes
 * and dropped at `maxBytes` (a server sending no Content-Length, or a wrong one, is not trusted).
 */
export const fetchLieuxText = async (url: string, timeoutMs: number, maxBytes: number): Promise<string> => {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (!response.ok) throw new Error(`réponse ${response.status} de ${url}`);
  const length = Number(response.headers.get('Content-Length') ?? 0);
  if (length > maxBytes) throw new Error(`fichier trop volumineux (${length} octets)`);
  const chunks: Uint8Array[] = [];
  let read = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      if (read > maxBytes) {
        await reader.cancel();
        throw new Error(`fichier trop volumineux (plus de ${maxBytes} octets)`);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** One fetch and import; logs what happened and never throws. */
export const fetchAndImportLieux = async (
  store: Store,
  logger: Logger,
  config: LieuxUrlConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LieuxImportReport | undefined> => {
  try {
    const structureId = await structureOf(store, config.structureId);
    if (!structureId) {
      logger.error('lieux_fetch_failed', {
        error: 'SILLON_LIEUX_STRUCTURE : précisez la structure (plusieurs, ou aucune, sur ce serveur).',
      });
      return undefined;
    }
    const text = await fetchLieuxText(config.url, config.timeoutMs, config.maxBytes);
    const name = new URL(config.url).pathname;
    const report = await importLieuxFile(store, text, name, {
      structureId,
      by: 'url',
      departements: configuredDepartements(env),
    });
    logger.info('lieux_imported', {
      url: config.url,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      refused: report.errors.length,
      outside: report.outside,
    });
    for (const e of report.errors.slice(0, 50))
      logger.info('lieux_row_refused', { ligne: e.ligne, id: e.id ?? '', message: e.messages.join(' ; ') });
    return report;
  } catch (error) {
    logger.error('lieux_fetch_failed', {
      url: config.url,
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
};

/** The daily fetch as a job of the server (server/jobs.ts): one process at a time, under a database lock. */
export const lieuxFetchJob = (
  store: Store,
  logger: Logger,
  config: LieuxUrlConfig,
  env: NodeJS.ProcessEnv = process.env,
): JobSpec => ({
  name: 'lieux-url',
  everyMs: config.everyMs,
  leaseMs: 10 * 60_000,
  work: async () => {
    await fetchAndImportLieux(store, logger, config, env);
  },
});
