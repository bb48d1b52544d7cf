// Authenticated encryption of what the tablet stores (XChaCha20-Poly1305, @noble/ciphers: audited,
// synchronous, so it runs inside an IndexedDB transaction without committing it). A sealed value is
// the random 24-byte nonce followed by the ciphertext and its tag; the associated data binds it to
// its table and record, so a ciphertext copied onto another record does not open.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';

const NONCE_BYTES = 24;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A Uint8Array whatever its realm (IndexedDB's structured clone may hand one from another). */
export const isBytes = (value: unknown): value is Uint8Array =>
  ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';

export class SealError extends Error {
  constructor() {
    super('Donnée chiffrée illisible (clé différente ou contenu altéré)');
    this.name = 'SealError';
  }
}

export const sealBytes = (key: Uint8Array, plain: Uint8Array, aad: string): Uint8Array => {
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = xchacha20poly1305(key, nonce, encoder.encode(aad)).encrypt(plain);
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce);
  out.set(sealed, NONCE_BYTES);
  return out;
};

export const openBytes = (key: Uint8Array, sealed: Uint8Array, aad: string): Uint8Array => {
  if (sealed.length < NONCE_BYTES + 16) throw new SealError();
  try {
    return xchacha20poly1305(key, sealed.subarray(0, NONCE_BYTES), encoder.encode(aad)).decrypt(
      sealed.subarray(NONCE_BYTES),
    );
  } catch {
    throw new SealError();
  }
};

/** A JSON value, sealed. */
export const sealJson = (key: Uint8Array, value: unknown, aad: string): Uint8Array =>
  sealBytes(key, encoder.encode(JSON.stringify(value)), aad);

export const openJson = <T = unknown>(key: Uint8Array, sealed: Uint8Array, aad: string): T =>
  JSON.parse(decoder.decode(openBytes(key, sealed, aad))) as T;

const toBase64 = (bytes: Uint8Array): string => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** A JSON value sealed as text (for Local Storage). */
export const sealText = (key: Uint8Array, value: unknown, aad: string): string => toBase64(sealJson(key, value, aad));

export const openText = <T = unknown>(key: Uint8Array, text: string, aad: string): T => {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(text);
  } catch {
    throw new SealError();
  }
  return openJson<T>(key, bytes, aad);
};
