import { readyBlob } from './crypto/at-rest';
import type { SillonDB, StoredBlob } from './db';

const toHex = (buffer: ArrayBuffer): string =>
  [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

export const hashBlob = async (blob: Blob): Promise<string> =>
  toHex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));

/** Stores a binary (signature, PDF, photo) once, by content hash; records reference the hash. */
export const putBlob = async (db: SillonDB, blob: Blob): Promise<string> => {
  const hash = await hashBlob(blob);
  const existing = await db.blobs.get(hash);
  // Sealed on its way to IndexedDB: its bytes are read before the write (src/data/crypto/at-rest.ts).
  if (!existing && (await readyBlob(blob)))
    await db.blobs.put({ hash, type: blob.type, size: blob.size, data: blob, storedAt: new Date().toISOString() });
  return hash;
};

export const getBlob = async (db: SillonDB, hash: string): Promise<StoredBlob | undefined> => db.blobs.get(hash);
