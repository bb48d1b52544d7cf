import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { SERVER_NODE_ARGS } from './node-args';

describe('the server’s Node flags', () => {
  it('are the ones `npm run serve` gives, so that tests and the bench run the server a structure runs', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.serve).toBe(`node ${SERVER_NODE_ARGS.join(' ')} server/main.ts`);
    expect(pkg.scripts.start).toContain('npm run serve');
  });
});
