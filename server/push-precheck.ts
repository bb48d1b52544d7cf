// A large push's creations checked ahead, on a worker thread, while the push itself reads and
// writes: a new record's patch check and whole-record check (the zod schemas, most of a creation's
// cost) do not depend on what is stored, so a second core can run them. The push reads each verdict
// when it reaches the mutation; a verdict not there yet, or negative, and the push checks as ever
// (server/push.ts): the worker can only save time, never decide a refusal, and without it (an error,
// SILLON_PUSH_PRECHECK=0) nothing changes but the time.
import { Worker } from 'node:worker_threads';

import type { Writer } from './push-creation';
import type { PrecheckJob } from './push-precheck-worker';

/** Below this many mutations a push is checked on its own thread (the round trip would cost more). */
export const PRECHECK_MIN_MUTATIONS = 50;

let worker: Worker | undefined;
let broken = process.env.SILLON_PUSH_PRECHECK === '0';

const getWorker = (): Worker | undefined => {
  if (broken) return undefined;
  if (!worker) {
    try {
      // The worker runs the domain's TypeScript as the server does, through tsx (its entry registers it).
      worker = new Worker(new URL('./push-precheck-boot.mjs', import.meta.url));
    } catch {
      broken = true;
      return undefined;
    }
    worker.unref();
    const stop = () => {
      broken = true;
      worker = undefined;
    };
    worker.on('error', stop);
    worker.on('exit', stop);
  }
  return worker;
};

/**
 * Starts the worker now (the server's start) and resolves once it has loaded its modules and run
 * its checks once (or failed, or after `timeoutMs`): loading them through tsx takes most of a second
 * of CPU, which the first pushes would otherwise share the machine with. Never rejects: without
 * the worker, pushes are checked on their own thread.
 */
export const warmPrecheckWorker = (timeoutMs = 15_000): Promise<void> => {
  const thread = getWorker();
  if (!thread) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      thread.off('message', done);
      thread.off('exit', done);
      resolve();
    };
    // Not unref'd: the worker is, and the server's start waits on this (a top-level await with
    // nothing left to keep the process alive would end it).
    const timer = setTimeout(done, timeoutMs);
    thread.on('message', done);
    thread.on('exit', done);
    thread.postMessage({ warm: true });
  });
};

export interface Precheck {
  /**
   * Whether the mutation at `index` was found to pass as a creation; the push asks in order, which
   * tells the worker (going the same way) which mutations it need not check any more.
   */
  passes: (index: number) => boolean;
  /** The verdict at `index` as it stands, without telling the worker anything: 0 none yet, 1, 2. */
  verdict: (index: number) => number;
  /** The push is over: the worker stops on this job. */
  done: () => void;
}

/**
 * Starts checking the creations of a push ahead, or undefined. `body` is the request's JSON, as text
 * or as its UTF-8 bytes: bytes are moved to the worker (the caller must not read them after), where
 * a string would be copied (some 2 ms for a push of 500 records).
 */
export const startPrecheck = (
  body: string | ArrayBuffer,
  count: number,
  writer: Writer,
  clock: Date,
): Precheck | undefined => {
  if (count < PRECHECK_MIN_MUTATIONS) return undefined;
  const thread = getWorker();
  if (!thread) return undefined;
  const buffer = new SharedArrayBuffer((count + 1) * Int32Array.BYTES_PER_ELEMENT);
  const verdicts = new Int32Array(buffer);
  const job: PrecheckJob = {
    body,
    writer: { userId: writer.userId, deviceId: writer.deviceId, structureId: writer.structureId },
    clock: clock.getTime(),
    verdicts: buffer,
  };
  thread.postMessage(job, typeof body === 'string' ? [] : [body]);
  return {
    passes: (index) => {
      if (index >= count) return false;
      Atomics.store(verdicts, count, index + 1);
      return Atomics.load(verdicts, index) === 1;
    },
    verdict: (index) => Atomics.load(verdicts, index),
    done: () => Atomics.store(verdicts, count, count),
  };
};

/** Stops the worker (tests, shutdown). */
export const stopPrecheckWorker = async (): Promise<void> => {
  const thread = worker;
  worker = undefined;
  if (!thread) return;
  thread.removeAllListeners('exit');
  await thread.terminate();
};
