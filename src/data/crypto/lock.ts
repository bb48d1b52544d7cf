// The lock (issue 14; docs/architecture.md, « Verrouillage et clés »): turns the code, the password,
// the server's device key or a passkey's PRF output into the account's root secret, counts wrong attempts, and opens or
// closes the keys of src/data/crypto/account-keys.ts that encryption at rest reads.
import { ERASE_AFTER_FAILURES, lockCodeProblem, lockStepAfter, type LockStep } from '../../domain/lock-code';
import { DEFAULT_LOCK_IDLE_MINUTES, idleExpired } from '../../domain/lock-timing';
import { accountKeys, closeAccountKeys, newRootSecret, openAccountKeys } from './account-keys';
import {
  fromBase64,
  unwrapWithKey,
  unwrapWithPrf,
  unwrapWithSecret,
  wrapWithKey,
  wrapWithPrf,
  wrapWithSecret,
} from './key-wrap';
import { readLock, writeLock, type AccountLock } from './lock-store';
import { forgetProvisionalRoot, storedProvisionalRoot } from './provisional-root';
import { clearResume, readResume, saveResume } from './resume';

const ACTIVITY_KEY = 'sillon.lock.activity';

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

/** The last touch or key in any tab of this profile (ms), shared so that one busy tab keeps others open. */
export const readActivity = (): number | undefined => {
  const value = Number(storage()?.getItem(ACTIVITY_KEY));
  return Number.isFinite(value) && value > 0 ? value : undefined;
};

export const recordActivity = (now: number = Date.now()): void => {
  storage()?.setItem(ACTIVITY_KEY, String(now));
};

const open = async (db: string, root: Uint8Array): Promise<void> => {
  openAccountKeys(db, root);
  recordActivity();
  await saveResume(db, root);
};

/**
 * At an online sign-in (the password just proved, the server's device key in hand): the account's
 * root secret — recovered from the device's copy, else from the password's, else a new one for a
 * database that never had one — is wrapped again by the password and the device key, the wrong
 * attempts are forgotten, and the keys are open. The code's copy stays if it still opens the same root.
 */
export const enrolAtSignIn = async (
  db: string,
  input: {
    password: string;
    deviceKey?: string;
    /** The root this database's data is already under when it never had a lock (an adopted database). */
    existingRoot?: Uint8Array;
  },
): Promise<{ recovered: boolean }> => {
  const previous = readLock(db);
  const deviceKey = input.deviceKey ? fromBase64(input.deviceKey) : undefined;
  let root: Uint8Array | null = null;
  if (previous?.copies.device && deviceKey) root = await unwrapWithKey(previous.copies.device, deviceKey, db);
  if (!root && previous?.copies.password) root = await unwrapWithSecret(previous.copies.password, input.password, db);
  const recovered = root !== null;
  // A database that never had a lock keeps the root its data is already sealed under: the one given,
  // else encryption at rest's provisional one (the anonymous database this account adopts).
  const adopted = previous ? undefined : (input.existingRoot ?? storedProvisionalRoot(db));
  if (!root && adopted) root = adopted.slice();
  // No copy opens (none yet, or a revoked device's key and a changed password): a new secret. What
  // was encrypted under the lost one could not be read again; docs/architecture.md says when.
  root ??= newRootSecret();
  const copies: AccountLock['copies'] = {
    password: await wrapWithSecret(root, input.password, db, 'password'),
    ...(deviceKey ? { device: await wrapWithKey(root, deviceKey, db, 'device') } : {}),
  };
  if (recovered && previous?.copies.code) copies.code = previous.copies.code;
  if (recovered && previous?.copies.passkey) copies.passkey = previous.copies.passkey;
  writeLock(db, {
    v: 1,
    copies,
    failures: 0,
    ...(previous?.idleMs ? { idleMs: previous.idleMs } : {}),
    ...(recovered && previous?.passkey ? { passkey: previous.passkey } : {}),
  });
  // The clear copy goes: from now on only the wrapped copies open this database.
  forgetProvisionalRoot(db);
  await open(db, root);
  return { recovered };
};

/** The account's own code (keys open): refused with a French message when too simple. */
export const chooseCode = async (db: string, code: string): Promise<string | undefined> => {
  const problem = lockCodeProblem(code);
  if (problem) return problem;
  const lock = readLock(db);
  if (!lock) throw new Error(`no lock for ${db}`);
  lock.copies.code = await wrapWithSecret(accountKeys(db).root, code, db, 'code');
  writeLock(db, lock);
  return undefined;
};

/** The password changed (online): its copy follows, so the new one works offline. */
export const rewrapPassword = async (db: string, password: string): Promise<void> => {
  const lock = readLock(db);
  if (!lock) return;
  lock.copies.password = await wrapWithSecret(accountKeys(db).root, password, db, 'password');
  writeLock(db, lock);
};

export type UnlockResult = { ok: true } | { ok: false; failures: number; step: LockStep };

