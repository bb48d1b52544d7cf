// Where encryption at rest takes an account database's root secret from: the lock's seam
// (account-keys.ts) when it holds this database's keys, else — until the lock lands — the
// provisional root (provisional-root.ts). The lock removes the fallback: then a locked database
// throws AccountLockedError on every read and write of a personal field.
import { accountKeys, accountKeysOpen } from './account-keys';
import { provisionalRoot } from './provisional-root';

export const rootSecret = (db: string): Uint8Array =>
  accountKeysOpen(db) ? accountKeys(db).root : provisionalRoot(db);
