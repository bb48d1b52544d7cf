import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';

import { closeAccountKeys, newRootSecret, openAccountKeys } from './account-keys';
import { forgetSearchHashes, prefixHashes, queryHash, tokenHash } from './search-hash';

const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);

/** The hash as first stored (one full HMAC per token): the index keys must not change (no migration). */
const reference = (k: Uint8Array, token: string): string =>
  btoa(String.fromCharCode(...hmac(sha256, k, new TextEncoder().encode(token)).subarray(0, 12)));

describe('search hashes', () => {
  it('stay byte-identical to the values stored before the memo and the cloned key state', () => {
    // Pinned from the implementation of 4 December 2026 (hmac(sha256, key, token) per prefix).
    expect(prefixHashes(key, ['viguie', 'élodie', 'villeneuve-sur-lot', '0612345678', 'a'])).toEqual([
      'TIGVvLzD5XowadOQ', 'YPozaQhYd2awFzE9', 'l0zYwhHlV4WEeSHR', 'ga0s9kg6ySINpBna', 'OTefOdQZP1N72byR',
      'JefY6FxMOAwfTtb0', '5agiDz3WlmHdVvTy', 'yBYvbL/VyY8b4oBz', 'HsY9vB3y+qbzXyo/', 'zeBotmxdAr0UPy2A',
      'oJp1Av5BwyKMufpv', 'ctBsHzfB16Aophz8', 'Lhstet1SE8jKBsmX', '3fi7J4RFjdF8aPW0', 'UWILpvr8wzEUAxyb',
      'B+tgy4E5NumfLKAe', 'X4R63OMNFKx67+Kq', '4xckPpKjnwmRHM+a', 'dudWGPXGyn1X5nE4', 'SgtOWapOCrTShb8A',
      'aAl1y4W3UHgt+Xg5', 'b1buDWxaWUIB1vrO', 'GY95fbNOPE5lhDvS', 'Jqria2sYS0qSbcJC', 'SH1CH5NriQSVG96C',
      'CdRFPJZw+Pp5lm/J', 'cvPEExGUSJTkRarr',
    ]);
    expect(tokenHash(key, 'viguie elodie')).toBe('JNKT8qyPL1E726He');
    expect(tokenHash(key, '~')).toBe('QAczFCD8+D/dkKLk');
    expect(tokenHash(key, 'ß'.repeat(200))).toBe('qZDTC/Cq0zuP1hI6');
    expect(queryHash(key, 'villeneuve')).toBe('4xckPpKjnwmRHM+a');
  });

  it('give the reference hash whatever was hashed before, past the memo bound, across keys and locks', () => {
    const other = newRootSecret();
    const tokens = Array.from({ length: 25_000 }, (_, i) => (i * 7919).toString(36).padStart(4, 'é'));
    for (const [i, token] of tokens.entries()) {
      const k = i % 2 ? key : other;
      expect(tokenHash(k, token)).toBe(reference(k, token));
    }
    // Again (from the memo where it still holds them, recomputed where it dropped them).
    for (const token of [...tokens.slice(0, 50), ...tokens.slice(-50)]) expect(tokenHash(key, token)).toBe(reference(key, token));
    openAccountKeys('sillon-test', newRootSecret());
    closeAccountKeys();
    forgetSearchHashes();
    expect(tokenHash(key, tokens[3]!)).toBe(reference(key, tokens[3]!));
    expect(tokenHash(key, 'ab😀cdefgh')).toBe(reference(key, 'ab😀cdefgh'));
  });
});
