// A zod schema built on its first use instead of when its module loads. Building zod schemas is
// not free (each `.string().trim().max()` clones definitions): the record, form and sync schemas
// built at load took 30-45 ms of main thread (×4 on a mid-range phone) in the one task that
// evaluates a screen's modules, although a screen's first paint validates nothing. Wrapped, they
// are built by the first parse, extend or shape read, once, and are the same schema from then on.
//
// The stand-in forwards every operation to the built schema; zod's methods run with `this` being
// the stand-in and reach the schema's internals through it, so composing a wrapped schema
// (`.optional()`, `.extend()`, a field of `z.object`) behaves as composing the schema itself.

export const lazySchema = <T extends object>(build: () => T): T => {
  let built: T | undefined;
  const schema = (): T => (built ??= build());
  return new Proxy(Object.create(null) as T, {
    get: (_, key) => Reflect.get(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    deleteProperty: (_, key) => Reflect.deleteProperty(schema(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    ownKeys: () => Reflect.ownKeys(schema()),
    // Reported configurable: the stand-in's own (empty) target may not hold a fixed property.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
};
