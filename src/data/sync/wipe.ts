// Remote wipe (docs/sync-protocol.md, « Remote wipe »): a coordinateur revoking a lost tablet chose
// « effacer ». At its next contact the server answers 401 `device_wiped` to anything but a push: the
// tablet pushes what it still may (nothing typed and sendable is lost), tells the server it erased
// itself, then erases this account's database — records, outbox, drafts, blobs, its token — its
// unload copies of drafts, and its place in the account registry, and leaves a notice (a date, no
// personal data) that the sign-in screen shows. The lock's wrapped copies of its root secret and the
// reload copy are erased too, and its keys closed.
import { lockNow } from '../crypto/lock';
import { eraseLock } from '../crypto/lock-store';
import { SillonDB } from '../db';
import { forgetProvisionalRoot } from '../crypto/provisional-root';
import { draftBackupKeys } from '../drafts';
import { readRegistry, writeRegistry } from './accounts';

const WIPED_KEY = 'sillon.wiped';

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

/** Erases everything this tablet holds for the account whose database `db` is. */
export const wipeAccount = async (db: SillonDB, now: Date = new Date()): Promise<void> => {
  const name = db.name;
  const registry = readRegistry();
  for (const [userId, owner] of Object.entries(registry.owners)) if (owner.db === name) delete registry.owners[userId];
  if (registry.active && !registry.owners[registry.active]) delete registry.active;
  writeRegistry(registry);
  const store = storage();
  for (const key of draftBackupKeys()) if (key.startsWith(`sillon:draft:${name}:`)) store?.removeItem(key);
  eraseLock(name);
  await lockNow();
  db.close();
  await SillonDB.delete(name);
  forgetProvisionalRoot(name);
  store?.setItem(WIPED_KEY, now.toISOString());
};

let taken: { at: string | undefined } | undefined;
/**
 * When this tablet erased an account at a coordinateur's request: read once per page load (the
 * stored notice is then removed; a second reader in the same page gets the same answer).
 */
export const takeWipeNotice = (): string | undefined => {
  if (taken) return taken.at;
  const store = storage();
  const at = store?.getItem(WIPED_KEY) ?? undefined;
  if (at) store?.removeItem(WIPED_KEY);
  taken = { at };
  return at;
};
