// The checks every value that came from a device passes before anything reads it field by field:
// no NUL character (PostgreSQL refuses it in text), no prototype key (`__proto__`, `constructor`,
// `prototype`: writing one into an object changes what the object is), bounded depth, keys per
// object, list length and total size. One iterative walk, so that a value nested 100,000 levels deep
// costs no stack and is refused at the first level too deep.
import { MAX_OBJECT_KEYS, MAX_RECORD_CHARS, MAX_RECORD_DEPTH, TEXT_LIMITS } from './limits';

export const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface JsonLimits {
  maxDepth: number;
  maxKeys: number;
  maxItems: number;
  maxString: number;
  /** Rough JSON size: characters of strings and keys, plus a few per value. */
  maxChars: number;
}

export const RECORD_JSON_LIMITS: JsonLimits = {
  maxDepth: MAX_RECORD_DEPTH,
  maxKeys: MAX_OBJECT_KEYS,
  maxItems: 1000,
  maxString: TEXT_LIMITS.agreement,
  maxChars: MAX_RECORD_CHARS,
};

export interface JsonIssue {
  /** Where, as a field path ("returns.2.note"); '_record' for the whole value. */
  path: string;
  message: string;
}

/** The first reason `value` is not a safe JSON value, or undefined. */
export const inspectJson = (
  value: unknown,
  limits: JsonLimits = RECORD_JSON_LIMITS,
): JsonIssue | undefined => {
  let chars = 0;
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    const where = path.join('.') || '_record';
    if (typeof v === 'string') {
      if (v.length > limits.maxString) return { path: where, message: 'Texte trop long' };
      if (v.includes('\u0000')) return { path: where, message: 'Caractère nul interdit' };
      chars += v.length + 2;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: where, message: 'Nombre invalide' };
      chars += 8;
    } else if (v === undefined) {
      // An absent value (a JavaScript object's field set to undefined): JSON never carries it.
    } else if (v === null || typeof v === 'boolean') {
      chars += 5;
    } else if (Array.isArray(v)) {
      if (path.length >= limits.maxDepth) return { path: where, message: 'Imbrication trop profonde' };
      if (v.length > limits.maxItems) return { path: where, message: 'Liste trop longue' };
      chars += 2 + v.length;
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, String(i)] });
    } else if (typeof v === 'object') {
      if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null)
        return { path: where, message: 'Valeur invalide' };
      if (path.length >= limits.maxDepth) return { path: where, message: 'Imbrication trop profonde' };
      const keys = Object.keys(v);
      if (keys.length > limits.maxKeys) return { path: where, message: 'Trop de champs' };
      chars += 2;
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (PROTOTYPE_KEYS.has(key))
          return { path: [...path, key].join('.'), message: 'Nom de champ interdit' };
        if (key.includes('\u0000') || key.length > 100)
          return { path: where, message: 'Nom de champ invalide' };
        chars += key.length + 4;
        stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
      }
    } else {
      return { path: where, message: 'Valeur invalide' };
    }
    if (chars > limits.maxChars) return { path: '_record', message: 'Enregistrement trop volumineux' };
  }
  return undefined;
};
