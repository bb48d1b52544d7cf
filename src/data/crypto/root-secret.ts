// Where encryption at rest takes an account database's root secret from: the lock's seam
// (account-keys.ts) when it holds this database's keys, else — until the lock lands — the
// provisional root (provisional-root.ts). The lock removes the fallback: then a locked database
// throws AccountLockedError on every read and write of a personal field.
//
// Since the lock landed: a database the lock holds (an account's, with wrapped copies) has no
// fallback — locked, it throws AccountLockedError. Only a database no account has locked yet (the
// anonymous one before the first sign-in, or an account signed in before the lock existed, until its
// next sign-in) still uses the provisional root; at sign-in the lock adopts it, wraps it and erases
// the clear copy (src/data/crypto/lock.ts enrolAtSignIn).
import { AccountLockedError, accountKeys, accountKeysOpen } from './account-keys';
import { readLock } from './lock-store';
import { provisionalRoot } from './provisional-root';

export const rootSecret = (db: string): Uint8Array => {
  if (accountKeysOpen(db)) return accountKeys(db).root;
  if (readLock(db)) throw new AccountLockedError(db);
  return provisionalRoot(db);
};
