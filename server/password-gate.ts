// Every place where someone proves they know an account's password (sign-in, accepting an
// invitation, changing one's own password) goes through here: throttled per account and address
// (server/throttle.ts), the same cost for an unknown address as for a wrong password, and an old
// hash upgraded to today's cost once the password is known to be right.
import { addressBucket } from './client-address';
import type { AccountStore } from './accounts';
import type { PasswordHasher } from './crypto';
import { HttpError } from './errors';
import type { Store } from './store';
import type { Throttle, ThrottleKey } from './throttle';

export interface GateUser {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  /** The invitation this very check just made the account from (its first sign-in). */
  createdFrom?: string;
}

export const rateLimited = (waitMs: number): HttpError => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new HttpError(
    429,
    'rate_limited',
    seconds < 60
      ? `Trop d’essais : réessayez dans ${seconds} secondes.`
      : `Trop d’essais : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    { retryAfter: seconds },
  );
};

export class PasswordGate {
  constructor(
    private readonly store: Store,
    private readonly throttle: Throttle,
    private readonly hasher: PasswordHasher,
    /** Invitations of people without an account yet: their provisional password makes the account. */
    private readonly accounts?: AccountStore,
  ) {}

  /**
   * The account if `password` is its password, else undefined (unknown address included, after the
   * same work). Throws 429 while a key is locked, before any hashing.
   */
  async check(input: {
    email: string;
    password: string;
    address: string;
    /** The device asking: a tablet already signed in to this account is not held by the account's lock. */
    deviceId?: string;
  }): Promise<GateUser | undefined> {
    const email = input.email.trim().toLowerCase();
    const place = addressBucket(input.address);
    const pair: ThrottleKey = { scope: 'pair', value: `${email}\u0000${place}` };
    const address: ThrottleKey = { scope: 'address', value: place };
    const account: ThrottleKey = { scope: 'account', value: email };
    const user = await this.store.findUserByEmail(email);
    const knownDevice = user && input.deviceId ? await this.store.isDeviceOf(input.deviceId, user.id) : false;
    const wait = await this.throttle.retryAfter(knownDevice ? [pair, address] : [pair, address, account]);
    if (wait > 0) throw rateLimited(wait);

    if (!user) {
      const pending = (await this.accounts?.pendingFor(email)) ?? [];
      for (const invitation of pending) {
        if (!(await this.hasher.verify(input.password, invitation.passwordHash)).ok) continue;
        await this.accounts!.createFromInvitation(email, invitation);
        await this.throttle.clear([pair, account]);
        const created = await this.store.findUserByEmail(email);
        return created && { ...created, createdFrom: invitation.id };
      }
      if (pending.length === 0) await this.hasher.verifyDummy(input.password);
      await this.throttle.fail([pair, address, account]);
      return undefined;
    }
    const check = await this.hasher.verify(input.password, user.password_hash);
    if (!check.ok) {
      await this.throttle.fail([pair, address, account]);
      return undefined;
    }
    await this.throttle.clear([pair, account]);
    if (check.rehash) {
      const upgraded = await this.hasher.hash(input.password);
      await this.store.upgradePasswordHash(user.id, user.password_hash, upgraded);
      return { ...user, password_hash: upgraded };
    }
    return user;
  }

  /** The one-time setup code: throttled per address like a password. */
  async checkSetup(address: string, ok: () => boolean): Promise<boolean> {
    const key: ThrottleKey = { scope: 'setup', value: addressBucket(address) };
    const wait = await this.throttle.retryAfter([key]);
    if (wait > 0) throw rateLimited(wait);
    if (ok()) return true;
    await this.throttle.fail([key]);
    return false;
  }
}
