import { newId } from '../domain/ids';
import type { Role } from '../domain/sync';
import type { SillonDB } from './db';

export const getMeta = async <T>(db: SillonDB, key: string): Promise<T | undefined> =>
  (await db.meta.get(key))?.value as T | undefined;

export const setMeta = async (db: SillonDB, key: string, value: unknown): Promise<void> => {
  await db.meta.put({ key, value });
};

/** This database's device id: with the outbox's sequence it names every mutation uniquely. */
export const getDeviceId = async (db: SillonDB): Promise<string> =>
  db.transaction('rw', db.meta, async () => {
    const existing = await getMeta<string>(db, 'deviceId');
    if (existing) return existing;
    const id = newId();
    await setMeta(db, 'deviceId', id);
    return id;
  });

/** Who is writing: set by sign-in (sync issue); records are stamped with it on creation. */
export interface Identity {
  userId?: string;
  structureId?: string;
  /** coordinateur: manages the structure (accounts, devices, templates); conseiller: the rest. */
  role?: Role;
  /** Display name of the signed-in advisor. */
  name?: string;
}
let identity: Identity = {};
export const setIdentity = (next: Identity): void => {
  identity = { ...next };
};
export const getIdentity = (): Identity => identity;
