// Imported first by the browser's entry points (src/app/main.tsx, src/data/stats.worker.ts), before
// any schema exists: zod's object parser otherwise probes `new Function` to compile a fast path, which
// the app's Content-Security-Policy (no 'unsafe-eval') blocks and reports as a violation. The server
// does not import this file and keeps the fast path.
import { z } from 'zod';

z.config({ jitless: true });
