import { join, resolve } from 'node:path';

import { openPostgres } from './db/postgres';
import { openSqlite } from './db/sqlite';
import { Store, type StoreOptions } from './store';

/** The data folder: SQLite's file, certificates, backups (SILLON_DATA_DIR, default data/). */
export const dataDirectory = (): string =>
  resolve(process.env.SILLON_DATA_DIR ?? join(import.meta.dirname, '..', 'data'));

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded SQLite file in the data folder. */
export const openStore = async (
  options: StoreOptions = {},
): Promise<{ store: Store; description: string }> => {
  const url = process.env.DATABASE_URL;
  const tombstoneDays = Number(process.env.SILLON_TOMBSTONE_DAYS ?? 365);
  const conflictDays = Number(process.env.SILLON_CONFLICT_DAYS ?? 90);
  if (url) {
    const db = await openPostgres(
      url,
      process.env.DATABASE_SCHEMA ? { schema: process.env.DATABASE_SCHEMA } : {},
    );
    const store = new Store(db, { tombstoneDays, conflictDays, ...options });
    await store.migrate();
    return { store, description: 'PostgreSQL' };
  }
  const file = join(dataDirectory(), 'sillon.db');
  const store = new Store(openSqlite(file), { tombstoneDays, conflictDays, ...options });
  await store.migrate();
  return { store, description: `SQLite (${file})` };
};
