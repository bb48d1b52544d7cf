// The bench page: the app's own data modules (src/data, src/domain) behind window functions that
// bench/sections/local-data.ts drives in Chromium. Built into a temporary folder by the runner.
import { resolve } from 'node:path';

import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname),
  base: '/',
  define: {
    __SILLON_DEPARTEMENTS__: JSON.stringify(['46', '47']),
    __APP_VERSION__: JSON.stringify('bench'),
  },
  build: { target: 'es2022', sourcemap: false },
  logLevel: 'warn',
});
