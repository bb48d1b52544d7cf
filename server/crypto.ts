import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters: N (CPU/memory cost, a power of two), r (block size), p (parallelism). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP's current minimum for scrypt (Password Storage Cheat Sheet): N=2^17, r=8, p=1, i.e. 128 MiB
 * and a few hundred milliseconds per hash. Older hashes (N=2^15) are upgraded at the next sign-in.
 */
export const PASSWORD_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** Bounds on what a stored hash may ask for: a tampered row must not make one check cost gigabytes. */
const sane = ({ N, r, p }: ScryptParams): boolean =>
  Number.isInteger(N) &&
  N >= 2 ** 10 &&
  N <= 2 ** 20 &&
  (N & (N - 1)) === 0 &&
  Number.isInteger(r) &&
  r >= 1 &&
  r <= 16 &&
  Number.isInteger(p) &&
  p >= 1 &&
  p <= 4;

const derive = (password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> =>
  new Promise((ok, fail) => {
    // scrypt needs 128·N·r bytes (plus a little): Node's default maxmem (32 MiB) refuses N=2^17.
    const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * params.p * 2 };
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? fail(error) : ok(key),
    );
  });

const format = (params: ScryptParams, salt: Buffer, key: Buffer): string =>
  `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;

export interface PasswordCheck {
  ok: boolean;
  /** The hash was made with weaker parameters than today's: store a new one (the password is right). */
  rehash: boolean;
}

export interface PasswordHasher {
  readonly params: ScryptParams;
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<PasswordCheck>;
  /**
   * What an unknown e-mail address is checked against: a real hash at today's cost, made once per
   * process, so that a sign-in for an address without an account takes as long as a wrong password.
   */
  verifyDummy(password: string): Promise<void>;
  dummyHash(): Promise<string>;
}

export const createPasswordHasher = (params: ScryptParams = PASSWORD_PARAMS): PasswordHasher => {
  const hash = async (password: string): Promise<string> => {
    const salt = randomBytes(SALT_LENGTH);
    return format(params, salt, await derive(password, salt, params));
  };
  const verify = async (password: string, stored: string): Promise<PasswordCheck> => {
    const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
    const found = { N: Number(n), r: Number(r), p: Number(p) };
    if (scheme !== 'scrypt' || !salt || !key || rest.length || !sane(found))
      return { ok: false, rehash: false };
    const expected = Buffer.from(key, 'base64');
    const actual = await derive(password, Buffer.from(salt, 'base64'), found);
    const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
    const weaker = found.N < params.N || found.r < params.r || found.p < params.p;
    return { ok, rehash: ok && weaker };
  };
  let dummy: Promise<string> | undefined;
  const dummyHash = (): Promise<string> => (dummy ??= hash(randomBytes(24).toString('base64')));
  const verifyDummy = async (password: string): Promise<void> => {
    await verify(password, await dummyHash());
  };
  return { params, hash, verify, verifyDummy, dummyHash };
};

/** The server's hasher at today's cost. */
export const passwords = createPasswordHasher();
export const hashPassword = (password: string): Promise<string> => passwords.hash(password);

/** A device token: 32 random bytes; only its SHA-256 is stored, so a database leak does not leak tokens. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The one-time setup code printed on first start: short enough to type, long enough not to guess. */
export const newSetupCode = (): string => {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
};

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/**
 * A typed code (setup or invitation, letters and digits) as it is hashed: upper case, without the
 * spaces, dashes or anything else a person may type between its groups.
 */
export const normaliseCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
