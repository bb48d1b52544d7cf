// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { PASSWORD_PARAMS, createPasswordHasher, passwords } from './crypto';

describe('password hashing', () => {
  it('hashes at OWASP’s minimum for scrypt (N=2^17, r=8, p=1), salted', async () => {
    expect(PASSWORD_PARAMS).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const a = await passwords.hash('un mot de passe long');
    const b = await passwords.hash('un mot de passe long');
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await passwords.verify('un mot de passe long', a)).toEqual({ ok: true, rehash: false });
    expect(await passwords.verify('un mot de passe Long', a)).toEqual({ ok: false, rehash: false });
  });

  it('asks for a rehash of a hash made at an older, weaker cost, once the password is right', async () => {
    const old = await createPasswordHasher({ N: 2 ** 15, r: 8, p: 1 }).hash('ancien secret');
    expect(await passwords.verify('ancien secret', old)).toEqual({ ok: true, rehash: true });
    expect(await passwords.verify('pas le bon', old)).toEqual({ ok: false, rehash: false });
  });

  it('refuses a stored hash asking for absurd parameters instead of spending gigabytes on it', async () => {
    const good = await createPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }).hash('x');
    const [, , r, p, salt, key] = good.split('$');
    for (const n of [2 ** 30, 3000, 0, -1, Number.NaN]) {
      expect(await passwords.verify('x', ['scrypt', n, r, p, salt, key].join('$'))).toEqual({
        ok: false,
        rehash: false,
      });
    }
    expect(await passwords.verify('x', 'bcrypt$2b$10$abc')).toEqual({ ok: false, rehash: false });
    expect(await passwords.verify('x', `${good}$extra`)).toEqual({ ok: false, rehash: false });
  });

  it('checks an unknown account against a real hash at today’s cost, made once', async () => {
    const dummy = await passwords.dummyHash();
    expect(dummy).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await passwords.dummyHash()).toBe(dummy);
    await expect(passwords.verifyDummy('quelconque')).resolves.toBeUndefined();
    expect(await passwords.verify('quelconque', dummy)).toEqual({ ok: false, rehash: false });
  });
});
