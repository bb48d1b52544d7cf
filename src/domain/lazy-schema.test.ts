import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { lazySchema } from './lazy-schema';

describe('lazySchema', () => {
  it('builds the schema on its first use, once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds += 1;
      return z.object({ nom: z.string().trim().min(1) });
    });
    expect(builds).toBe(0);
    expect(schema.parse({ nom: ' Rose ' })).toEqual({ nom: 'Rose' });
    expect(schema.safeParse({ nom: ' ' }).success).toBe(false);
    expect(Object.keys(schema.shape)).toEqual(['nom']);
    expect(builds).toBe(1);
  });

  it('composes as the schema it stands for', () => {
    const commune = lazySchema(() => z.strictObject({ codeInsee: z.string().regex(/^\d{5}$/) }));
    const person = lazySchema(() => z.object({ commune: commune.optional(), id: z.string() }));
    const stored = lazySchema(() => person.extend({ deleted: z.boolean().optional() }).strict());
    expect(stored.parse({ id: 'a', commune: { codeInsee: '46042' } })).toEqual({
      id: 'a',
      commune: { codeInsee: '46042' },
    });
    expect(stored.safeParse({ id: 'a', commune: { codeInsee: '46042', x: 1 } }).success).toBe(false);
    expect(stored.safeParse({ id: 'a', extra: true }).success).toBe(false);
    expect(z.object({ where: commune }).safeParse({ where: { codeInsee: 'x' } }).success).toBe(false);
    expect(commune instanceof z.ZodObject).toBe(true);
    expect({ ...person.shape }).toHaveProperty('commune');
  });
});
