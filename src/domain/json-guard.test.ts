import { describe, expect, it } from 'vitest';

import { inspectJson, RECORD_JSON_LIMITS } from './json-guard';

const nested = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('inspectJson', () => {
  it.each<[string, unknown, { path: string; message: string } | undefined]>([
    ['a plain record', { prenom: 'Léa', thematiques: ['email'], n: 3, ok: true, rien: null }, undefined],
    [
      'a NUL in a nested list',
      { returns: [{ note: 'ok' }, { note: 'a\u0000b' }] },
      { path: 'returns.1.note', message: 'Caractère nul interdit' },
    ],
    [
      'a prototype key',
      JSON.parse('{"a":{"__proto__":{"x":1}}}'),
      { path: 'a.__proto__', message: 'Nom de champ interdit' },
    ],
    [
      'a constructor key at the top',
      { constructor: 1 },
      { path: 'constructor', message: 'Nom de champ interdit' },
    ],
    ['a number that is not finite', { n: Number.NaN }, { path: 'n', message: 'Nombre invalide' }],
    [
      'a text too long',
      { notes: 'x'.repeat(RECORD_JSON_LIMITS.maxString + 1) },
      { path: 'notes', message: 'Texte trop long' },
    ],
    [
      'a list too long',
      { l: Array.from({ length: 1001 }, () => 1) },
      { path: 'l', message: 'Liste trop longue' },
    ],
    ['a class instance', { d: new Date() }, { path: 'd', message: 'Valeur invalide' }],
    ['a function', { f: () => 1 }, { path: 'f', message: 'Valeur invalide' }],
    ['nesting at the limit', nested(RECORD_JSON_LIMITS.maxDepth), undefined],
    [
      'nesting one level too deep',
      nested(RECORD_JSON_LIMITS.maxDepth + 1),
      { path: 'a.a.a.a.a.a', message: 'Imbrication trop profonde' },
    ],
    [
      'too many fields',
      Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 1])),
      { path: '_record', message: 'Trop de champs' },
    ],
    [
      'a whole record too big',
      { l: Array.from({ length: 60 }, () => 'x'.repeat(2000)) },
      { path: '_record', message: 'Enregistrement trop volumineux' },
    ],
  ])('%s', (_, value, expected) => expect(inspectJson(value)).toEqual(expected));

  it('refuses a value nested 100,000 levels deep without running out of stack', () => {
    expect(inspectJson(nested(100_000))?.message).toBe('Imbrication trop profonde');
  });
});
