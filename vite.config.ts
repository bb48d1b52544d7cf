import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Départements whose communes are precached for offline autocomplete (the others load on demand).
const departements = (process.env.SILLON_DEPARTEMENTS ?? '46,47').split(',').map((d) => d.trim());

export default defineConfig({
  define: {
    __SILLON_DEPARTEMENTS__: JSON.stringify(departements),
    __APP_VERSION__: JSON.stringify(process.env.npm_package_version ?? 'dev'),
  },
  plugins: [
    react(),
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
