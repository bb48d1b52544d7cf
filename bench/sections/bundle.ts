// 1. Bundle: what the first route costs on the wire, what each other route adds, and the whole
// precache the service worker downloads after the first visit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { firstRouteKeys, readManifest, staticClosure as closure } from '../../tests/e2e/route-chunks';
import { buildApp } from '../lib/env';
import type { Figure } from '../lib/report';

const SECTION = 'bundle';

const sizes = (dist: string, files: Iterable<string>) => {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const content = readFileSync(join(dist, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
    brotli += brotliCompressSync(content, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
    }).length;
  }
  return { raw, gzip, brotli };
};

/** URLs the generated service worker precaches (Workbox's precache manifest inside sw.js). */
export const precacheUrls = (dist: string): string[] => {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  return [...sw.matchAll(/url:\s*"([^"]+)"/g)].map((m) => m[1]!.replace(/^\//, ''));
};

export const runBundle = async (): Promise<Figure[]> => {
  const dist = buildApp();
  const manifest = readManifest(dist);
  const keys = Object.keys(manifest);
  const firstKeys = firstRouteKeys(manifest);
  const first = closure(manifest, firstKeys);
  const firstJs = sizes(dist, first.js);
  const firstCss = sizes(dist, first.css);
  const html = sizes(dist, ['index.html']);
  const figures: Figure[] = [
    {
      section: SECTION,
      name: 'First route JavaScript, gzip',
      value: firstJs.gzip,
      unit: 'B',
      budget: { op: '<=', limit: 170 * 1024 },
      note: `${first.js.size} files, ${Math.round(firstJs.raw / 1024)} KB minified; entry, its start-up steps and the home screen`,
    },
    { section: SECTION, name: 'First route JavaScript, brotli', value: firstJs.brotli, unit: 'B' },
    { section: SECTION, name: 'First route CSS, gzip', value: firstCss.gzip, unit: 'B' },
    { section: SECTION, name: 'First route CSS, brotli', value: firstCss.brotli, unit: 'B' },
    { section: SECTION, name: 'index.html, gzip', value: html.gzip, unit: 'B' },
  ];
  // Every other lazily loaded screen (and lazy piece of a screen): what it adds to the first route.
  const routes = keys
    .filter((k) => k.startsWith('src/features/') && manifest[k]!.isDynamicEntry && !firstKeys.includes(k))
    .sort();
  for (const key of routes) {
    const own = closure(manifest, [key]);
    const jsFiles = [...own.js].filter((f) => !first.js.has(f));
    const cssFiles = [...own.css].filter((f) => !first.css.has(f));
    const js = sizes(dist, jsFiles);
    const css = sizes(dist, cssFiles);
    const name = key.replace(/^src\/features\//, '').replace(/\.tsx?$/, '');
    figures.push({
      section: SECTION,
      name: `Lazy chunk ${name}: added JS + CSS, gzip`,
      value: js.gzip + css.gzip,
      unit: 'B',
      note: `brotli ${Math.round(((js.brotli + css.brotli) / 1024) * 10) / 10} KB; ${jsFiles.length} JS, ${cssFiles.length} CSS files beyond the first route`,
    });
  }
  const precache = precacheUrls(dist);
  const all = sizes(dist, precache);
  const textOnly = precache.filter((f) => /\.(js|css|html|json|svg|webmanifest)$/.test(f));
  const text = sizes(dist, textOnly);
  const binary = all.raw - text.raw;
  figures.push(
    {
      section: SECTION,
      name: 'Whole precache, as served (text gzip + images)',
      value: text.gzip + binary,
      unit: 'B',
      note: `${precache.length} entries, ${Math.round(all.raw / 1024)} KB uncompressed; brotli would be ${Math.round((text.brotli + binary) / 1024)} KB`,
    },
    { section: SECTION, name: 'Whole precache, brotli', value: text.brotli + binary, unit: 'B' },
    {
      section: SECTION,
      name: 'Precache: the configured départements’ communes, gzip',
      value: sizes(
        dist,
        precache.filter((f) => f.startsWith('communes/')),
      ).gzip,
      unit: 'B',
    },
  );
  return figures;
};
