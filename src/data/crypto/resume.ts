// A reload does not lock (decision in docs/architecture.md, « Verrouillage et clés »): the app is
// reloaded by updates, by a sign-in and by people, and the triggers are idle time, return
// from the background and « Verrouiller ». While unlocked, the root secret is kept for the next page
// load encrypted under a non-extractable AES-GCM key, both in a small IndexedDB database of their own;
// locking deletes them, and a page loaded after the idle time deletes them instead of resuming.
// So while locked nothing on disk opens the root without the code, the password or the server.

const NAME = 'sillon-deverrouillage';
const STORE = 'resume';

interface ResumeEntry {
  key: CryptoKey;
  iv: Uint8Array<ArrayBuffer>;
  data: Uint8Array<ArrayBuffer>;
}

const openDb = (): Promise<IDBDatabase> =>
  new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB'));
  });

const run = async <T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('indexedDB'));
      tx.onabort = () => reject(tx.error ?? new Error('indexedDB'));
    });
  } finally {
    db.close();
  }
};

/** After an unlock: the root kept for the next page load of this browser profile. */
export const saveResume = async (dbName: string, root: Uint8Array): Promise<void> => {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new Uint8Array(root)));
  await run('readwrite', (s) => s.put({ key, iv, data } satisfies ResumeEntry, dbName));
};

/** The root kept by saveResume, or undefined (locked, or never unlocked in this profile). */
export const readResume = async (dbName: string): Promise<Uint8Array | undefined> => {
  try {
    const entry = (await run('readonly', (s) => s.get(dbName))) as ResumeEntry | undefined;
    if (!entry) return undefined;
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: entry.iv }, entry.key, entry.data));
  } catch {
    return undefined;
  }
};

/** On lock, sign-out or wipe: nothing left to resume from (every account's entry). */
export const clearResume = async (): Promise<void> => {
  await run('readwrite', (s) => s.clear()).catch(() => undefined);
};
