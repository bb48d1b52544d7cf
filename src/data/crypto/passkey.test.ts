import { describe, expect, it } from 'vitest';

import { passkeyUnlockAvailable } from './passkey';

const browser = (statics: unknown, isSecureContext = true) => ({ PublicKeyCredential: statics, isSecureContext });

describe('passkeyUnlockAvailable', () => {
  it('no WebAuthn, or not a secure context: no', async () => {
    expect(await passkeyUnlockAvailable({})).toBe(false);
    expect(
      await passkeyUnlockAvailable(
        browser({ getClientCapabilities: async () => ({ 'extension:prf': true }) }, false),
      ),
    ).toBe(false);
  });

  it('WebAuthn without getClientCapabilities (cannot tell about PRF): no', async () => {
    expect(
      await passkeyUnlockAvailable(browser({ isUserVerifyingPlatformAuthenticatorAvailable: async () => true })),
    ).toBe(false);
  });

  it('PRF announced with a platform authenticator: yes; without one: no', async () => {
    expect(
      await passkeyUnlockAvailable(
        browser({
          getClientCapabilities: async () => ({ 'extension:prf': true, userVerifyingPlatformAuthenticator: true }),
        }),
      ),
    ).toBe(true);
    expect(
      await passkeyUnlockAvailable(
        browser({
          getClientCapabilities: async () => ({ 'extension:prf': true }),
          isUserVerifyingPlatformAuthenticatorAvailable: async () => false,
        }),
      ),
    ).toBe(false);
    expect(
      await passkeyUnlockAvailable(
        browser({
          getClientCapabilities: async () => ({ 'extension:prf': true }),
          isUserVerifyingPlatformAuthenticatorAvailable: async () => true,
        }),
      ),
    ).toBe(true);
  });

  it('PRF not announced, or the browser throws: no', async () => {
    expect(
      await passkeyUnlockAvailable(
        browser({
          getClientCapabilities: async () => ({ 'extension:prf': false, userVerifyingPlatformAuthenticator: true }),
        }),
      ),
    ).toBe(false);
    expect(
      await passkeyUnlockAvailable(
        browser({
          getClientCapabilities: async () => {
            throw new Error('NotAllowedError');
          },
        }),
      ),
    ).toBe(false);
  });
});
