// Keyed hashes of search tokens: the `searchTokens` index holds HMAC-SHA-256(key, prefix) of every
// prefix of every normalised token (up to PREFIX_MAX characters), truncated, instead of the words.
// Typing « Vig » looks up the hash of « vig » (an exact key of the index); the words themselves are
// only in the encrypted record, where the other typed words are checked once it is read.
// What leaks: records sharing a prefix share its hash (how many people's names start alike), not
// which letters it is, without the key.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** Longer typed words are looked up by their first PREFIX_MAX characters, then checked in clear. */
export const PREFIX_MAX = 8;

/** 12 bytes (96 bits): collisions among a structure's few hundred thousand keys are negligible. */
const HASH_BYTES = 12;

const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

export const tokenHash = (key: Uint8Array, token: string): string =>
  toBase64(hmac(sha256, key, encoder.encode(token)).subarray(0, HASH_BYTES));

/** The index keys of normalised tokens: a hash per distinct prefix. */
export const prefixHashes = (key: Uint8Array, tokens: readonly string[]): string[] => {
  const prefixes = new Set<string>();
  for (const token of tokens)
    for (let n = 1; n <= Math.min(token.length, PREFIX_MAX); n++) prefixes.add(token.slice(0, n));
  return [...prefixes].map((p) => tokenHash(key, p));
};

/** The index key a typed word is looked up by (its first PREFIX_MAX characters). */
export const queryHash = (key: Uint8Array, word: string): string => tokenHash(key, word.slice(0, PREFIX_MAX));
