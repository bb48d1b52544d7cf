// Drafts: a form's state, written on every change (src/ui/use-form.ts), removed once the record is
// saved or the form abandoned. An edit's draft keeps its base (the record the form was opened from
// and its server version), so that a draft resumed days later is still saved against what the
// advisor saw, and shows what a colleague changed since.
import type { RecordMeta, SyncTable } from '../domain/records';
import { keysFor } from './crypto/keys';
import { openText, sealText } from './crypto/seal';
import type { Draft, SillonDB } from './db';

export const saveDraft = async (db: SillonDB, draft: Omit<Draft, 'updatedAt'>): Promise<void> => {
  await db.drafts.put({ ...draft, updatedAt: new Date().toISOString() });
};

export const getDraft = (db: SillonDB, id: string): Promise<Draft | undefined> => db.drafts.get(id);

export const deleteDraft = async (db: SillonDB, id: string): Promise<void> => {
  clearDraftBackup(db.name, id);
  await db.drafts.delete(id);
};

export const listDrafts = (db: SillonDB): Promise<Draft[]> => db.drafts.orderBy('updatedAt').reverse().toArray();

// ————————————————————————————————————————— the unload copy
//
// The IndexedDB draft is written asynchronously (debounced, flushed when the page hides), and
// Chromium may abort that write when the page unloads: a reload right after a keystroke would lose
// the last characters. So when the page unloads while a form's autosave is pending or under way, its
// draft is also copied synchronously into localStorage (without its base when the stored draft holds
// it) — and moved into IndexedDB (and out of localStorage) as soon as the app starts again, when the
// page comes back from the back-forward cache, or when a form is saved or abandoned. Personal data
// never stays there: the copy lives from the unload to the next start of the app, and it is sealed
// with the account's field key like the stored drafts (Local Storage's files keep removed values a
// while).

const PREFIX = 'sillon:draft:';
const keyOf = (dbName: string, id: string): string => `${PREFIX}${dbName}:${id}`;
const aadOf = (dbName: string, id: string): string => `draft-copy:${dbName}:${id}`;

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

/** Copies a draft synchronously (on pagehide): the one write the browser never aborts. */
export const writeDraftBackup = (dbName: string, draft: Omit<Draft, 'updatedAt'>): void => {
  try {
    const copy = { ...draft, updatedAt: new Date().toISOString() };
    storage()?.setItem(keyOf(dbName, draft.id), sealText(keysFor(dbName).field, copy, aadOf(dbName, draft.id)));
  } catch {
    // Storage full or unavailable, or Sillon locked: the IndexedDB draft still follows.
  }
};

/** The unload copy of draft `id`, opened; undefined when there is none or it does not open. */
export const readDraftBackup = (dbName: string, id: string): Draft | undefined => {
  try {
    const text = storage()?.getItem(keyOf(dbName, id));
    return text ? openText<Draft>(keysFor(dbName).field, text, aadOf(dbName, id)) : undefined;
  } catch {
    return undefined;
  }
};

export const clearDraftBackup = (dbName: string, id: string): void => {
  try {
    storage()?.removeItem(keyOf(dbName, id));
  } catch {
    // Nothing to clear.
  }
};

/** Keys of every unload copy in localStorage (whatever the database). */
export const draftBackupKeys = (): string[] => {
  const store = storage();
  if (!store) return [];
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
};

const isDraft = (value: unknown): value is Draft =>
  Boolean(value) &&
  typeof value === 'object' &&
  typeof (value as Draft).id === 'string' &&
  typeof (value as Draft).updatedAt === 'string' &&
  typeof (value as Draft).kind === 'string' &&
  typeof (value as Draft).path === 'string';

/**
 * Moves this database's unload copies into its drafts (when newer than the stored draft) and
 * removes them from localStorage, unreadable ones too. Called when the app starts and before a
 * form reads its draft.
 */
export const adoptDraftBackups = async (db: SillonDB): Promise<number> => {
  const store = storage();
  if (!store) return 0;
  const prefix = `${PREFIX}${db.name}:`;
  const keys = draftBackupKeys().filter((k) => k.startsWith(prefix));
  // Nothing to adopt (nearly every start): the keys are not derived for nothing.
  if (!keys.length) return 0;
  // Locked: AccountLockedError, and the copies wait for the unlock.
  const field = keysFor(db.name).field;
  let adopted = 0;
  for (const key of keys) {
    let copy: unknown;
    try {
      copy = openText(field, store.getItem(key) ?? '', aadOf(db.name, key.slice(prefix.length)));
    } catch {
      copy = undefined;
    }
    if (isDraft(copy) && copy.id === key.slice(prefix.length)) {
      const stored = await db.drafts.get(copy.id);
      if (!stored || stored.updatedAt < copy.updatedAt) {
        // A copy written over a stored draft of the same base leaves that base out.
        await db.drafts.put(copy.base || !stored?.base ? copy : { ...copy, base: stored.base });
        adopted += 1;
      }
    }
    store.removeItem(key);
  }
  return adopted;
};

// ————————————————————————————————————————— the form model's store

const stores = new WeakMap<SillonDB, FormStoreOf>();

/** What src/ui/use-form.ts reads and writes (its `FormStore`), for one database; one object per database. */
export interface FormStoreOf {
  getRecord: (table: SyncTable, id: string) => Promise<RecordMeta | undefined>;
  getDraft: (id: string) => Promise<Draft | undefined>;
  saveDraft: (draft: Omit<Draft, 'updatedAt' | 'kind'> & { kind: string }) => Promise<void>;
  deleteDraft: (id: string) => Promise<void>;
  adoptBackups: () => Promise<number>;
  writeBackup: (draft: Omit<Draft, 'updatedAt' | 'kind'> & { kind: string }) => void;
  clearBackup: (id: string) => void;
}

export const formStore = (db: SillonDB): FormStoreOf => {
  let store = stores.get(db);
  if (!store) {
    store = {
      getRecord: (table, id) => db.table<RecordMeta, string>(table).get(id),
      getDraft: (id) => getDraft(db, id),
      saveDraft: (draft) => saveDraft(db, draft as Omit<Draft, 'updatedAt'>),
      deleteDraft: (id) => deleteDraft(db, id),
      adoptBackups: () => adoptDraftBackups(db),
      writeBackup: (draft) => writeDraftBackup(db.name, draft as Omit<Draft, 'updatedAt'>),
      clearBackup: (id) => clearDraftBackup(db.name, id),
    };
    stores.set(db, store);
  }
  return store;
};
