import type { SessionUser, SignInResponse } from '../../domain/sync';
import { lockNow } from '../crypto/lock';
import type { SillonDB } from '../db';
import { getDeviceId, getMeta, setIdentity, setMeta } from '../meta';
import { apiRequest, type TransportOptions } from './transport';

/** What this database knows of its account (meta 'session'). The token never leaves the device's DB. */
export interface StoredSession {
  token?: string;
  user: SessionUser;
  /** The server said 401: the token is dead; sync stops until the person signs in again. */
  revoked?: boolean;
  signedInAt: string;
}

export const SESSION_KEY = 'session';

export const getSession = (db: SillonDB): Promise<StoredSession | undefined> => getMeta<StoredSession>(db, SESSION_KEY);

/** Sets the identity records are stamped with (user, structure, role) from the stored session. */
export const loadIdentity = async (db: SillonDB): Promise<StoredSession | undefined> => {
  const session = await getSession(db);
  if (session) {
    setIdentity({
      userId: session.user.userId,
      structureId: session.user.structureId,
      role: session.user.role,
      name: session.user.name,
    });
  } else setIdentity({});
  return session;
};

const deviceLabel = (): string | undefined =>
  typeof navigator !== 'undefined' ? navigator.userAgent.slice(0, 100) : undefined;

/**
 * Signs this database in: the server learns the database's device id (its mutation space) and
 * returns a long-lived token, kept in this database only.
 */
export const signIn = async (
  db: SillonDB,
  transport: TransportOptions,
  input: { email: string; password: string; structureId?: string; invitationCode?: string },
): Promise<StoredSession & { deviceKey?: string }> => {
  const deviceId = await getDeviceId(db);
  const label = deviceLabel();
  const response = await apiRequest<SignInResponse>(transport, 'POST', '/auth/sign-in', {
    ...input,
    deviceId,
    ...(label ? { deviceLabel: label } : {}),
  });
  // The device's lock key is handed to the lock (src/data/crypto/lock.ts), never stored.
  return { ...(await storeSession(db, response)), ...(response.deviceKey ? { deviceKey: response.deviceKey } : {}) };
};

/** First start of an empty server: creates the structure and its first coordinateur. */
export const setupServer = async (
  db: SillonDB,
  transport: TransportOptions,
  input: { code: string; structureName: string; name: string; email: string; password: string },
): Promise<StoredSession & { deviceKey?: string }> => {
  const deviceId = await getDeviceId(db);
  const response = await apiRequest<SignInResponse>(transport, 'POST', '/auth/setup', { ...input, deviceId });
  return { ...(await storeSession(db, response)), ...(response.deviceKey ? { deviceKey: response.deviceKey } : {}) };
};

const storeSession = async (db: SillonDB, response: SignInResponse): Promise<StoredSession> => {
  const session: StoredSession = { token: response.token, user: response.user, signedInAt: new Date().toISOString() };
  await setMeta(db, SESSION_KEY, session);
  await loadIdentity(db);
  return session;
};

/** Forgets the token (best effort revocation on the server); the data stays in this user's database. */
export const signOut = async (db: SillonDB, transport: TransportOptions): Promise<void> => {
  const session = await getSession(db);
  if (session?.token && !session.revoked) {
    await apiRequest({ ...transport, token: session.token }, 'POST', '/auth/sign-out', {}).catch(() => undefined);
  }
  if (session) {
    const { token: _token, ...rest } = session;
    await setMeta(db, SESSION_KEY, { ...rest, revoked: false, signedOut: true });
  }
  setIdentity({});
  await lockNow();
};

/** Marks the token dead after a 401, keeping everything else. */
export const markRevoked = async (db: SillonDB): Promise<void> => {
  const session = await getSession(db);
  if (session) await setMeta(db, SESSION_KEY, { ...session, revoked: true });
};

/** The person chose their own password: the session no longer says it is provisional. */
export const passwordChanged = async (db: SillonDB): Promise<void> => {
  const session = await getSession(db);
  if (session) await setMeta(db, SESSION_KEY, { ...session, user: { ...session.user, mustChangePassword: false } });
};