const failed = (db: string, lock: AccountLock): UnlockResult => {
  lock.failures += 1;
  // The 10th: the code's and the password's copies are erased; the device's stays, which only the
  // server's key (released at an online sign-in) opens. The database itself stays, unsynced data too.
  if (lock.failures >= ERASE_AFTER_FAILURES) {
    delete lock.copies.code;
    delete lock.copies.password;
    delete lock.copies.passkey;
    delete lock.passkey;
  }
  writeLock(db, lock);
  return { ok: false, failures: lock.failures, step: lockStepAfter(lock.failures) };
};

const attempt = async (
  db: string,
  kind: 'code' | 'password',
  secret: string,
  allowed: (step: LockStep) => boolean,
): Promise<UnlockResult> => {
  const lock = readLock(db);
  if (!lock) return { ok: false, failures: ERASE_AFTER_FAILURES, step: 'erased' };
  const step = lockStepAfter(lock.failures);
  const copy = lock.copies[kind];
  if (!allowed(step) || !copy) return { ok: false, failures: lock.failures, step };
  const root = await unwrapWithSecret(copy, secret, db);
  if (!root) return failed(db, lock);
  lock.failures = 0;
  writeLock(db, lock);
  await open(db, root);
  return { ok: true };
};

/** The code typed on the lock screen (refused from the 5th wrong attempt on: the password is asked). */
export const unlockWithCode = (db: string, code: string): Promise<UnlockResult> =>
  attempt(db, 'code', code, (step) => step === 'code');

/** The password, offline, against its copy (any time before the 10th wrong attempt). */
export const unlockWithPassword = (db: string, password: string): Promise<UnlockResult> =>
  attempt(db, 'password', password, (step) => step !== 'erased');

/** The passkey registered for `db` on this tablet (its credential id and PRF salt), if any. */
export const passkeyOf = (db: string): AccountLock['passkey'] => {
  const lock = readLock(db);
  return lock?.passkey && lock.copies.passkey ? lock.passkey : undefined;
};

export const hasPasskey = (db: string): boolean => passkeyOf(db) !== undefined;

/**
 * A passkey was registered (keys open): the root secret is wrapped under its PRF output for `salt`,
 * next to the other copies, with the credential id (not personal data) to ask for it again. A
 * passkey registered before is replaced.
 */
export const addPasskeyCopy = async (
  db: string,
  passkey: { credentialId: string; salt: string },
  prf: Uint8Array,
): Promise<void> => {
  const lock = readLock(db);
  if (!lock) throw new Error(`no lock for ${db}`);
  lock.copies.passkey = await wrapWithPrf(accountKeys(db).root, prf, db);
  lock.passkey = passkey;
  writeLock(db, lock);
};

/** « Retirer » in the settings: the passkey's copy is deleted (the code and the password stay). */
export const removePasskeyCopy = (db: string): void => {
  const lock = readLock(db);
  if (!lock) return;
  delete lock.copies.passkey;
  delete lock.passkey;
  writeLock(db, lock);
};

export type PasskeyUnlockResult = { ok: true } | { ok: false; reason: 'none' | 'mismatch' };

/**
 * The PRF output the passkey gave on the lock screen. Not an attempt that counts: a passkey is not
 * guessed (the authenticator verified its user), so a failure adds no wrong attempt, and it opens at
 * the code's and at the password's step (not once erased). A success forgets the wrong attempts,
 * like the password does.
 */
export const unlockWithPrf = async (db: string, prf: Uint8Array): Promise<PasskeyUnlockResult> => {
  const lock = readLock(db);
  const copy = lock?.copies.passkey;
  if (!lock || !copy || lockStepAfter(lock.failures) === 'erased') return { ok: false, reason: 'none' };
  const root = await unwrapWithPrf(copy, prf, db);
  if (!root) return { ok: false, reason: 'mismatch' };
  lock.failures = 0;
  writeLock(db, lock);
  await open(db, root);
  return { ok: true };
};

/** « Verrouiller », the idle time, the return from the background, a sign-out: keys closed, nothing to resume. */
export const lockNow = async (): Promise<void> => {
  closeAccountKeys();
  await clearResume();
};

/** What the lock screen of `db` asks for now. */
export const lockStep = (db: string): LockStep => {
  const lock = readLock(db);
  if (!lock || (!lock.copies.code && !lock.copies.password)) return 'erased';
  return lockStepAfter(lock.failures);
};

export const hasCode = (db: string): boolean => Boolean(readLock(db)?.copies.code);

/** The structure's idle time, remembered for the start-up check (read before the database opens). */
export const rememberIdleMs = (db: string, idleMs: number): void => {
  const lock = readLock(db);
  if (lock && lock.idleMs !== idleMs) writeLock(db, { ...lock, idleMs });
};

export const idleMsOf = (db: string): number => readLock(db)?.idleMs ?? DEFAULT_LOCK_IDLE_MINUTES * 60_000;

/**
 * At page load: the keys of `db` open again when it was unlocked before this load and the idle
 * time has not passed since the last activity; otherwise what could resume is deleted (locked).
 */
export const resumeAtStart = async (db: string, now: number = Date.now()): Promise<boolean> => {
  if (!readLock(db)) return false;
  const last = readActivity();
  if (last === undefined || idleExpired(last, now, idleMsOf(db))) {
    await clearResume();
    return false;
  }
  const root = await readResume(db);
  if (!root) return false;
  openAccountKeys(db, root);
  return true;
};
