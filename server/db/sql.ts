// One small SQL surface over SQLite and PostgreSQL, so that the sync logic (server/store.ts) is
// written once. Statements use `?` placeholders; the PostgreSQL adapter numbers them.

/** A value; a list only for PostgreSQL's arrays (unnest: one statement text for any number of rows). */
export type Param = string | number | boolean | null | Buffer | readonly Param[];

export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T | undefined>;
  run(sql: string, params?: Param[]): Promise<number>;
}

export interface TxOptions {
  /** A read-only transaction that sees one snapshot (the pull reads records and conflicts in one). */
  snapshot?: boolean;
}

/** Where the data lives, for backups and restores (server/db/backup.ts). */
export type DatabaseSource =
  | { kind: 'sqlite'; file: string; backup(to: string): Promise<void> }
  | { kind: 'postgres'; url: string; schema?: string };

export interface Database extends Sql {
  readonly source: DatabaseSource;
  tx<T>(fn: (sql: Sql) => Promise<T>, options?: TxOptions): Promise<T>;
  /**
   * PostgreSQL only: one statement that may wait for a lock (a push in one call), on the
   * transactions' connections, committed on its own.
   */
  locking?<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T[]>;
  close(): Promise<void>;
}
