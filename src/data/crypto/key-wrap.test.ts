// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { newRootSecret } from './account-keys';
import {
  PBKDF2_ITERATIONS,
  unwrapWithKey,
  unwrapWithPrf,
  unwrapWithSecret,
  wrapWithKey,
  wrapWithPrf,
  wrapWithSecret,
} from './key-wrap';

// The real iteration count once; the other cases use fewer (the derivation is the same code).
const FAST = 1_000;

describe('key wrapping', () => {
  it('round trip with the code at the real iteration count', async () => {
    const root = newRootSecret();
    const wrap = await wrapWithSecret(root, '428163', 'sillon', 'code');
    expect(wrap.iterations).toBe(PBKDF2_ITERATIONS);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(await unwrapWithSecret(wrap, '428163', 'sillon')).toEqual(root);
  });

  it('a wrong code or password gives nothing', async () => {
    const root = newRootSecret();
    const code = await wrapWithSecret(root, '428163', 'sillon', 'code', FAST);
    expect(await unwrapWithSecret(code, '428164', 'sillon')).toBeNull();
    expect(await unwrapWithSecret(code, '', 'sillon')).toBeNull();
    const password = await wrapWithSecret(root, 'un mot de passe', 'sillon', 'password', FAST);
    expect(await unwrapWithSecret(password, 'un mot de passe ', 'sillon')).toBeNull();
    expect(await unwrapWithSecret(password, 'un mot de passe', 'sillon')).toEqual(root);
  });

  it('the stored copy holds neither the secret nor the root in clear', async () => {
    const root = newRootSecret();
    const wrap = await wrapWithSecret(root, '428163', 'sillon', 'code', FAST);
    const text = JSON.stringify(wrap);
    expect(text).not.toContain('428163');
    expect(text).not.toContain(Buffer.from(root).toString('base64'));
    expect(Buffer.from(wrap.data, 'base64').length).toBe(32 + 16); // root + GCM tag
  });

  it('each wrap stands alone: its own salt and IV, and erasing one leaves the others', async () => {
    const root = newRootSecret();
    const device = crypto.getRandomValues(new Uint8Array(32));
    const a = await wrapWithSecret(root, '428163', 'sillon', 'code', FAST);
    const b = await wrapWithSecret(root, '428163', 'sillon', 'code', FAST);
    const p = await wrapWithSecret(root, 'un mot de passe', 'sillon', 'password', FAST);
    const d = await wrapWithKey(root, device, 'sillon', 'device');
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    // Only the password and the device copies are left (the code's erased): both still open.
    expect(await unwrapWithSecret(p, 'un mot de passe', 'sillon')).toEqual(root);
    expect(await unwrapWithKey(d, device, 'sillon')).toEqual(root);
    expect(await unwrapWithKey(d, crypto.getRandomValues(new Uint8Array(32)), 'sillon')).toBeNull();
  });

  it('a copy belongs to one account database and one kind: moved elsewhere it does not open', async () => {
    const root = newRootSecret();
    const wrap = await wrapWithSecret(root, '428163', 'sillon', 'code', FAST);
    expect(await unwrapWithSecret(wrap, '428163', 'sillon-anonyme-1')).toBeNull();
    expect(await unwrapWithSecret({ ...wrap, kind: 'password' }, '428163', 'sillon')).toBeNull();
    const device = crypto.getRandomValues(new Uint8Array(32));
    const d = await wrapWithKey(root, device, 'sillon', 'device');
    expect(await unwrapWithKey({ ...d, kind: 'passkey' }, device, 'sillon')).toBeNull();
  });

  it('a tampered copy does not open (GCM tag)', async () => {
    const root = newRootSecret();
    const wrap = await wrapWithSecret(root, '428163', 'sillon', 'code', FAST);
    const data = Buffer.from(wrap.data, 'base64');
    data[0] = data[0]! ^ 1;
    expect(await unwrapWithSecret({ ...wrap, data: data.toString('base64') }, '428163', 'sillon')).toBeNull();
  });

  describe('under a passkey’s PRF output (a fake 32-byte output: the authenticator is the e2e test’s)', () => {
    const prf = () => crypto.getRandomValues(new Uint8Array(32));

    it('round trip; another PRF output, another account or a tampered copy give nothing', async () => {
      const root = newRootSecret();
      const output = prf();
      const wrap = await wrapWithPrf(root, output, 'sillon');
      expect(wrap.kind).toBe('passkey');
      expect(wrap.salt).toBeUndefined();
      expect(await unwrapWithPrf(wrap, output, 'sillon')).toEqual(root);
      expect(await unwrapWithPrf(wrap, prf(), 'sillon')).toBeNull();
      expect(await unwrapWithPrf(wrap, output, 'sillon-anonyme-1')).toBeNull();
      const data = Buffer.from(wrap.data, 'base64');
      data[5] = data[5]! ^ 1;
      expect(await unwrapWithPrf({ ...wrap, data: data.toString('base64') }, output, 'sillon')).toBeNull();
      // Neither the PRF output nor the root is in the stored copy.
      const text = JSON.stringify(wrap);
      expect(text).not.toContain(Buffer.from(output).toString('base64'));
      expect(text).not.toContain(Buffer.from(root).toString('base64'));
    });

    it('the PRF output is not the key: a device copy under the same 32 bytes is another copy', async () => {
      const root = newRootSecret();
      const output = prf();
      const d = await wrapWithKey(root, output, 'sillon', 'device');
      // Passed off as a passkey copy, or opened as one, it does not open (HKDF, and the kind in the AAD).
      expect(await unwrapWithPrf({ ...d, kind: 'passkey' }, output, 'sillon')).toBeNull();
      const p = await wrapWithPrf(root, output, 'sillon');
      expect(await unwrapWithKey({ ...p, kind: 'device' }, output, 'sillon')).toBeNull();
      expect(await unwrapWithPrf({ ...p, kind: 'device' }, output, 'sillon')).toBeNull();
    });

    it('an output that is not 32 bytes is refused', async () => {
      await expect(wrapWithPrf(newRootSecret(), new Uint8Array(16), 'sillon')).rejects.toThrow(/32 bytes/);
    });
  });
});
