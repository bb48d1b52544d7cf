// A synchronous copy of the form being filled, in localStorage. The IndexedDB draft is written
// asynchronously (debounced, and flushed on pagehide), and Chromium may abort that write when the
// page unloads: a reload or a closed tab right after a keystroke would lose the last characters.
// localStorage writes are synchronous, so this copy is always as recent as the screen.

export interface Backup {
  data: unknown;
  updatedAt: string;
}

export const backupKey = (dbName: string, draftId: string): string => `sillon:draft:${dbName}:${draftId}`;

export const writeBackup = (key: string, data: unknown): void => {
  try {
    localStorage.setItem(key, JSON.stringify({ data, updatedAt: new Date().toISOString() }));
  } catch {
    // Storage full or unavailable: the IndexedDB draft still follows.
  }
};

export const readBackup = (key: string): Backup | undefined => {
  try {
    const text = localStorage.getItem(key);
    if (!text) return undefined;
    const backup = JSON.parse(text) as Partial<Backup>;
    return typeof backup.updatedAt === 'string'
      ? { data: backup.data, updatedAt: backup.updatedAt }
      : undefined;
  } catch {
    return undefined;
  }
};

export const clearBackup = (key: string): void => {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing to clear.
  }
};
