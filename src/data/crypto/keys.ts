// The keys encryption at rest derives from an account's root secret (HKDF-SHA-256, one label per
// use, so that no key serves two purposes): one encrypts personal fields and binaries, one hashes
// search tokens. Derived once per root secret (synchronous: the Dexie middleware needs them inside
// IndexedDB transactions, where awaiting WebCrypto would commit the transaction).
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { rootSecret } from './root-secret';

export interface AtRestKeys {
  /** XChaCha20-Poly1305 key of the personal fields, blobs, drafts, outbox and conflicts. */
  readonly field: Uint8Array;
  /** HMAC-SHA-256 key of the search tokens and of the duplicate-name key. */
  readonly search: Uint8Array;
}

const LABELS = { field: 'sillon/at-rest/field-encryption/v1', search: 'sillon/at-rest/search-tokens/v1' } as const;

const encoder = new TextEncoder();

export const deriveKeys = (root: Uint8Array): AtRestKeys => ({
  field: hkdf(sha256, root, undefined, encoder.encode(LABELS.field), 32),
  search: hkdf(sha256, root, undefined, encoder.encode(LABELS.search), 32),
});

// Keyed by the root's bytes (the seam hands out copies): one derivation per account and session.
const cache = new Map<string, { root: string; keys: AtRestKeys }>();

const fingerprint = (root: Uint8Array): string => String.fromCharCode(...root);

/** The keys of account database `db` (AccountLockedError once the lock holds it shut). */
export const keysFor = (db: string): AtRestKeys => {
  const root = rootSecret(db);
  const print = fingerprint(root);
  const hit = cache.get(db);
  if (hit && hit.root === print) return hit.keys;
  const keys = deriveKeys(root);
  cache.set(db, { root: print, keys });
  return keys;
};
