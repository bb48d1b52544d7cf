// Backups and restores of the server's data (docs/deployment.md, « Sauvegardes »).
// - SQLite: SQLite's online backup API, a consistent copy taken while the server keeps running.
// - PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, taken while servers run) and
//   `pg_restore`, wrapped so that an administrator types one command either way.
// A restore always starts a new epoch (server/server-state.ts) so that tablets push again what the
// restored data lacks, and first keeps a copy of the data it replaces.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

import BetterSqlite3 from 'better-sqlite3';

import { startNewEpoch } from '../server-state';
import { migrate, SILLON_TABLES } from './migrations';
import { PUSH_FUNCTION } from './push-function';
import { openSqlite } from './sqlite';
import type { Database, DatabaseSource } from './sql';

const run = promisify(execFile);

export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

type Format = 'sqlite' | 'postgres';

export const extensionOf = (kind: Format): string => (kind === 'sqlite' ? '.sqlite' : '.pgdump');

/** What a file holds, by its first bytes. */
export const formatOf = (file: string): Format | undefined => {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  const head = Buffer.alloc(16);
  readSync(fd, head, 0, 16, 0);
  closeSync(fd);
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  return undefined;
};

const postgresArgs = (source: { url: string; schema?: string }): string[] => [
  ...(source.schema ? [`--schema=${source.schema}`] : []),
  `--dbname=${source.url}`,
];

const toolError = (tool: string, error: unknown): BackupError => {
  const err = error as NodeJS.ErrnoException & { stderr?: string };
  if (err.code === 'ENOENT')
    return new BackupError(
      `${tool} est introuvable : installez les outils clients de PostgreSQL (apt-get install postgresql-client), de la même version que le serveur.`,
    );
  return new BackupError(`${tool} a échoué : ${(err.stderr ?? err.message ?? '').trim().split('\n')[0]}`);
};

/**
 * A consistent copy of the database in `file`, written beside it first and renamed at the end: a
 * backup cut short (full disk, stopped process) never leaves a truncated file under the final name.
 */
export const backupDatabase = async (db: Database, file: string): Promise<BackupResult> => {
  const start = performance.now();
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const { source } = db;
  try {
    if (source.kind === 'sqlite') await source.backup(partial);
    else {
      await run(
        'pg_dump',
        ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, ...postgresArgs(source)],
        {
          maxBuffer: 16 * 1024 * 1024,
        },
      ).catch((error: unknown) => {
        throw toolError('pg_dump', error);
      });
    }
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { file, bytes: statSync(file).size, ms: Math.round(performance.now() - start) };
};

/** The automatic backups kept in `dir`: sillon-YYYY-MM-DDTHHMM.<ext> (UTC), newest first. */
export const dailyBackups = (dir: string): string[] => {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^sillon-\d{4}-\d{2}-\d{2}T\d{4}\.(sqlite|pgdump)$/.test(n))
    .sort()
    .reverse()
    .map((n) => join(dir, n));
};

export const dailyBackupFile = (dir: string, kind: Format, day: Date): string =>
  join(dir, `sillon-${day.toISOString().slice(0, 16).replace(':', '')}${extensionOf(kind)}`);

/** Keeps the `keep` newest daily backups, deletes the older ones; returns the deleted files. */
export const rotateBackups = (dir: string, keep: number): string[] => {
  const old = dailyBackups(dir).slice(Math.max(1, keep));
  for (const file of old) rmSync(file, { force: true });
  return old;
};

export interface RestoreOptions {
  /** PostgreSQL: restore even though server processes are still connected. */
  force?: boolean;
}

/**
 * Replaces the SQLite database `live` with the backup `file`. The backup is copied aside, brought
 * to the current schema and given a new epoch there, then written over the live database with
 * SQLite's backup API in one step: a server still running sees the old data, then the restored
 * data with its new epoch, never a mix.
 */
