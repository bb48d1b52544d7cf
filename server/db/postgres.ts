import { createHash } from 'node:crypto';

import pg from 'pg';

import type { Database, Param, Sql, TxOptions } from './sql';

// BIGINT (versions, sequence numbers) as numbers: they stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

const numbered = (text: string): string => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

/**
 * Named prepared statements: each connection parses and plans a statement once, not on every call.
 * The store's texts are a fixed set; the bound only guards against generated ones.
 */
const named = new Map<string, { name: string; text: string }>();
const statement = (text: string, values: Param[]): pg.QueryConfig => {
  let found = named.get(text);
  if (!found) {
    if (named.size >= 500) named.clear();
    found = { name: `s_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text: numbered(text) };
    named.set(text, found);
  }
  return { ...found, values };
};

const wrap = (client: pg.Pool | pg.PoolClient): Sql => ({
  dialect: 'postgres',
  all: async <T>(text: string, params: Param[] = []) =>
    (await client.query(statement(text, params))).rows as T[],
  get: async <T>(text: string, params: Param[] = []) =>
    (await client.query(statement(text, params))).rows[0] as T | undefined,
  run: async (text: string, params: Param[] = []) =>
    (await client.query(statement(text, params))).rowCount ?? 0,
});

export interface PostgresOptions {
  /** Schema to work in (tests isolate each run in its own); created if missing. */
  schema?: string;
  /** Connections for transactions (pushes, which may wait for their structure's lock). */
  max?: number;
  /** Connections for single statements outside a transaction (sign-in checks, pulls). */
  readers?: number;
  applicationName?: string;
}

export const openPostgres = async (url: string, options: PostgresOptions = {}): Promise<Database> => {
  const { schema } = options;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('invalid schema name');
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.end();
  }
  const config: pg.PoolConfig = {
    connectionString: url,
    // Lets `npm run admin -- restore` see whether a server still uses the database.
    application_name: options.applicationName ?? 'sillon',
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  // Two pools: a push holds its connection while it waits for its structure's version lock, so with
  // one pool the pulls and every request's token check queued behind pushes of busy structures (under
  // the load bench a pull's median was the push's). Statements outside a transaction never wait for
  // a lock; their own few connections keep them moving. Twenty for pushes: one waiting for a busy
  // structure's lock costs the database nothing, and with ten, pushes of quiet structures queued
  // behind them (load bench: 274–357 ms waited on average with 10, 57 ms with 20).
  const pool = new pg.Pool({ ...config, max: options.max ?? 20 });
  const readers = new pg.Pool({ ...config, max: options.readers ?? 4 });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);
  readers.on('error', () => undefined);
  const sql = wrap(readers);
  return {
    ...sql,
    tx: async <T>(fn: (s: Sql) => Promise<T>, txOptions: TxOptions = {}): Promise<T> => {
      const client = await pool.connect();
      try {
        await client.query(txOptions.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    locking: async <T>(text: string, params: Param[] = []) =>
      (await pool.query(statement(text, params))).rows as T[],
    source: { kind: 'postgres', url, ...(schema ? { schema } : {}) },
    close: async () => {
      await Promise.all([pool.end(), readers.end()]);
    },
  };
};

/** Drops a test schema. */
export const dropSchema = async (url: string, schema: string): Promise<void> => {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
};
