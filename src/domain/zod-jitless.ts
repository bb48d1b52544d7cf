// Imported first by the browser's entry points (src/app/main.tsx, src/data/stats.worker.ts), before
// any schema exists: zod's object parser otherwise probes `new Function` to compile a fast path, which
// the app's Content-Security-Policy (no 'unsafe-eval') blocks and reports as a violation. The server
// does not import this file and keeps the fast path.
//
// zod keeps its configuration on `globalThis.__zod_globalConfig` (zod/v4/core/core.js: the object
// `z.config()` writes and returns, shared by every copy of zod): set there before zod loads, without
// loading it — importing zod for `z.config` put 4 KB of gzip in the first route's JavaScript, which
// no schema of the first screen uses. zod-jitless.test.ts checks that zod reads it.
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
(holder.__zod_globalConfig ??= {}).jitless = true;
export {};
