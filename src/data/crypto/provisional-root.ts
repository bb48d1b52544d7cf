// PROVISIONAL (until the lock of issue 14 lands): the account database's root secret, made at random
// the first time the database is opened on this device and kept IN CLEAR in Local Storage, apart from
// the database. It lets encryption at rest work while Sillon has no lock yet; it protects nothing
// against someone who copies the whole browser profile. The lock replaces this file: it opens the
// root secret with a code or password (account-keys.ts), and root-secret.ts stops falling back here.
import { newRootSecret, ROOT_SECRET_BYTES } from './account-keys';

const PREFIX = 'sillon.provisional-root:';

/** Where there is no Local Storage (a worker, a test runner): this process's memory only. */
const inMemory = new Map<string, Uint8Array>();

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

const toHex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

const fromHex = (hex: string): Uint8Array | undefined => {
  if (!/^[0-9a-f]+$/.test(hex) || hex.length !== ROOT_SECRET_BYTES * 2) return undefined;
  return new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
};

/** The provisional root secret of `db`, made and kept on first use. */
export const provisionalRoot = (db: string): Uint8Array => {
  const held = inMemory.get(db);
  if (held) return held;
  const store = storage();
  const root = fromHex(store?.getItem(PREFIX + db) ?? '') ?? newRootSecret();
  store?.setItem(PREFIX + db, toHex(root));
  inMemory.set(db, root);
  return root;
};

/** The provisional root of `db` if one was made, without making one (the lock adopts it at sign-in). */
export const storedProvisionalRoot = (db: string): Uint8Array | undefined =>
  inMemory.get(db) ?? fromHex(storage()?.getItem(PREFIX + db) ?? '');

/** Forgets the provisional root of `db` (its database was erased, or the lock now wraps it). */
export const forgetProvisionalRoot = (db: string): void => {
  inMemory.delete(db);
  storage()?.removeItem(PREFIX + db);
};
