// The tablet's own unlock (WebAuthn with the PRF extension), a second way besides the code where the
// browser offers it: a passkey's PRF output (32 bytes, bound to the device's authenticator) would wrap
// the root secret like the device key does (src/data/crypto/key-wrap.ts, kind 'passkey'). Only the
// detection is built (docs/architecture.md, « Verrouillage et clés »): registration and use need a
// real authenticator, which the headless tests here cannot give.

interface PublicKeyCredentialStatics {
  getClientCapabilities?: () => Promise<Record<string, boolean | undefined>>;
  isUserVerifyingPlatformAuthenticatorAvailable?: () => Promise<boolean>;
}

/**
 * Whether this browser can unlock with a passkey's PRF: WebAuthn present, a platform authenticator
 * that verifies its user, and the PRF extension announced by getClientCapabilities (a browser that
 * cannot say is taken as unable: the code is always there).
 */
export const passkeyUnlockAvailable = async (
  scope: { PublicKeyCredential?: unknown; isSecureContext?: boolean } = globalThis,
): Promise<boolean> => {
  const statics = scope.PublicKeyCredential as PublicKeyCredentialStatics | undefined;
  if (!statics || scope.isSecureContext === false) return false;
  try {
    const capabilities = await statics.getClientCapabilities?.();
    if (!capabilities || capabilities['extension:prf'] !== true) return false;
    if (capabilities.userVerifyingPlatformAuthenticator === true) return true;
    return (await statics.isUserVerifyingPlatformAuthenticatorAvailable?.()) === true;
  } catch {
    return false;
  }
};