export const restoreSqlite = async (live: string, file: string): Promise<string> => {
  if (formatOf(file) !== 'sqlite')
    throw new BackupError(`${basename(file)} n’est pas une sauvegarde SQLite de Sillon.`);
  const staging = `${live}.restoring`;
  for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
  copyFileSync(file, staging);
  let epoch: string;
  const db = openSqlite(staging);
  try {
    const tables = await db.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    );
    if (tables.length === 0) throw new BackupError(`${basename(file)} n’est pas une sauvegarde de Sillon.`);
    const check = await db.get<{ quick_check: string }>('PRAGMA quick_check');
    if (check?.quick_check !== 'ok')
      throw new BackupError(`${basename(file)} est endommagée (${check?.quick_check ?? '?'}).`);
    await migrate(db);
    epoch = await db.tx((sql) => startNewEpoch(sql));
  } finally {
    await db.close();
  }
  const source = new BetterSqlite3(staging, { readonly: true });
  try {
    mkdirSync(dirname(live), { recursive: true });
    // All pages in one step: the live database is locked once, for the whole copy.
    await source.backup(live, { progress: ({ totalPages }) => Math.max(totalPages, 1) });
  } finally {
    source.close();
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
  }
  return epoch;
};

/** Other server processes connected to this PostgreSQL database (their pool's application name). */
const connectedServers = async (source: { url: string }): Promise<number> => {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: source.url, application_name: 'sillon-admin' });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'sillon' AND pid <> pg_backend_pid()`,
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
};

/**
 * Replaces Sillon's tables in PostgreSQL with those of the dump `file`. Servers must be stopped
 * (a restore is not one transaction with their pushes); the caller then migrates and starts a new
 * epoch (restoreDatabase).
 */
const restorePostgresTables = async (
  source: { url: string; schema?: string },
  file: string,
  options: RestoreOptions,
): Promise<void> => {
  if (formatOf(file) !== 'postgres')
    throw new BackupError(
      `${basename(file)} n’est pas une sauvegarde PostgreSQL de Sillon (pg_dump --format=custom).`,
    );
  await run('pg_restore', ['--list', file]).catch((error: unknown) => {
    throw toolError('pg_restore', error);
  });
  if (!options.force) {
    const servers = await connectedServers(source);
    if (servers > 0)
      throw new BackupError(
        `${servers} connexion(s) de serveur Sillon sont ouvertes sur cette base : arrêtez tous les serveurs avant de restaurer (ou --force).`,
      );
  }
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: source.url, application_name: 'sillon-admin' });
  await client.connect();
  try {
    const schema = source.schema ?? 'public';
    // Only Sillon's own tables go (the dump brings them back); a schema of its own goes whole.
    if (source.schema) {
      await client.query(`DROP SCHEMA IF EXISTS ${source.schema} CASCADE`);
      await client.query(`CREATE SCHEMA ${source.schema}`);
    } else {
      const { rows } = await client.query<{ tablename: string }>(
        'SELECT tablename FROM pg_tables WHERE schemaname = $1',
        [schema],
      );
      const ours = rows.map((r) => r.tablename).filter((t) => SILLON_TABLES.has(t));
      if (ours.length)
        await client.query(`DROP TABLE IF EXISTS ${ours.map((t) => `"${t}"`).join(', ')} CASCADE`);
      // And its function (a dump taken since migration 9 brings it back; an older one, the migration).
      await client.query(`DROP FUNCTION IF EXISTS ${schema}.${PUSH_FUNCTION}`);
    }
  } finally {
    await client.end();
  }
  await run(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      ...postgresArgs(source),
      file,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: unknown) => {
    throw toolError('pg_restore', error);
  });
};

/**
 * Restores `file` over the database described by `source`; returns the new epoch. The caller has
 * made a copy of the current data first (admin.ts does, into the backups folder).
 */
export const restoreDatabase = async (
  source: DatabaseSource,
  file: string,
  open: () => Promise<Database>,
  options: RestoreOptions = {},
): Promise<string> => {
  if (source.kind === 'sqlite') return restoreSqlite(source.file, file);
  await restorePostgresTables(source, file, options);
  const db = await open();
  try {
    await migrate(db);
    return await db.tx((sql) => startNewEpoch(sql));
  } finally {
    await db.close();
  }
};
