import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { TestProject } from 'vitest/node';

import { SERVER_NODE_ARGS } from '../../server/node-args';
import { CSP_SELF_TEST_PATH } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    dataDir: string;
  }
}

const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });

/** Starts the real Sillon server (built app + API) on 127.0.0.1 for the end-to-end tests. */
export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '..', '..');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sillon-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_ARGS, 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SILLON_DATA_DIR: dataDir,
      SILLON_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${baseURL}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`The server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  project.provide('baseURL', baseURL);
  project.provide('dataDir', dataDir);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
    // Every page, frame and worker ran under the app's CSP; the browser reported (report-uri) what it
    // blocked, and the server logged it. Nothing may have been blocked.
    const reports = output
      .split('\n')
      .filter((line) => line.includes('"msg":"csp_violation"'))
      .filter((line) => !line.includes(`"page":"${CSP_SELF_TEST_PATH}"`));
    if (reports.length > 0) {
      // vitest only prints an error thrown here: the exit code is what makes the run fail.
      console.error(`\nThe app's Content-Security-Policy blocked something:\n${reports.join('\n')}\n`);
      process.exitCode = 1;
    }
  };
}
