// The seam between the lock (which turns a code, a password or a server-held copy into the account's
// root secret) and encryption at rest (which derives from that secret the keys that encrypt personal
// fields and hash search tokens). The root secret is 32 random bytes made once per account database;
// it is held in memory only while Sillon is unlocked, and never stored in clear.
//
// Who calls what: the lock calls openAccountKeys() after a successful unlock and closeAccountKeys()
// when it locks; encryption at rest calls accountKeys() (throws AccountLockedError while locked).

export const ROOT_SECRET_BYTES = 32;

export interface AccountKeys {
  /** The account database these keys belong to. */
  readonly db: string;
  /** The 32-byte root secret; encryption derives its own keys from it (HKDF, one label per use). */
  readonly root: Uint8Array;
}

export class AccountLockedError extends Error {
  constructor(db?: string) {
    super(db ? `Sillon est verrouillé (${db})` : 'Sillon est verrouillé');
    this.name = 'AccountLockedError';
  }
}

let current: AccountKeys | null = null;
const listeners = new Set<(open: AccountKeys | null) => void>();

const notify = (): void => {
  for (const listener of listeners) listener(current);
};

/** After an unlock: holds the account's root secret in memory. */
export const openAccountKeys = (db: string, root: Uint8Array): void => {
  if (root.byteLength !== ROOT_SECRET_BYTES) throw new Error(`root secret must be ${ROOT_SECRET_BYTES} bytes`);
  current = { db, root: root.slice() };
  notify();
};

/** On lock, sign-out or wipe: forgets the secret (the copy is zeroed). */
export const closeAccountKeys = (): void => {
  if (!current) return;
  current.root.fill(0);
  current = null;
  notify();
};

/** The open keys of `db`, or AccountLockedError. */
export const accountKeys = (db: string): AccountKeys => {
  if (!current || current.db !== db) throw new AccountLockedError(db);
  return current;
};

export const accountKeysOpen = (db: string): boolean => current?.db === db;

export const onAccountKeysChange = (listener: (open: AccountKeys | null) => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** A new random root secret (a new account database on this device). */
export const newRootSecret = (): Uint8Array => crypto.getRandomValues(new Uint8Array(ROOT_SECRET_BYTES));
