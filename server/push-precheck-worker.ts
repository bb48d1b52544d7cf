// The worker thread of server/push-precheck.ts: reads the push request's mutations itself (the same
// schema as the API), then decides for each mutation, in order, whether it passes as a creation,
// writing each verdict into the shared array as soon as it has it (1: passes, 2: does not or not
// decided here). The push, going the same way, writes in the last slot how far it is: the worker
// keeps ahead of it (a mutation the push has passed is skipped, its check would be lost) and stops
// at the end.
import { parentPort } from 'node:worker_threads';

import { mutationSchema, type RecordMutation } from '../src/domain/sync';
import { creationPasses, warmCreationChecks, type Writer } from './push-creation';

export interface PrecheckJob {
  /** The request's JSON: its text, or its UTF-8 bytes (moved here by the push). */
  body: string | ArrayBuffer;
  writer: Writer;
  clock: number;
  verdicts: SharedArrayBuffer;
}

const utf8 = new TextDecoder();

parentPort?.on('message', (job: PrecheckJob | { warm: true }) => {
  if (!('verdicts' in job)) {
    // The server's start: the modules above are loaded; the checks are run once to compile them.
    try {
      warmCreationChecks();
    } finally {
      parentPort?.postMessage('warm');
    }
    return;
  }
  const verdicts = new Int32Array(job.verdicts);
  const reached = verdicts.length - 1;
  let mutations: unknown[];
  try {
    const body = JSON.parse(typeof job.body === 'string' ? job.body : utf8.decode(job.body)) as {
      mutations?: unknown;
    };
    if (!Array.isArray(body?.mutations)) return;
    mutations = body.mutations;
  } catch {
    return;
  }
  const clock = new Date(job.clock);
  const count = Math.min(reached, mutations.length);
  for (let i = 0; i < count; i++) {
    // The push decides the mutations it has reached itself: the next one it has not is the one to check.
    const pushAt = Atomics.load(verdicts, reached);
    if (pushAt >= count) return;
    if (pushAt > i) i = pushAt;
    let passes: boolean | undefined;
    try {
      // Each mutation read as the API reads it (the request's schema checks them one by one, and
      // changes none of their values): a request it refuses never reaches the push.
      const mutation = mutationSchema.safeParse(mutations[i]);
      passes = mutation.success
        ? creationPasses(mutation.data as RecordMutation, job.writer, clock)
        : undefined;
    } catch {
      passes = undefined;
    }
    Atomics.store(verdicts, i, passes === true ? 1 : 2);
  }
});
