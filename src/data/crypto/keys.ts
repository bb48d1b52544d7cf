// The keys encryption at rest derives from an account's root secret (HKDF-SHA-256, one label per
// use, so that no key serves two purposes): one encrypts personal fields and binaries, one hashes
// search tokens. Derived once per root secret (synchronous: the Dexie middleware needs them inside
// IndexedDB transactions, where awaiting WebCrypto would commit the transaction).
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { onAccountKeysChange } from './account-keys';
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

// One derivation per account and unlock. The root is kept to tell that the seam still hands the same
// secret (it hands out copies); the whole cache is dropped whenever the lock shuts or changes the
// keys, so that neither the secret nor what is derived from it outlives an unlock in this module.
const cache = new Map<string, { root: Uint8Array; keys: AtRestKeys }>();

onAccountKeysChange(() => cache.clear());

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The keys of account database `db` (AccountLockedError once the lock holds it shut). */
export const keysFor = (db: string): AtRestKeys => {
  const root = rootSecret(db);
  const hit = cache.get(db);
  if (hit && sameBytes(hit.root, root)) return hit.keys;
  const keys = deriveKeys(root);
  cache.set(db, { root: root.slice(), keys });
  return keys;
};

/** For tests: whether keys derived for `db` are held in memory. */
export const keysHeldFor = (db: string): boolean => cache.has(db);
