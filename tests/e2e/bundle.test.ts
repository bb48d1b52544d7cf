// The first route's JavaScript budget (issue 2): deterministic, read from the build's manifest.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { chunkKey, firstRouteKeys, readManifest, staticClosure } from './route-chunks';

const distDir = process.env.SILLON_DIST_DIR ?? resolve(import.meta.dirname, '..', '..', 'dist');
const gzipped = (file: string) => gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
const BUDGET = 170 * 1024;

describe('bundle', () => {
  const manifest = readManifest(distDir);
  const first = staticClosure(manifest, firstRouteKeys(manifest));

  it('loads at most 170 KB of gzipped JavaScript on the first route', () => {
    const total = [...first.js].reduce((sum, file) => sum + gzipped(file), 0);
    expect(total).toBeGreaterThan(50 * 1024); // React alone weighs more: the measure is real
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  it('splits the other routes out of the first load', () => {
    const others = [
      'src/features/beneficiaries/beneficiary-list-page.tsx',
      'src/features/activities/activity-list-page.tsx',
      'src/features/stats/stats-page.tsx',
      'src/features/settings/settings-page.tsx',
    ].map((suffix) => manifest[chunkKey(manifest, suffix)]!.file);
    for (const file of others) expect(first.js.has(file)).toBe(false);
  });

  it('keeps out of a route what its screen needs only later (issue 13)', () => {
    const closureOf = (suffix: string) => staticClosure(manifest, [chunkKey(manifest, suffix)]).js;
    // The charts' library comes with the first chart to draw, after the figures.
    const chart = manifest[chunkKey(manifest, 'src/features/stats/chart-draw.ts')]!;
    expect(chart.isDynamicEntry).toBe(true);
    expect(closureOf('src/features/stats/stats-page.tsx').has(chart.file)).toBe(false);
    // The list's exports load the statistics client at the first export.
    const list = [...closureOf('src/features/beneficiaries/beneficiary-list-page.tsx')];
    expect(list.some((file) => /\/stats-client-[^/]*\.js$/.test(file))).toBe(false);
  });
});
