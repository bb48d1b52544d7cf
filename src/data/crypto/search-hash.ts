// Keyed hashes of search tokens: the `searchTokens` index holds HMAC-SHA-256(key, prefix) of every
// prefix of every normalised token (up to PREFIX_MAX characters), truncated, instead of the words.
// Typing « Vig » looks up the hash of « vig » (an exact key of the index); the words themselves are
// only in the encrypted record, where the other typed words are checked once it is read.
// What leaks: records sharing a prefix share its hash (how many people's names start alike), not
// which letters it is, without the key.
//
// Cost: a beneficiary has some 30 prefixes, and every write of one hashes them all (inside the
// transaction, synchronously). So the key's inner and outer pads are hashed once per key (noble's
// HMAC state, cloned for each message) and the hashes of recent prefixes are remembered per key —
// « ma », « mar », « 06 » are shared by thousands of people. The memo holds prefixes of names, as
// the unlocked app does anyway; it is forgotten at every lock (and the key with it).
import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { onAccountKeysChange } from './account-keys';

/** Longer typed words are looked up by their first PREFIX_MAX characters, then checked in clear. */
export const PREFIX_MAX = 8;

/** 12 bytes (96 bits): collisions among a structure's few hundred thousand keys are negligible. */
const HASH_BYTES = 12;

/** Prefixes remembered per key: a structure's common ones (its names' and communes' beginnings). */
const MEMO_MAX = 20_000;

const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

type Hmac = _HMAC<ReturnType<typeof sha256.create>>;

class SearchHasher {
  /** The key's state after its two pads: cloned into `work` for each message. */
  private readonly keyed: Hmac;
  private work: Hmac | undefined;
  private readonly out = new Uint8Array(sha256.outputLen);
  /** A token's UTF-8 bytes (a prefix is at most PREFIX_MAX characters, 4 bytes each). */
  private readonly text = new Uint8Array(64);
  readonly memo = new Map<string, string>();

  constructor(key: Uint8Array) {
    this.keyed = hmac.create(sha256, key) as Hmac;
  }

  private compute(token: string): string {
    const { read, written } = encoder.encodeInto(token, this.text);
    const bytes = read === token.length ? this.text.subarray(0, written) : encoder.encode(token);
    const work = (this.work = this.keyed._cloneInto(this.work));
    work.update(bytes);
    work.digestInto(this.out);
    return toBase64(this.out.subarray(0, HASH_BYTES));
  }

  hash(token: string): string {
    const known = this.memo.get(token);
    if (known !== undefined) return known;
    const hash = this.compute(token);
    // Oldest first out: a common prefix dropped comes back at its next use.
    if (this.memo.size >= MEMO_MAX) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(token, hash);
    return hash;
  }

  /** A long token (a sort key) is hashed without being remembered. */
  hashOnce(token: string): string {
    return this.compute(token);
  }
}

// Keyed by the key's bytes as given (keysFor hands the same array for a database while it is open).
let hashers = new WeakMap<Uint8Array, SearchHasher>();

const hasherOf = (key: Uint8Array): SearchHasher => {
  let hasher = hashers.get(key);
  if (!hasher) hashers.set(key, (hasher = new SearchHasher(key)));
  return hasher;
};

/** Forgets every key's state and remembered prefixes (at lock, sign-out, wipe). */
export const forgetSearchHashes = (): void => {
  hashers = new WeakMap();
};

onAccountKeysChange((open) => {
  if (!open) forgetSearchHashes();
});

export const tokenHash = (key: Uint8Array, token: string): string =>
  token.length <= PREFIX_MAX ? hasherOf(key).hash(token) : hasherOf(key).hashOnce(token);

/** The index keys of normalised tokens: a hash per distinct prefix. */
export const prefixHashes = (key: Uint8Array, tokens: readonly string[]): string[] => {
  const hasher = hasherOf(key);
  const prefixes = new Set<string>();
  for (const token of tokens)
    for (let n = 1; n <= Math.min(token.length, PREFIX_MAX); n++) prefixes.add(token.slice(0, n));
  const hashes: string[] = [];
  for (const prefix of prefixes) hashes.push(hasher.hash(prefix));
  return hashes;
};

/** The index key a typed word is looked up by (its first PREFIX_MAX characters). */
export const queryHash = (key: Uint8Array, word: string): string => tokenHash(key, word.slice(0, PREFIX_MAX));
