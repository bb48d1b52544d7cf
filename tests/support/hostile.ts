// fast-check generators of what a buggy, outdated or hostile device may send: strings with NUL and
// lone surrogates, huge strings, prototype keys, values nested thousands of levels deep, wrong types,
// numbers out of every range. Shared by the fuzz tests of the API (push and pull here; blobs, auth and
// accounts may compose the same pieces).
import fc from 'fast-check';

/**
 * A size over a limit: mostly just over it (where an off-by-one would show), now and then up to
 * `max` (what costs is a big value; thousands of requests a run cannot all carry one).
 */
export const sizeOver = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min, max: Math.min(max, Math.ceil(min * 1.5)) }) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
  );

/** Text a form would never produce: NUL, control characters, lone surrogates, markup, very long. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      '\u202e',
      '<script>alert(1)</script>',
      '../../etc/passwd',
      '',
    ),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
    sizeOver(101, 40_000).map((n) => 'x'.repeat(n)),
  );

/**
 * A string of one to three megabytes: under the push's 4 MB body limit, so that it reaches the
 * checks (rare in a run: each one costs a request of that size).
 */
export const hugeString = (): fc.Arbitrary<string> =>
  fc.integer({ min: 1, max: 3 }).map((mb) => 'x'.repeat(mb * 1_000_000 - 200));

/** Numbers out of every range a field may have. */
export const hostileNumber = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(-1, 0, 0.5, -0, 2 ** 31, 2 ** 53 - 1, 2 ** 53, Number.MAX_VALUE, 1e308, -1e308),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
  );

/**
 * JSON text nested `depth` levels deep: deeper than JSON.stringify (recursive) can even write, but
 * JSON.parse (iterative) reads it, so a server must survive it.
 */
export const deepJsonText = (): fc.Arbitrary<string> =>
  fc
    .tuple(sizeOver(10_000, 100_000), fc.boolean())
    .map(([depth, inList]) =>
      inList ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    );

/** A value nested `depth` levels deep, in objects or lists (keep `depth` ≤ 1000: JSON.stringify recurses). */
export const nested = (depth: number, leaf: unknown = 1, inList = false): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = inList ? [value] : { a: value };
  return value;
};

/** An object whose keys include a prototype key, at the top or deeper (as JSON.parse would make it). */
export const prototypeKeys = (): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.nat(3), fc.jsonValue())
    .map(([key, depth, value]) => {
      let text = `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`;
      for (let i = 0; i < depth; i++) text = `{"inner":${text}}`;
      return JSON.parse(text) as Record<string, unknown>;
    });

/** Any JSON value a device could send where a field's value goes. */
export const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 3, arbitrary: hostileString() },
    { weight: 2, arbitrary: hostileNumber() },
    { weight: 1, arbitrary: prototypeKeys() },
    { weight: 1, arbitrary: fc.integer({ min: 7, max: 1000 }).map((d) => nested(d)) },
    { weight: 1, arbitrary: fc.integer({ min: 7, max: 1000 }).map((d) => nested(d, 'x', true)) },
    {
      weight: 1,
      arbitrary: sizeOver(101, 20_000).map((n) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])),
      ),
    },
    {
      weight: 1,
      arbitrary: sizeOver(1001, 5000).map((n) => Array.from({ length: n }, () => 'x')),
    },
  );

/** A field name a device could send: a real one of the table, or anything else. */
export const fieldName = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: hostileString() });
