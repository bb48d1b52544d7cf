// The worker thread of server/push-precheck.ts: reads the push request's mutations itself (the same
// schema as the API), then decides for each mutation, from the last one back, whether it passes as a creation,
// writing each verdict into the shared array as soon as it has it (1: passes, 2: does not or not
// decided here). The push goes forward from the first one and writes in the last slot how far it
// is: the worker stops where they meet.
import { parentPort } from 'node:worker_threads';

import { mutationSchema, type RecordMutation } from '../src/domain/sync';
import { creationPasses, type Writer } from './push-creation';

export interface PrecheckJob {
  /** The request's JSON: its text, or its UTF-8 bytes (moved here by the push). */
  body: string | ArrayBuffer;
  writer: Writer;
  clock: number;
  verdicts: SharedArrayBuffer;
}

const utf8 = new TextDecoder();

parentPort?.on('message', (job: PrecheckJob | { warm: true }) => {
  if (!('verdicts' in job)) return; // the server's start: the modules above are loaded
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
  for (let i = Math.min(reached, mutations.length) - 1; i >= 0; i--) {
    if (Atomics.load(verdicts, reached) > i) return;
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
