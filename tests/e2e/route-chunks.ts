import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Reading Vite's build manifest: shared by the bundle e2e test and the bundle benchmark.
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export const readManifest = (distDir: string): Manifest =>
  JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;

/** The files (JS and CSS) a chunk loads before it runs: itself and its static imports, recursively. */
export const staticClosure = (manifest: Manifest, keys: string[]): { js: Set<string>; css: Set<string> } => {
  const js = new Set<string>();
  const css = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`chunk ${key} is not in the manifest`);
    js.add(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return { js, css };
};

/** The manifest key of the chunk whose source path ends with `suffix`. */
export const chunkKey = (manifest: Manifest, suffix: string): string => {
  const key = Object.keys(manifest).find((k) => k.endsWith(suffix));
  if (!key) throw new Error(`no chunk for ${suffix}`);
  return key;
};

/**
 * What the first route loads: the entry, the start-up's steps it imports one by one
 * (src/app/main.tsx, all modulepreloaded with the HTML) and the home screen.
 */
export const firstRouteKeys = (manifest: Manifest): string[] => {
  const entry = chunkKey(manifest, 'index.html');
  return [
    entry,
    ...(manifest[entry]!.dynamicImports ?? []),
    chunkKey(manifest, 'src/features/home/home-page.tsx'),
  ];
};
