// Holds the line on the layering: app → features → ui/data → domain; server → domain.
// Relative imports are resolved to files so that a cross-feature import cannot hide behind "../..".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((spec) => relative(root, resolve(dirname(file), spec)));
}

function layerOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'server') return 'server';
  if (parts[0] !== 'src') return 'other';
  if (parts[1] === 'features') return `features/${parts[2]}`;
  return parts[1] ?? 'other';
}

const allowed: Record<string, (target: string) => boolean> = {
  domain: (t) => t === 'domain',
  data: (t) => t === 'domain' || t === 'data',
  ui: (t) => t === 'domain' || t === 'ui',
  server: (t) => t === 'domain' || t === 'server',
  app: (t) => t !== 'server',
};

describe('architecture', () => {
  const files = [...walk(join(root, 'src')), ...walk(join(root, 'server'))].map((f) => relative(root, f));

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('keeps every import inside its layer rules', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const target of relativeImports(join(root, file))) {
        const to = layerOf(target);
        const ok = from.startsWith('features/')
          ? to === from || to === 'domain' || to === 'data' || to === 'ui'
          : (allowed[from]?.(to) ?? true);
        if (!ok) violations.push(`${file} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
