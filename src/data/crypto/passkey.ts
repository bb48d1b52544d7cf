// The tablet's own unlock (WebAuthn with the PRF extension), a second way besides the code where the
// browser offers it (docs/architecture.md, « Verrouillage et clés »). Registration creates a passkey
// on this tablet's platform authenticator (user verification required: fingerprint, face or the
// tablet's own code) and asks it for its PRF output for a salt of this account; that 32-byte output
// wraps the root secret (src/data/crypto/key-wrap.ts, kind 'passkey'). On the lock screen the same
// passkey, asked for the same salt, gives the same output back, which opens that copy. No server is
// involved (it works offline): what opens is the PRF output, which only that authenticator, after
// verifying its user, can compute; the assertion's signature is not checked by anyone.
import { addPasskeyCopy, passkeyOf, removePasskeyCopy, unlockWithPrf } from './lock';
import { fromBase64, PRF_OUTPUT_BYTES, toBase64 } from './key-wrap';

interface PublicKeyCredentialStatics {
  getClientCapabilities?: () => Promise<Record<string, boolean | undefined>>;
  isUserVerifyingPlatformAuthenticatorAvailable?: () => Promise<boolean>;
  signalUnknownCredential?: (options: { rpId: string; credentialId: string }) => Promise<void>;
}

/** What the ceremonies need from the browser (the real one by default; a unit test gives its own). */
export interface WebAuthnScope {
  PublicKeyCredential?: unknown;
  isSecureContext?: boolean;
  location?: { hostname: string };
  navigator?: { credentials?: Pick<CredentialsContainer, 'create' | 'get'> };
}

/** WebAuthn's relying party is a domain: an IP address (http://192.168.1.20) cannot be one. */
const isDomain = (hostname: string): boolean =>
  hostname !== '' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) && !hostname.includes(':') && !hostname.startsWith('[');

/**
 * Whether this browser can unlock with a passkey's PRF: WebAuthn present, a secure context on a
 * domain name, a platform authenticator that verifies its user, and the PRF extension announced by
 * getClientCapabilities (a browser that cannot say is taken as unable: the code is always there).
 * Whether the authenticator itself has PRF is known only at registration (`registerPasskey`).
 */
export const passkeyUnlockAvailable = async (scope: WebAuthnScope = globalThis): Promise<boolean> => {
  const statics = scope.PublicKeyCredential as PublicKeyCredentialStatics | undefined;
  if (!statics || scope.isSecureContext === false) return false;
  if (scope.location && !isDomain(scope.location.hostname)) return false;
  try {
    const capabilities = await statics.getClientCapabilities?.();
    if (!capabilities || capabilities['extension:prf'] !== true) return false;
    if (capabilities.userVerifyingPlatformAuthenticator === true) return true;
    return (await statics.isUserVerifyingPlatformAuthenticatorAvailable?.()) === true;
  } catch {
    return false;
  }
};

const toBase64url = (bytes: Uint8Array): string =>
  toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const fromBase64url = (text: string): Uint8Array<ArrayBuffer> => {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
};

const random = (n: number): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(n));

/** The authenticator's user handle: stable per account database (a new registration replaces the
 * old passkey on the authenticator), and neither the database name nor anything personal. */
const userHandle = async (db: string): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(
    (await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`sillon-passkey-user:${db}`))).slice(0, 16),
  );

const TIMEOUT_MS = 120_000;

export type PasskeyProblem =
  /** This browser or tablet offers no platform authenticator with PRF (detection, or the domain). */
  | 'unavailable'
  /** The authenticator made the passkey but has no PRF: it cannot give a key. */
  | 'no-prf'
  /** The person closed or refused the prompt, or it timed out. */
  | 'cancelled'
  /** No passkey registered for this account (or its keys were erased). */
  | 'none'
  /** Anything else (the PRF output does not open the copy, an authenticator error). */
  | 'failed';

export type PasskeyOutcome = { ok: true } | { ok: false; problem: PasskeyProblem };

const problemOf = (error: unknown): PasskeyProblem => {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') return 'cancelled';
  if (name === 'NotSupportedError' || name === 'SecurityError') return 'unavailable';
  return 'failed';
};

const bytesOf = (source: BufferSource | undefined): Uint8Array | undefined => {
  if (!source) return undefined;
  const bytes = ArrayBuffer.isView(source)
    ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
    : new Uint8Array(source);
  return bytes.byteLength === PRF_OUTPUT_BYTES ? bytes.slice() : undefined;
};

