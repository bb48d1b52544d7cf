// The checks every value that came from a device passes before anything reads it field by field:
// no NUL character (PostgreSQL refuses it in text), no prototype key (`__proto__`, `constructor`,
// `prototype`: writing one into an object changes what the object is), bounded depth, keys per
// object, list length and total size.
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

/** A refusal found during the walk: the path is gathered as the walk unwinds (innermost key first). */
interface Found {
  reversedPath: string[];
  message: string;
}

const found = (message: string, key?: string): Found => ({
  reversedPath: key === undefined ? [] : [key],
  message,
});

/**
 * Every value of a pushed record goes through here, twice per change: the walk allocates nothing per
 * value. It recurses at most `maxDepth` levels (a deeper container is refused before its content is
 * read), so a value nested 100,000 levels deep costs no stack and is refused at the first level too deep.
 */
const walk = (v: unknown, depth: number, limits: JsonLimits, size: { chars: number }): Found | undefined => {
  if (typeof v === 'string') {
    if (v.length > limits.maxString) return found('Texte trop long');
    if (v.includes('\u0000')) return found('Caractère nul interdit');
    size.chars += v.length + 2;
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v)) return found('Nombre invalide');
    size.chars += 8;
  } else if (v === undefined) {
    // An absent value (a JavaScript object's field set to undefined): JSON never carries it.
  } else if (v === null || typeof v === 'boolean') {
    size.chars += 5;
  } else if (Array.isArray(v)) {
    if (depth >= limits.maxDepth) return found('Imbrication trop profonde');
    if (v.length > limits.maxItems) return found('Liste trop longue');
    size.chars += 2 + v.length;
    for (let i = 0; i < v.length; i++) {
      const issue = walk(v[i], depth + 1, limits, size);
      if (issue) return (issue.reversedPath.push(String(i)), issue);
    }
  } else if (typeof v === 'object') {
    const prototype = Object.getPrototypeOf(v);
    if (prototype !== Object.prototype && prototype !== null) return found('Valeur invalide');
    if (depth >= limits.maxDepth) return found('Imbrication trop profonde');
    const keys = Object.keys(v);
    if (keys.length > limits.maxKeys) return found('Trop de champs');
    size.chars += 2;
    for (const key of keys) {
      if (PROTOTYPE_KEYS.has(key)) return found('Nom de champ interdit', key);
      if (key.includes('\u0000') || key.length > 100) return found('Nom de champ invalide');
      size.chars += key.length + 4;
      const issue = walk((v as Record<string, unknown>)[key], depth + 1, limits, size);
      if (issue) return (issue.reversedPath.push(key), issue);
    }
  } else {
    return found('Valeur invalide');
  }
  return size.chars > limits.maxChars ? { reversedPath: [], message: TOO_BIG } : undefined;
};

const TOO_BIG = 'Enregistrement trop volumineux';

/** The first reason `value` is not a safe JSON value, or undefined. */
export const inspectJson = (
  value: unknown,
  limits: JsonLimits = RECORD_JSON_LIMITS,
): JsonIssue | undefined => {
  const issue = walk(value, 0, limits, { chars: 0 });
  if (!issue) return undefined;
  // The whole record is too big, wherever the walk noticed it.
  if (issue.message === TOO_BIG) return { path: '_record', message: TOO_BIG };
  return { path: issue.reversedPath.reverse().join('.') || '_record', message: issue.message };
};
