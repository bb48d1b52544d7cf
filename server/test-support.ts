// Helpers for tests that need a real server: a store on SQLite (temporary file) or on PostgreSQL
// (a schema of its own, dropped afterwards, because test files run in parallel), and the HTTP
// server listening on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { serve, type ServerType } from '@hono/node-server';

import { createApp } from './app';
import { passwords, type PasswordHasher } from './crypto';
import { dropSchema, openPostgres } from './db/postgres';
import { openSqlite } from './db/sqlite';
import { createLogger } from './log';
import { Store, type StoreOptions } from './store';

export type DatabaseKind = 'sqlite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgres'];
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  /** Closes and opens the same database again (a server restart). */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

export const openTestStore = async (kind: DatabaseKind, options: StoreOptions = {}): Promise<TestStore> => {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sillon-test-'));
    const file = join(dir, 'sillon.db');
    const holder = { store: new Store(openSqlite(file), options) };
    await holder.store.migrate();
    return {
      get store() {
        return holder.store;
      },
      reopen: async () => {
        await holder.store.close();
        holder.store = new Store(openSqlite(file), options);
        await holder.store.migrate();
        return holder.store;
      },
      cleanup: async () => {
        await holder.store.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `sillon_test_${Math.random().toString(36).slice(2, 10)}`;
  const holder = { store: new Store(await openPostgres(TEST_DATABASE_URL, { schema }), options) };
  await holder.store.migrate();
  return {
    get store() {
      return holder.store;
    },
    reopen: async () => {
      await holder.store.close();
      holder.store = new Store(await openPostgres(TEST_DATABASE_URL, { schema }), options);
      await holder.store.migrate();
      return holder.store;
    },
    cleanup: async () => {
      await holder.store.close().catch(() => undefined);
      await dropSchema(TEST_DATABASE_URL, schema);
    },
  };
};

export interface TestServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** The real HTTP server (API + static app) on a free port of 127.0.0.1. */
export const startTestServer = async (store: Store, port = 0): Promise<TestServer> => {
  // No built app here: the API alone (an empty folder keeps the static middleware quiet).
  const distDir = mkdtempSync(join(tmpdir(), 'sillon-dist-'));
  const app = createApp({ distDir, store, logger: createLogger('silent') });
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => ok(s));
  });
  const address = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((ok) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => ok());
      }),
  };
};

export interface TestStructure {
  structureId: string;
  /** Accounts created: e-mail → { userId, password }. */
  users: Record<string, { userId: string; password: string }>;
}

/** A structure with accounts (conseillers unless told otherwise). */
export const seedStructure = async (
  store: Store,
  name: string,
  emails: string[],
  roles: Record<string, 'conseiller' | 'coordinateur'> = {},
  /** Tests making many attempts pass a cheaper hasher (and give the same one to the API). */
  hasher: PasswordHasher = passwords,
): Promise<TestStructure> => {
  const structureId = await store.createStructure(name);
  const users: TestStructure['users'] = {};
  const password = 'mot-de-passe-de-test';
  const passwordHash = await hasher.hash(password);
  for (const email of emails) {
    const userId = await store.createUser({
      email,
      name: email.split('@')[0]!,
      passwordHash,
      structureId,
      role: roles[email] ?? 'conseiller',
    });
    users[email] = { userId, password };
  }
  return { structureId, users };
};
