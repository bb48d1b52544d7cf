// Which IndexedDB database belongs to which account on this device. A shared tablet keeps each
// advisor's data apart: one database per user. Data typed before the first sign-in lives in the
// "anonymous" database, which the next person to sign in adopts (nothing typed is lost).

const KEY = 'sillon.accounts';
const BASE = 'sillon';

export interface AccountRegistry {
  /** The signed-in user of this browser profile, if any. */
  active?: string;
  /**
   * userId → database name and e-mail (to find a returning user's database before sign-in), and the
   * account's and structure's names for the lock's « Changer de compte » (read before any database opens).
   */
  owners: Record<string, { db: string; email: string; name?: string; structureName?: string }>;
}

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

export const readRegistry = (): AccountRegistry => {
  try {
    const parsed = JSON.parse(storage()?.getItem(KEY) ?? 'null') as AccountRegistry | null;
    return parsed && typeof parsed === 'object' && parsed.owners ? parsed : { owners: {} };
  } catch {
    return { owners: {} };
  }
};

export const writeRegistry = (registry: AccountRegistry): void => {
  storage()?.setItem(KEY, JSON.stringify(registry));
};

/** The database no account owns yet: 'sillon' at first, then 'sillon-anonyme-N'. */
export const anonymousDatabaseName = (registry: AccountRegistry = readRegistry()): string => {
  const owned = new Set(Object.values(registry.owners).map((o) => o.db));
  if (!owned.has(BASE)) return BASE;
  for (let n = 1; ; n++) if (!owned.has(`${BASE}-anonyme-${n}`)) return `${BASE}-anonyme-${n}`;
};

/** The database the app opens: the signed-in user's, else the anonymous one. */
export const activeDatabaseName = (registry: AccountRegistry = readRegistry()): string =>
  (registry.active && registry.owners[registry.active]?.db) || anonymousDatabaseName(registry);

/** The database a person signing in with this e-mail will use (theirs, or the anonymous one they adopt). */
export const databaseForEmail = (email: string, registry: AccountRegistry = readRegistry()): string => {
  const normalized = email.trim().toLowerCase();
  const owner = Object.values(registry.owners).find((o) => o.email === normalized);
  return owner?.db ?? anonymousDatabaseName(registry);
};

/** Records that `userId` owns `db` and is now the active account. */
export const activateAccount = (
  userId: string,
  email: string,
  db: string,
  names: { name?: string; structureName?: string } = {},
): void => {
  const registry = readRegistry();
  registry.owners[userId] = { db, email: email.trim().toLowerCase(), ...names };
  registry.active = userId;
  writeRegistry(registry);
};

/** « Changer de compte »: another account of this tablet becomes the active one (after its unlock). */
export const switchAccount = (userId: string): void => {
  const registry = readRegistry();
  if (!registry.owners[userId]) return;
  registry.active = userId;
  writeRegistry(registry);
};

export const deactivateAccount = (): void => {
  const registry = readRegistry();
  delete registry.active;
  writeRegistry(registry);
};
