// A tab still running an older version of the app must not hold up the new version opened in
// another tab: when the other tab asks to upgrade (or delete) the database, this one writes what its
// forms hold, closes its database for good (older code must not write into the newer schema), and
// asks the advisor to reload. Dexie's default would reopen the database at the next query, on code
// that no longer matches it (https://dexie.org/docs/Dexie/Dexie.on.versionchange).
import type Dexie from 'dexie';

type Listener = () => void;

/** How long the drafts may take to reach IndexedDB before the database closes (the other tab waits). */
const FLUSH_LIMIT_MS = 1500;

let beforeClose: (() => Promise<void> | void) | undefined;
let outdated = false;
const listeners = new Set<Listener>();

/** What to save before the database closes (the app passes the forms' draft flush). */
export const setBeforeSchemaClose = (fn: (() => Promise<void> | void) | undefined): void => {
  beforeClose = fn;
};

/** True once this tab's database was closed for a newer version: the page must be reloaded. */
export const isSchemaOutdated = (): boolean => outdated;

export const onSchemaOutdated = (listener: Listener): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Installed on every database (src/data/db.ts); returns false to replace Dexie's default. */
export const handleVersionChange = (db: Dexie): false => {
  void (async () => {
    try {
      await Promise.race([beforeClose?.(), new Promise((resolve) => setTimeout(resolve, FLUSH_LIMIT_MS))]);
    } catch {
      // The drafts could not be written: closing must not wait for them.
    }
    db.close({ disableAutoOpen: true });
    outdated = true;
    for (const listener of listeners) listener();
  })();
  return false;
};
