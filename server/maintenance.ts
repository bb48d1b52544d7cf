// The server's own periodic work, each job run by one process at a time (server/jobs.ts): purges of
// what the server keeps only for a while, the RGPD anonymisation, and the automatic backup with its rotation.
import { join } from 'node:path';

import { AccountStore } from './accounts';
import { runAnonymisation } from './anonymisation';
import { BlobStore } from './blobs';
import { backupDatabase, dailyBackupFile, rotateBackups } from './db/backup';
import type { JobSpec } from './jobs';
import type { Logger } from './log';
import type { Store } from './store';
import { Throttle } from './throttle';

const HOUR = 3_600_000;

export interface BackupConfig {
  /** Off with SILLON_BACKUPS=off (a managed PostgreSQL that backs itself up, for instance). */
  enabled: boolean;
  dir: string;
  keep: number;
  everyMs: number;
}

export const readBackupConfig = (env: NodeJS.ProcessEnv, dataDir: string): BackupConfig => {
  const keep = Number(env.SILLON_BACKUP_KEEP ?? 14);
  const hours = Number(env.SILLON_BACKUP_HOURS ?? 24);
  if (!Number.isInteger(keep) || keep < 1)
    throw new Error('SILLON_BACKUP_KEEP doit être un nombre entier ≥ 1.');
  if (!Number.isFinite(hours) || hours < 1) throw new Error('SILLON_BACKUP_HOURS doit être un nombre ≥ 1.');
  return {
    enabled: !/^(off|0|false|non)$/i.test(env.SILLON_BACKUPS ?? ''),
    dir: env.SILLON_BACKUP_DIR ?? join(dataDir, 'backups'),
    keep,
    everyMs: hours * HOUR,
  };
};

/** One automatic backup into the folder, then the rotation; logged without any personal data. */
export const automaticBackup = async (
  store: Store,
  config: BackupConfig,
  logger: Logger,
): Promise<string> => {
  const kind = store.db.source.kind;
  const result = await backupDatabase(store.db, dailyBackupFile(config.dir, kind, store.now()));
  const removed = rotateBackups(config.dir, config.keep);
  logger.info('backup_done', {
    file: result.file,
    bytes: result.bytes,
    ms: result.ms,
    removed: removed.length,
    automatic: true,
  });
  return result.file;
};

export const maintenanceJobs = (store: Store, backups: BackupConfig, logger: Logger): JobSpec[] => {
  const throttle = new Throttle(store.db, store.now);
  const jobs: JobSpec[] = [
    {
      name: 'purge',
      everyMs: 24 * HOUR,
      leaseMs: HOUR,
      work: async () => {
        const tombstones = await store.purgeTombstones();
        if (tombstones) logger.info('tombstones_purged', { count: tombstones });
        const conflicts = await store.purgeResolvedConflicts();
        if (conflicts) logger.info('conflicts_purged', { count: conflicts });
        await throttle.purge();
        const invitations = await new AccountStore(store.db, store.now).purgeInvitations();
        if (invitations) logger.info('invitations_purged', { count: invitations });
        // Blobs no live record names any more (server/blobs.ts).
        const blobs = await new BlobStore(store.db, store.now).collect();
        if (blobs.released) logger.info('blobs_collected', blobs);
      },
    },
  ];
  jobs.push({
    // The RGPD lifecycle (server/anonymisation.ts): personal data a year after its last update,
    // signed agreements after the structure's delay. Before the purge's blob collection of the
    // next day, which then releases the erased agreements' files.
    name: 'anonymisation',
    everyMs: 24 * HOUR,
    leaseMs: HOUR,
    work: async () => {
      const report = await runAnonymisation(store.db, store.now());
      const records = Object.values(report.records).reduce((a, b) => a + b, 0);
      if (records || report.agreements)
        logger.info('anonymisation_done', {
          ...report.records,
          agreements: report.agreements,
          conflicts: report.conflicts,
        });
    },
  });
  if (backups.enabled)
    jobs.push({
      name: 'backup',
      everyMs: backups.everyMs,
      leaseMs: 6 * HOUR,
      work: async () => {
        await automaticBackup(store, backups, logger);
      },
    });
  return jobs;
};
