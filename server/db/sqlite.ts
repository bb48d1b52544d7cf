import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';

import type { Database, Param, Sql } from './sql';

const toSqlite = (params: Param[]): unknown[] =>
  params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

/**
 * The embedded database: one connection, so transactions are serialised by an in-process queue
 * (better-sqlite3 is synchronous; the queue keeps an async transaction from interleaving with another).
 */
export const openSqlite = (file: string): Database => {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');

  // The store's statements are a fixed set of texts: each is compiled once, not on every call.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (text: string): BetterSqlite3.Statement => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= 500) statements.clear(); // a bound, should texts ever be generated
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };

  const sql: Sql = {
    dialect: 'sqlite',
    all: async <T>(text: string, params: Param[] = []) => prepared(text).all(...toSqlite(params)) as T[],
    get: async <T>(text: string, params: Param[] = []) =>
      prepared(text).get(...toSqlite(params)) as T | undefined,
    run: async (text: string, params: Param[] = []) => prepared(text).run(...toSqlite(params)).changes,
  };

  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `work` once every earlier queued transaction or statement has finished. */
  const queued = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const tx = <T>(fn: (s: Sql) => Promise<T>): Promise<T> =>
    queued(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(sql);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });

  return {
    ...sql,
    // Outside a transaction, a statement waits for the running transaction to finish (it must not
    // see its uncommitted writes), then runs on its own: one statement is atomic without BEGIN.
    all: (text, params) => queued(() => sql.all(text, params)),
    get: (text, params) => queued(() => sql.get(text, params)),
    run: (text, params) => queued(() => sql.run(text, params)),
    tx,
    source: {
      kind: 'sqlite',
      file,
      // SQLite's online backup: a consistent copy page by page while the server keeps writing (a
      // write between two steps makes it start again, so the copy is one committed state).
      backup: async (to: string) => {
        await db.backup(to);
      },
    },
    close: async () => {
      await queue;
      db.close();
    },
  } as Database;
};
