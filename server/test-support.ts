// Helpers for tests that need a real server: a store on SQLite (temporary file) or on PostgreSQL
// (a schema of its own, dropped afterwards, because test files run in parallel), and the HTTP
// server listening on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { serve, type ServerType } from '@hono/node-server';

import { createApp } from './app';
import { hashToken, newToken, passwords, type PasswordHasher } from './crypto';
import { dropSchema, openPostgres } from './db/postgres';
import { openSqlite } from './db/sqlite';
import { createLogger } from './log';
import { SERVER_NODE_ARGS } from './node-args';
import { Store, type Principal, type StoreOptions } from './store';

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

/** A free TCP port on 127.0.0.1 (for servers whose port must be known before they start). */
export const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const srv = createNetServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output matches (or rejects when the process exits or the time is up). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The real server (`server/main.ts`, as `npm start` runs it) in a child process. */
export const spawnServer = (env: NodeJS.ProcessEnv): ServerProcess => {
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, join(import.meta.dirname, 'main.ts')], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, SILLON_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const collect = (d: Buffer) => {
    output += d.toString();
    for (const check of waiters) check();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((ok, fail) => {
        const timer = setTimeout(
          () => done(new Error(`timeout waiting for ${pattern}:\n${output}`)),
          timeoutMs,
        );
        const onExit = () =>
          done(new Error(`server exited (${child.exitCode}) before ${pattern}:\n${output}`));
        const done = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', onExit);
          if (error) fail(error);
          else ok();
        };
        const check = () => pattern.test(output) && done();
        waiters.add(check);
        child.once('exit', onExit);
        check();
      }),
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
};

/** A signed-in device of `userId` in `structureId`, as the store authenticates it (no HTTP). */
export const signedInDevice = async (
  store: Store,
  structureId: string,
  userId: string,
): Promise<Principal> => {
  const token = newToken();
  await store.registerDevice({ deviceId: randomUUID(), userId, structureId, tokenHash: hashToken(token) });
  return (await store.authenticate(hashToken(token)))!;
};
