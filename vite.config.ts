import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import react from '@vitejs/plugin-react';
import { defineConfig, runnerImport, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
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

/**
 * The entry imports the start-up's steps one by one (src/app/main.tsx), and the home screen is a
 * lazy route: without a hint, each of their chunks is only asked for once the one before has
 * arrived and run (one more round trip each, then a queue behind it on a slow link). The HTML names
 * them as modulepreloads, so they travel with the entry. Deep links to other screens fetch the
 * home's too (about 15 KB): the home is where the app opens (start_url).
 */
const preloadHomeRoute = (): Plugin => ({
  name: 'sillon:preload-home-route',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler(html, ctx) {
      const bundle = ctx.bundle;
      if (!bundle) return html;
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const home = chunks.find((c) => c.facadeModuleId?.endsWith('/src/features/home/home-page.tsx'));
      if (!home) throw new Error('sillon:preload-home-route: the home screen chunk was not found');
      const entry = chunks.find((c) => c.isEntry);
      const already = new Set([entry?.fileName, ...(entry?.imports ?? [])]);
      const files: string[] = [];
      const visit = (fileName: string) => {
        if (already.has(fileName) || files.includes(fileName)) return;
        files.push(fileName);
        const chunk = bundle[fileName];
        if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
      };
      entry?.dynamicImports.forEach(visit);
      visit(home.fileName);
      // Their stylesheets too (the lock's, which the start-up's chunk imports): a stylesheet of a
      // chunk is otherwise fetched when the chunk is imported, and the import waits for it.
      const styles = new Set(
        files.flatMap((file) => {
          const chunk = bundle[file];
          return chunk?.type === 'chunk' ? [...(chunk.viteMetadata?.importedCss ?? [])] : [];
        }),
      );
      return {
        html,
        tags: [
          ...[...styles].map((file) => ({
            tag: 'link',
            attrs: { rel: 'stylesheet', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
          ...files.map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
        ],
      };
    },
  },
});

const define = {
  __SILLON_DEPARTEMENTS__: JSON.stringify(departements),
  __APP_VERSION__: JSON.stringify(process.env.npm_package_version ?? 'dev'),
};

/** The update prompt's hook, as it is on the first render in the browser: nothing to show yet. */
const PWA_REGISTER_AT_BUILD = `export const useRegisterSW = () => ({
  needRefresh: [false, () => {}], offlineReady: [false, () => {}], updateServiceWorker: async () => {},
});`;

/**
 * home.html: index.html with the home screen rendered at build by the app's own components
 * (src/app/prerender.tsx), its heading and real links in the HTML, for a first visit to « / »: the
 * screen is there as soon as the HTML and the stylesheet are, instead of after the whole entry
 * (≈ 140 KB brotli, 3 s on 3G). The server sends it for « / » only (server/static.ts); the service
 * worker keeps the plain index.html for every navigation (a locked tablet, a deep link), so the
 * home's HTML is never shown where it is not the screen to come.
 */
const prerenderHome = (): Plugin => {
  let outDir = 'dist';
  return {
    name: 'sillon:prerender-home',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const { module } = await runnerImport<{ home: string }>('/src/app/prerender.tsx', {
        configFile: false,
        root: import.meta.dirname,
        logLevel: 'error',
        define,
        plugins: [
          {
            // The stylesheets are the client build's: here an import of one is nothing.
            name: 'sillon:no-css-at-build',
            enforce: 'pre',
            resolveId: (id) => (id.endsWith('.css') ? '\0css-at-build' : null),
            load: (id) => (id === '\0css-at-build' ? 'export {};' : null),
          },
          {
            name: 'sillon:pwa-register-at-build',
            resolveId: (id) => (id === 'virtual:pwa-register/react' ? '\0pwa-register-at-build' : null),
            load: (id) => (id === '\0pwa-register-at-build' ? PWA_REGISTER_AT_BUILD : null),
          },
        ],
      });
      const markup = module.home;
      // The prerender must be the home screen itself, never its error screen.
      if (!/<h1[^>]*>Accueil<\/h1>/.test(markup) || !markup.includes('href="/activites/nouvelle/individuel"'))
        throw new Error(`sillon:prerender-home: the home screen did not render:\n${markup.slice(0, 2000)}`);
      const index = readFileSync(join(outDir, 'index.html'), 'utf8');
      const root = /<div id="root">[\s\S]*?<\/div>\s*<\/div>/;
      if (!root.test(index)) throw new Error('sillon:prerender-home: #root not found in index.html');
      const home = index.replace(root, `<div id="root" data-prerendered="/">${markup}</div>`);
      writeFileSync(join(outDir, 'home.html'), home);
      writeFileSync(
        join(outDir, 'home.html.br'),
        brotliCompressSync(home, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
      writeFileSync(join(outDir, 'home.html.gz'), gzipSync(home, { level: 9 }));
    },
  };
};

export default defineConfig({
  define,
  plugins: [
    react(),
    qrScannerWorkerAsFile(),
    preloadHomeRoute(),
    prerenderHome(),
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
        // The prerendered home is for a first visit over the network only (see prerenderHome).
        globIgnores: ['**/node_modules/**', 'home.html'],
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
    // Brotli (quality 11) and gzip (level 9) copies of every text file, made once at build: the
    // server sends them as they are (server/static.ts), where compressing on the fly gave gzip at
    // its default level only (brotli saves about a fifth of the first route's bytes on a slow link).
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, logLevel: 'silent' }),
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
