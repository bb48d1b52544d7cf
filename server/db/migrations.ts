import { randomUUID } from 'node:crypto';

import { fillRecordBlobs } from '../record-blobs';
import { CREATE_PUSH_FUNCTION } from './push-function';
import type { Database, Sql } from './sql';

// Versioned schema migrations, applied in order at start inside one transaction each.
// Types are chosen to mean the same on both databases (JSON as TEXT, booleans as 0/1).
interface Migration {
  version: number;
  up: (dialect: 'sqlite' | 'postgres') => string[];
  /** Data to carry over once the statements ran, in the same transaction. */
  fill?: (sql: Sql) => Promise<unknown>;
}

const migrations: Migration[] = [
  {
    version: 1,
    up: (dialect) => {
      const big = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
      const bytes = dialect === 'postgres' ? 'BYTEA' : 'BLOB';
      return [
        `CREATE TABLE structures (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          last_version ${big} NOT NULL DEFAULT 0,
          purged_version ${big} NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL)`,
        `CREATE TABLE users (
          id TEXT PRIMARY KEY,
          email TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          created_at TEXT NOT NULL,
          disabled_at TEXT)`,
        `CREATE TABLE memberships (
          user_id TEXT NOT NULL REFERENCES users(id),
          structure_id TEXT NOT NULL REFERENCES structures(id),
          role TEXT NOT NULL,
          PRIMARY KEY (user_id, structure_id))`,
        `CREATE TABLE devices (
          id TEXT PRIMARY KEY,
          user_id TEXT NOT NULL REFERENCES users(id),
          structure_id TEXT NOT NULL REFERENCES structures(id),
          label TEXT,
          last_seq ${big} NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          last_seen_at TEXT,
          revoked_at TEXT)`,
        `CREATE TABLE tokens (
          hash TEXT PRIMARY KEY,
          device_id TEXT NOT NULL REFERENCES devices(id),
          created_at TEXT NOT NULL,
          revoked_at TEXT)`,
        `CREATE TABLE records (
          tbl TEXT NOT NULL,
          id TEXT NOT NULL,
          structure_id TEXT NOT NULL REFERENCES structures(id),
          version ${big} NOT NULL,
          deleted INTEGER NOT NULL DEFAULT 0,
          data TEXT NOT NULL,
          field_versions TEXT NOT NULL,
          blobs TEXT NOT NULL DEFAULT '[]',
          updated_at TEXT NOT NULL,
          PRIMARY KEY (tbl, id))`,
        `CREATE UNIQUE INDEX records_pull ON records (structure_id, version)`,
        `CREATE TABLE conflicts (
          id TEXT PRIMARY KEY,
          structure_id TEXT NOT NULL REFERENCES structures(id),
          tbl TEXT NOT NULL,
          record_id TEXT NOT NULL,
          field TEXT NOT NULL,
          kept_value TEXT,
          lost_value TEXT,
          kept_by TEXT,
          lost_by TEXT,
          detected_at TEXT NOT NULL,
          resolved_at TEXT,
          resolved_by TEXT,
          resolution TEXT,
          version ${big} NOT NULL)`,
        `CREATE UNIQUE INDEX conflicts_pull ON conflicts (structure_id, version)`,
        `CREATE TABLE blobs (
          hash TEXT PRIMARY KEY,
          type TEXT NOT NULL,
          size INTEGER NOT NULL,
          data ${bytes} NOT NULL,
          created_at TEXT NOT NULL)`,
        `CREATE TABLE blob_owners (
          hash TEXT NOT NULL REFERENCES blobs(hash),
          structure_id TEXT NOT NULL REFERENCES structures(id),
          PRIMARY KEY (hash, structure_id))`,
      ];
    },
  },
  {
    // Sign-in throttling shared by every server process (server/throttle.ts); times in epoch ms.
    version: 2,
    up: (dialect) => {
      const big = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
      return [
        `CREATE TABLE auth_throttle (
          key TEXT PRIMARY KEY,
          failures INTEGER NOT NULL,
          last_failure_at ${big} NOT NULL,
          locked_until ${big})`,
      ];
    },
  },
  {
    // Resolved conflicts are purged after a while: the structure remembers the highest purged
    // conflict version, so devices drop theirs too; anonymising a deleted beneficiary finds the
    // conflicts of one record through an index.
    version: 3,
    up: (dialect) => {
      const big = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
      return [
        `ALTER TABLE structures ADD COLUMN conflicts_purged_version ${big} NOT NULL DEFAULT 0`,
        `CREATE INDEX conflicts_record ON conflicts (structure_id, tbl, record_id)`,
      ];
    },
  },
  {
    // Accounts that can be closed, and blobs that are collected (server/accounts.ts, server/blobs.ts):
    // a membership can be disabled by the structure's coordinateur, a provisional password must be
    // changed, a person of another structure joins only with the invitation code she types, devices
    // keep their browser's user agent for a human name, and a blob's owner row says when it came.
    version: 4,
    up: () => [
      `ALTER TABLE memberships ADD COLUMN disabled_at TEXT`,
      `ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE devices ADD COLUMN user_agent TEXT`,
      `ALTER TABLE blob_owners ADD COLUMN created_at TEXT`,
      `CREATE TABLE invitations (
        id TEXT PRIMARY KEY,
        code_hash TEXT NOT NULL UNIQUE,
        structure_id TEXT NOT NULL REFERENCES structures(id),
        email TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        accepted_at TEXT)`,
      `CREATE INDEX invitations_email ON invitations (email)`,
      `CREATE INDEX invitations_structure ON invitations (structure_id)`,
    ],
  },
  {
    // Deployment (server/server-state.ts, server/jobs.ts): the server's epoch, a new one at every
    // restore (tablets then push again what the restored server lacks); each structure's version at
    // the last restore; the epoch in which a device's mutation counter holds; the one-time setup code
    // (hashed) in the database rather than in a process; daily jobs taken by one process at a time.
    // Version 5: trust's pending migration 4 applies in any order (each version is applied on its own).
    version: 5,
    up: (dialect) => {
      const big = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
      return [
        `CREATE TABLE server_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
        `INSERT INTO server_state (key, value) VALUES ('epoch', '${randomUUID()}')`,
        `ALTER TABLE structures ADD COLUMN restored_version ${big} NOT NULL DEFAULT 0`,
        `ALTER TABLE devices ADD COLUMN epoch TEXT`,
        `CREATE TABLE jobs (
          name TEXT PRIMARY KEY,
          last_run_at ${big},
          locked_until ${big},
          locked_by TEXT)`,
      ];
    },
  },
  {
    // Which live record names which blob, per structure (server/record-blobs.ts): reading a blob and
    // collecting unreferenced ones look it up by index instead of scanning every record's JSON list.
    // Filled from the records already stored; the rows follow their record (deleted or renamed).
    version: 6,
    up: () => [
      `CREATE TABLE record_blobs (
        tbl TEXT NOT NULL,
        record_id TEXT NOT NULL,
        structure_id TEXT NOT NULL REFERENCES structures(id),
        hash TEXT NOT NULL,
        PRIMARY KEY (tbl, record_id, hash),
        FOREIGN KEY (tbl, record_id) REFERENCES records(tbl, id) ON DELETE CASCADE ON UPDATE CASCADE)`,
      `CREATE INDEX record_blobs_hash ON record_blobs (structure_id, hash)`,
    ],
    fill: fillRecordBlobs,
  },
  {
    // Remote wipe (server/api-accounts.ts): a coordinateur revoking a lost tablet asks it to erase
    // its data; until it says it did, its token may still push (nothing typed is lost) and every
    // other request answers 401 `device_wiped`.
    version: 7,
    up: () => [`ALTER TABLE devices ADD COLUMN wipe_requested_at TEXT`],
  },
  {
    // The lock (issue 14, docs/architecture.md « Verrouillage et clés »): a random 32-byte key per
    // device (one account database of a tablet), released only in the answer to a sign-in with the
    // password, never to a token alone. The tablet keeps the account's root secret wrapped by it, so
    // an online sign-in recovers unsynced data after 10 wrong codes. Revoking the device forgets it.
    version: 8,
    up: () => [`ALTER TABLE devices ADD COLUMN lock_key TEXT`],
  },
  {
    // A push in one call on PostgreSQL (server/push-one-call.ts): its writes, decided from a
    // snapshot, applied under the structure's lock by one server-side execution.
    version: 9,
    up: (dialect) => (dialect === 'postgres' ? [CREATE_PUSH_FUNCTION] : []),
  },
  {
    // The same function, replaced: a field stamp that is not a number (planted outside Sillon) is kept
    // as it is, and a write it cannot make leaves the push to the transaction instead of failing it.
    version: 10,
    up: (dialect) => (dialect === 'postgres' ? [CREATE_PUSH_FUNCTION] : []),
  },
];

export const LATEST_MIGRATION = migrations[migrations.length - 1]!.version;

/** Every table a Sillon migration creates, and the migrations' own (a restore replaces these only). */
export const SILLON_TABLES: ReadonlySet<string> = new Set([
  'structures',
  'users',
  'memberships',
  'devices',
  'tokens',
  'records',
  'conflicts',
  'blobs',
  'blob_owners',
  'record_blobs',
  'auth_throttle',
  'server_state',
  'jobs',
  'invitations',
  'schema_migrations',
]);

/** The SQL of every migration, for both databases (tests hold SILLON_TABLES to it). */
export const migrationStatements = (): string[] =>
  migrations.flatMap((m) => [...m.up('sqlite'), ...m.up('postgres')]);

/** Brings the schema up to date; safe to run at every start and from several processes. */
export const migrate = async (db: Database): Promise<number> => {
  await db.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  let applied = 0;
  for (const migration of migrations) {
    await db.tx(async (sql) => {
      if (sql.dialect === 'postgres') await sql.run('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
      const done = await sql.get('SELECT version FROM schema_migrations WHERE version = ?', [
        migration.version,
      ]);
      if (done) return;
      for (const statement of migration.up(sql.dialect)) await sql.run(statement);
      await migration.fill?.(sql);
      await sql.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
        migration.version,
        new Date().toISOString(),
      ]);
      applied++;
    });
  }
  return applied;
};
