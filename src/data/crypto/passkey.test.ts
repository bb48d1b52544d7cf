import { beforeEach, describe, expect, it } from 'vitest';

import { accountKeys, accountKeysOpen } from './account-keys';
import {
  chooseCode,
  enrolAtSignIn,
  hasPasskey,
  lockNow,
  lockStep,
  unlockWithCode,
  unlockWithPassword,
  unlockWithPrf,
} from './lock';
import { readLock } from './lock-store';
import { passkeyUnlockAvailable, registerPasskey, removePasskey, unlockWithPasskey } from './passkey';

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

/**
 * A stand-in for the browser's WebAuthn with one platform authenticator (the real ceremony runs in
 * tests/e2e/passkey.test.ts under Chromium's virtual authenticator): its PRF is HMAC-SHA-256 of the
 * salt under a per-credential secret, as CTAP's hmac-secret is. `prf`: 'create' gives the output at
 * creation, 'get' only at an assertion, 'none' is an authenticator without PRF.
 */
class FakeAuthenticator {
  secrets = new Map<string, Uint8Array<ArrayBuffer>>();
  gets = 0;
  signalled: string[] = [];
  refuse = false;
  constructor(private readonly prf: 'create' | 'get' | 'none') {}

  private async output(id: string, salt: BufferSource) {
    const key = await crypto.subtle.importKey('raw', this.secrets.get(id)!, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    return crypto.subtle.sign('HMAC', key, salt);
  }

  private credential(id: Uint8Array, prf: AuthenticationExtensionsPRFOutputs) {
    return { rawId: id.buffer, getClientExtensionResults: () => ({ prf }) } as unknown as PublicKeyCredential;
  }

  scope(hostname = 'localhost') {
    return {
      isSecureContext: true,
      location: { hostname },
      PublicKeyCredential: {
        getClientCapabilities: async () => ({ 'extension:prf': true, userVerifyingPlatformAuthenticator: true }),
        signalUnknownCredential: async ({ credentialId }: { credentialId: string }) => {
          this.signalled.push(credentialId);
        },
      },
      navigator: {
        credentials: {
          create: async (options?: CredentialCreationOptions) => {
            const publicKey = options!.publicKey!;
            expect(publicKey.rp.id).toBe(hostname);
            expect(publicKey.authenticatorSelection).toMatchObject({
              residentKey: 'preferred',
              userVerification: 'required',
            });
            const id = crypto.getRandomValues(new Uint8Array(16));
            this.secrets.set(Buffer.from(id).toString('hex'), crypto.getRandomValues(new Uint8Array(32)));
            if (this.prf === 'none') return this.credential(id, { enabled: false });
            if (this.prf === 'get') return this.credential(id, { enabled: true });
            const first = await this.output(Buffer.from(id).toString('hex'), publicKey.extensions!.prf!.eval!.first);
            return this.credential(id, { enabled: true, results: { first } });
          },
          get: async (options?: CredentialRequestOptions) => {
            this.gets++;
            if (this.refuse) throw new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError');
            const publicKey = options!.publicKey!;
            expect(publicKey.userVerification).toBe('required');
            const id = new Uint8Array(publicKey.allowCredentials![0]!.id as ArrayBuffer);
            const first = await this.output(Buffer.from(id).toString('hex'), publicKey.extensions!.prf!.eval!.first);
            return this.credential(id, { results: { first } });
          },
        },
      },
    };
  }
}

const DB = 'sillon-compte-1';
const PASSWORD = 'un mot de passe';
const deviceKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
const signedIn = async () => {
  await enrolAtSignIn(DB, { password: PASSWORD, deviceKey });
  expect(await chooseCode(DB, '428163')).toBeUndefined();
  return accountKeys(DB).root.slice();
};

describe('the passkey’s copy of the root secret', () => {
  beforeEach(async () => {
    localStorage.clear();
    await lockNow();
  });

  it('an IP address cannot be a passkey’s domain: not offered there', async () => {
    const authenticator = new FakeAuthenticator('create');
    expect(await passkeyUnlockAvailable(authenticator.scope('localhost'))).toBe(true);
    expect(await passkeyUnlockAvailable(authenticator.scope('192.168.1.20'))).toBe(false);
    expect(await passkeyUnlockAvailable(authenticator.scope('[::1]'))).toBe(false);
  });

  it('registered (PRF output at creation), it opens the same root after a lock; nothing secret is stored', async () => {
    const root = await signedIn();
    const authenticator = new FakeAuthenticator('create');
    expect(await registerPasskey(DB, authenticator.scope())).toEqual({ ok: true });
    expect(authenticator.gets).toBe(0);
    expect(hasPasskey(DB)).toBe(true);
    const lock = readLock(DB)!;
    expect(Object.keys(lock.copies).sort()).toEqual(['code', 'device', 'passkey', 'password']);
    expect(lock.passkey!.credentialId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(localStorage)).not.toContain(Buffer.from(root).toString('base64'));
    await lockNow();
    expect(await unlockWithPasskey(DB, authenticator.scope())).toEqual({ ok: true });
    expect(accountKeys(DB).root).toEqual(root);
  });

  it('an authenticator that gives the PRF output only at an assertion: one get() at registration', async () => {
    const root = await signedIn();
    const authenticator = new FakeAuthenticator('get');
    expect(await registerPasskey(DB, authenticator.scope())).toEqual({ ok: true });
    expect(authenticator.gets).toBe(1);
    await lockNow();
    expect(await unlockWithPasskey(DB, authenticator.scope())).toEqual({ ok: true });
    expect(accountKeys(DB).root).toEqual(root);
  });

  it('an authenticator without PRF: said so, nothing stored, the code stays', async () => {
    await signedIn();
    expect(await registerPasskey(DB, new FakeAuthenticator('none').scope())).toEqual({ ok: false, problem: 'no-prf' });
    expect(hasPasskey(DB)).toBe(false);
    expect(readLock(DB)!.copies.passkey).toBeUndefined();
    expect(readLock(DB)!.copies.code).toBeDefined();
  });

  it('a cancelled passkey is not a wrong code: no attempt counted, the code still opens', async () => {
    const root = await signedIn();
    const authenticator = new FakeAuthenticator('create');
    await registerPasskey(DB, authenticator.scope());
    await lockNow();
    expect(await unlockWithCode(DB, '000001')).toMatchObject({ failures: 1 });
    authenticator.refuse = true;
    for (let i = 0; i < 6; i++)
      expect(await unlockWithPasskey(DB, authenticator.scope())).toEqual({ ok: false, problem: 'cancelled' });
    expect(readLock(DB)!.failures).toBe(1);
    // Another authenticator's PRF output does not open the copy, and counts nothing either.
    expect(await unlockWithPrf(DB, crypto.getRandomValues(new Uint8Array(32)))).toEqual({ ok: false, reason: 'mismatch' });
    expect(readLock(DB)!.failures).toBe(1);
    expect(accountKeysOpen(DB)).toBe(false);
    expect(await unlockWithCode(DB, '428163')).toEqual({ ok: true });
    expect(accountKeys(DB).root).toEqual(root);
  });

  it('opens at the password step too (a passkey is not guessed), and forgets the wrong attempts', async () => {
    await signedIn();
    const authenticator = new FakeAuthenticator('create');
    await registerPasskey(DB, authenticator.scope());
    await lockNow();
    for (let i = 0; i < 5; i++) await unlockWithCode(DB, '000001');
    expect(lockStep(DB)).toBe('password');
    expect(await unlockWithPasskey(DB, authenticator.scope())).toEqual({ ok: true });
    expect(readLock(DB)!.failures).toBe(0);
  });

  it('removed in the settings: its copy is deleted and the browser told; the code stays', async () => {
    await signedIn();
    const authenticator = new FakeAuthenticator('create');
    await registerPasskey(DB, authenticator.scope());
    const { credentialId } = readLock(DB)!.passkey!;
    await removePasskey(DB, authenticator.scope());
    expect(readLock(DB)!.copies.passkey).toBeUndefined();
    expect(readLock(DB)!.passkey).toBeUndefined();
    expect(authenticator.signalled).toEqual([credentialId]);
    await lockNow();
    expect(await unlockWithPasskey(DB, authenticator.scope())).toEqual({ ok: false, problem: 'none' });
    expect(authenticator.gets).toBe(0);
    expect(await unlockWithCode(DB, '428163')).toEqual({ ok: true });
  });

  it('10 wrong attempts erase it with the code’s and password’s copies; an online sign-in keeps a recovered one', { timeout: 60_000 }, async () => {
    await signedIn();
    const authenticator = new FakeAuthenticator('create');
    await registerPasskey(DB, authenticator.scope());
    // Kept across an online sign-in that recovers the same root.
    await enrolAtSignIn(DB, { password: PASSWORD, deviceKey });
    expect(hasPasskey(DB)).toBe(true);
    await lockNow();
    for (let i = 0; i < 5; i++) await unlockWithCode(DB, '000001');
    for (let i = 0; i < 5; i++) await unlockWithPassword(DB, 'non');
    expect(lockStep(DB)).toBe('erased');
    expect(hasPasskey(DB)).toBe(false);
    expect(Object.keys(readLock(DB)!.copies)).toEqual(['device']);
    expect(await unlockWithPasskey(DB, authenticator.scope())).toEqual({ ok: false, problem: 'none' });
  });
});
