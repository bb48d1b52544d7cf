import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Départements whose communes are precached for offline autocomplete (the others load on demand).
const departements = (process.env.SILLON_DEPARTEMENTS ?? '46,47').split(',').map((d) => d.trim());

/**
 * qr-scanner starts its decoding worker from a Blob URL built from a string, which the app's CSP
 * (worker-src 'self') forbids. In the build, that string becomes a file of its own under /assets/
 * (precached like the rest, so scanning works offline) and the worker is started from it.
 */
const qrScannerWorkerAsFile = (): Plugin => ({
  name: 'sillon:qr-scanner-worker-file',
  apply: 'build',
  enforce: 'pre',
  load(id) {
    if (!/[\\/]qr-scanner[\\/]qr-scanner-worker\.min\.js$/.test(id)) return null;
    const source = readFileSync(id, 'utf8');
    const start = source.indexOf('new Blob([`');
    const end = source.lastIndexOf('`]');
    if (start < 0 || end < start) this.error('qr-scanner: the worker source was not found');
    // The worker's code is a template literal without substitutions: evaluate it to get its text.
    const code = new Function(`return ${source.slice(start + 'new Blob(['.length, end + 1)};`)() as string;
    const fileName = `assets/qr-scanner-worker-${createHash('sha256').update(code).digest('hex').slice(0, 8)}.js`;
    this.emitFile({ type: 'asset', fileName, source: code });
    return `export const createWorker = () => new Worker(${JSON.stringify(`/${fileName}`)});`;
  },
});

export default defineConfig({
  define: {
    __SILLON_DEPARTEMENTS__: JSON.stringify(departements),
    __APP_VERSION__: JSON.stringify(process.env.npm_package_version ?? 'dev'),
  },
  plugins: [
    react(),
    qrScannerWorkerAsFile(),
    VitePWA({
      // Never reload by itself: the app shows « Nouvelle version disponible » and waits.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'Sillon — médiation numérique',
        short_name: 'Sillon',
        description: 'Accompagnements, bénéficiaires et prêts de matériel, même sans réseau.',
        lang: 'fr',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#1f5f3a',
        background_color: '#f7f5ef',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: [
          '**/*.{js,css,html,svg,png,ico,woff2}',
          'communes/index.json',
          ...departements.map((d) => `communes/${d}.json`),
        ],
        // Every route loads offline, deep links and reloads included.
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // The first service worker takes the page it was installed from: that page, gone offline,
        // reads the communes and the route chunks from the precache, not from the HTTP cache's short
        // freshness. A new version still waits for « Mettre à jour » (registerType 'prompt').
        clientsClaim: true,
        // The service worker's `sync` event only wakes the app's sync engine (see public/sw-sync.js).
        importScripts: ['sw-sync.js'],
        runtimeCaching: [
          {
            // Communes of the other départements: fetched once when needed, then available offline.
            urlPattern: ({ url }) => url.pathname.startsWith('/communes/'),
            handler: 'CacheFirst',
            options: { cacheName: 'communes', expiration: { maxEntries: 120 } },
          },
        ],
      },
    }),
  ],
  build: {
    target: 'es2022',
    // The manifest lets tests and benchmarks know which chunks each route loads.
    manifest: true,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
