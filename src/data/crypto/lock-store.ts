// Where the lock keeps an account's wrapped copies of its root secret: localStorage, one entry per
// account database (`sillon.lock:<db>`), so that the lock screen reads them without opening that
// account's database (another account's data is never opened before its own unlock). Nothing in
// an entry opens without the code, the password, the server's device key or the passkey.
import type { WrapKind, WrappedRoot } from './key-wrap';

export interface AccountLock {
  v: 1;
  /** The copies this tablet holds (10 wrong codes leave only `device`). */
  copies: Partial<Record<WrapKind, WrappedRoot>>;
  /** Wrong codes and passwords in a row (src/domain/lock-code.ts: 5 → password, 10 → erased). */
  failures: number;
  /** The structure's idle time when last read (ms), for the lock at start-up before the database opens. */
  idleMs?: number;
  /** The passkey (WebAuthn PRF) of this account on this tablet, when one was registered. */
  passkey?: { credentialId: string; salt: string };
}

const PREFIX = 'sillon.lock:';

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

export const readLock = (db: string): AccountLock | undefined => {
  try {
    const parsed = JSON.parse(storage()?.getItem(PREFIX + db) ?? 'null') as AccountLock | null;
    return parsed && parsed.v === 1 && typeof parsed.copies === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
};

export const writeLock = (db: string, lock: AccountLock): void => {
  storage()?.setItem(PREFIX + db, JSON.stringify(lock));
};

/** Remote wipe: this account's copies go with its database. */
export const eraseLock = (db: string): void => {
  storage()?.removeItem(PREFIX + db);
};
