// The precheck worker's entry (server/push-precheck.ts): a worker thread does not take the server's
// `--import tsx`, so it registers tsx itself before loading the worker's TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./push-precheck-worker.ts');
