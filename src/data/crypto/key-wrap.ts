// The account's root secret stored only wrapped (docs/architecture.md, « Verrouillage et clés »):
// AES-GCM under a key derived from a secret the person knows (the 6-digit code, the password: PBKDF2
// with its own salt), under a raw key the server keeps (the device's copy), or under a key derived by
// HKDF from a passkey's PRF output (the tablet's own unlock). Each wrap is made with
// its own salt and IV and stands alone: erasing one leaves the others usable. The authenticated data
// names the account database and the kind of copy, so a copy cannot be swapped for another.

/** OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about 150 ms in Node, one derivation per unlock. */
export const PBKDF2_ITERATIONS = 600_000;

const SALT_BYTES = 16;
const IV_BYTES = 12;

export type WrapKind = 'code' | 'password' | 'device' | 'passkey';

/** One wrapped copy of the root secret (base64 fields: stored as JSON). */
export interface WrappedRoot {
  kind: WrapKind;
  /** PBKDF2 salt and iterations; absent for a copy under a raw key (device) or a PRF output (passkey). */
  salt?: string;
  iterations?: number;
  iv: string;
  data: string;
}

export const toBase64 = (bytes: Uint8Array): string => {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
};

export const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
};

const random = (n: number): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(n));

const aad = (db: string, kind: WrapKind): Uint8Array<ArrayBuffer> =>
  new TextEncoder().encode(`sillon-root:${kind}:${db}`);

/** The wrapping key of a typed secret (code or password): never extractable. */
const derive = async (secret: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> => {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt, iterations, hash: 'SHA-256' },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
};

const importRaw = (raw: Uint8Array): Promise<CryptoKey> => {
  if (raw.byteLength !== 32) throw new Error('a wrapping key is 32 bytes');
  return crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
};

const seal = async (key: CryptoKey, root: Uint8Array, db: string, kind: WrapKind) => {
  const iv = random(IV_BYTES);
  const data = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(db, kind) }, key, new Uint8Array(root)),
  );
  return { iv: toBase64(iv), data: toBase64(data) };
};

/** The root secret, or null when the key is not the one it was wrapped with (AES-GCM's tag fails). */
const open = async (key: CryptoKey, wrap: WrappedRoot, db: string): Promise<Uint8Array | null> => {
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(wrap.iv), additionalData: aad(db, wrap.kind) },
        key,
        fromBase64(wrap.data),
      ),
    );
  } catch {
    return null;
  }
};

/** Wraps `root` under a typed secret (the code or the password) with a new salt. */
export const wrapWithSecret = async (
  root: Uint8Array,
  secret: string,
  db: string,
  kind: 'code' | 'password',
  iterations: number = PBKDF2_ITERATIONS,
): Promise<WrappedRoot> => {
  const salt = random(SALT_BYTES);
  const key = await derive(secret, salt, iterations);
  return { kind, salt: toBase64(salt), iterations, ...(await seal(key, root, db, kind)) };
};

/** The root secret from a copy wrapped under a typed secret; null for a wrong code or password. */
export const unwrapWithSecret = async (wrap: WrappedRoot, secret: string, db: string): Promise<Uint8Array | null> => {
  if (!wrap.salt || !wrap.iterations) return null;
  return open(await derive(secret, fromBase64(wrap.salt), wrap.iterations), wrap, db);
};

/** Wraps `root` under a raw 32-byte key (the server's device key). */
export const wrapWithKey = async (
  root: Uint8Array,
  raw: Uint8Array,
  db: string,
  kind: 'device',
): Promise<WrappedRoot> => ({ kind, ...(await seal(await importRaw(raw), root, db, kind)) });

export const unwrapWithKey = async (wrap: WrappedRoot, raw: Uint8Array, db: string): Promise<Uint8Array | null> =>
  open(await importRaw(raw), wrap, db);

/** The size of a WebAuthn PRF output (HMAC-SHA-256 of the authenticator's secret). */
export const PRF_OUTPUT_BYTES = 32;

/**
 * The wrapping key of a passkey's copy: HKDF-SHA-256 of the PRF output (already uniformly random,
 * so no salt), its info naming the use and the account database; never extractable. The PRF output
 * itself is never used as a key: another use of the same passkey would get another key.
 */
const prfKey = async (prf: Uint8Array, db: string): Promise<CryptoKey> => {
  if (prf.byteLength !== PRF_OUTPUT_BYTES) throw new Error(`a PRF output is ${PRF_OUTPUT_BYTES} bytes`);
  const material = await crypto.subtle.importKey('raw', new Uint8Array(prf), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(0),
      info: new TextEncoder().encode(`sillon-root-wrap:passkey:${db}`),
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
};

/** Wraps `root` under the key derived from a passkey's PRF output (kind 'passkey'). */
export const wrapWithPrf = async (root: Uint8Array, prf: Uint8Array, db: string): Promise<WrappedRoot> => ({
  kind: 'passkey',
  ...(await seal(await prfKey(prf, db), root, db, 'passkey')),
});

/** The root secret from a passkey's copy; null when the PRF output is not the one it was wrapped with. */
export const unwrapWithPrf = async (wrap: WrappedRoot, prf: Uint8Array, db: string): Promise<Uint8Array | null> =>
  wrap.kind === 'passkey' ? open(await prfKey(prf, db), wrap, db) : null;
