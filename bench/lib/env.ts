// Shared resources of a benchmark run: builds into temporary folders, the real server on
// 127.0.0.1 with a temporary data folder, and Debian's Chromium (the e2e tests' launcher).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Browser } from 'playwright-core';

import { SERVER_NODE_ARGS } from '../../server/node-args';
import { launchBrowser } from '../../tests/e2e/browser';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export const log = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

const temps: string[] = [];
export const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `sillon-bench-${prefix}-`));
  temps.push(dir);
  return dir;
};

export const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });

const run = (args: string[], env: NodeJS.ProcessEnv = {}): void => {
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
};

const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

let appDist: string | undefined;
/** The production build of the app (with its manifest), built once per run. */
export const buildApp = (): string => {
  if (appDist) return appDist;
  if (!existsSync(join(ROOT, 'public', 'communes', 'index.json'))) {
    run(['--import', 'tsx', 'scripts/build-communes.ts']);
  }
  const out = tempDir('app');
  log('building the app (vite build)…');
  run([vite, 'build', '--outDir', out, '--emptyOutDir', '--manifest', '--logLevel', 'warn']);
  appDist = out;
  return out;
};

let pageDist: string | undefined;
/** The bench page (bench/page): the app's data modules driven from window functions. */
export const buildBenchPage = (): string => {
  if (pageDist) return pageDist;
  const out = tempDir('page');
  log('building the bench page…');
  run([
    vite,
    'build',
    '--config',
    'bench/page/vite.config.ts',
    '--outDir',
    out,
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ]);
  pageDist = out;
  return out;
};

export interface RunningServer {
  baseURL: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** The real Sillon server (server/main.ts) serving `distDir`, with its own empty data folder. */
export const startServer = async (distDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> => {
  const port = await freePort();
  const dataDir = tempDir('data');
  // SILLON_BENCH_SERVER_FLAGS: extra Node flags for the server (e.g. --cpu-prof to see where load goes).
  const flags = (process.env.SILLON_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, ...SERVER_NODE_ARGS, 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SILLON_DIST_DIR: distDir,
      SILLON_DATA_DIR: dataDir,
      SILLON_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${baseURL}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`The server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseURL,
    dataDir,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
};

let browser: Browser | undefined;
export const getBrowser = async (): Promise<Browser> => (browser ??= await launchBrowser());

export const cleanup = async (): Promise<void> => {
  await browser?.close().catch(() => undefined);
  browser = undefined;
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
};