const prfOf = (credential: Credential | null): { enabled?: boolean; first?: Uint8Array } => {
  const prf = (credential as PublicKeyCredential | null)?.getClientExtensionResults().prf;
  const first = bytesOf(prf?.results?.first);
  return { ...(prf?.enabled !== undefined ? { enabled: prf.enabled } : {}), ...(first ? { first } : {}) };
};

/** Asks the passkey `credentialId` for its PRF output for `salt` (one prompt). */
const evaluate = async (
  credentials: Pick<CredentialsContainer, 'get'>,
  rpId: string,
  credentialId: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array | undefined> =>
  prfOf(
    await credentials.get({
      publicKey: {
        challenge: random(32),
        rpId,
        allowCredentials: [{ type: 'public-key', id: credentialId }],
        userVerification: 'required',
        timeout: TIMEOUT_MS,
        extensions: { prf: { eval: { first: salt } } },
      },
    }),
  ).first;

const ready = async (scope: WebAuthnScope) => {
  const credentials = scope.navigator?.credentials;
  const rpId = scope.location?.hostname;
  if (!credentials || !rpId || !(await passkeyUnlockAvailable(scope))) return undefined;
  return { credentials, rpId };
};

/**
 * « Déverrouiller avec l'empreinte / le code de la tablette » (keys open): a passkey on this tablet,
 * its PRF output for a new salt of this account (from create() where the authenticator gives it,
 * else from one get()), and the root secret wrapped under it. Nothing is stored unless it all worked.
 */
export const registerPasskey = async (db: string, scope: WebAuthnScope = globalThis): Promise<PasskeyOutcome> => {
  const browser = await ready(scope);
  if (!browser) return { ok: false, problem: 'unavailable' };
  const { credentials, rpId } = browser;
  const salt = random(32);
  try {
    const credential = (await credentials.create({
      publicKey: {
        rp: { id: rpId, name: 'Sillon' },
        // What the tablet's passkey list shows: no advisor's name or e-mail (the tablet is shared).
        user: { id: await userHandle(db), name: 'Sillon', displayName: 'Sillon' },
        challenge: random(32),
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: {
          authenticatorAttachment: 'platform',
          residentKey: 'preferred',
          userVerification: 'required',
        },
        attestation: 'none',
        timeout: TIMEOUT_MS,
        extensions: { prf: { eval: { first: salt } } },
      },
    })) as PublicKeyCredential | null;
    if (!credential) return { ok: false, problem: 'failed' };
    const created = prfOf(credential);
    if (created.enabled === false) return { ok: false, problem: 'no-prf' };
    const id = new Uint8Array(credential.rawId);
    const output = created.first ?? (await evaluate(credentials, rpId, id, salt));
    if (!output) return { ok: false, problem: 'no-prf' };
    await addPasskeyCopy(db, { credentialId: toBase64url(id), salt: toBase64(salt) }, output);
    output.fill(0);
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
};

/**
 * The lock screen's « Déverrouiller avec l'empreinte / le code de la tablette » (from a tap: some
 * platforms refuse WebAuthn without one). A cancelled or failed passkey counts no wrong attempt.
 */
export const unlockWithPasskey = async (db: string, scope: WebAuthnScope = globalThis): Promise<PasskeyOutcome> => {
  const passkey = passkeyOf(db);
  if (!passkey) return { ok: false, problem: 'none' };
  const browser = await ready(scope);
  if (!browser) return { ok: false, problem: 'unavailable' };
  try {
    const output = await evaluate(
      browser.credentials,
      browser.rpId,
      fromBase64url(passkey.credentialId),
      fromBase64(passkey.salt),
    );
    if (!output) return { ok: false, problem: 'failed' };
    const result = await unlockWithPrf(db, output);
    output.fill(0);
    return result.ok ? { ok: true } : { ok: false, problem: result.reason === 'none' ? 'none' : 'failed' };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
};

/**
 * « Retirer » in the settings: the passkey's copy is deleted; the browser is told the passkey is no
 * longer used, so that the tablet may drop it from its list (where it can: signalUnknownCredential).
 */
export const removePasskey = async (db: string, scope: WebAuthnScope = globalThis): Promise<void> => {
  const passkey = passkeyOf(db);
  removePasskeyCopy(db);
  const statics = scope.PublicKeyCredential as PublicKeyCredentialStatics | undefined;
  const rpId = scope.location?.hostname;
  if (!passkey || !rpId || !statics?.signalUnknownCredential) return;
  await statics.signalUnknownCredential({ rpId, credentialId: passkey.credentialId }).catch(() => undefined);
};
