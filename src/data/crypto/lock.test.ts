// The lock's keys end to end in the data layer (real WebCrypto, jsdom's localStorage, fake-indexeddb
// for the reload copy): sign-in, code, wrong codes up to the password step, the 10th erasing the
// code's and password's copies, and the online sign-in that recovers the same root secret.
import { beforeEach, describe, expect, it } from 'vitest';

import { accountKeys, accountKeysOpen, closeAccountKeys } from './account-keys';
import {
  chooseCode,
  enrolAtSignIn,
  lockNow,
  lockStep,
  recordActivity,
  rememberIdleMs,
  resumeAtStart,
  rewrapPassword,
  unlockWithCode,
  unlockWithPassword,
} from './lock';
import { readLock } from './lock-store';
import { provisionalRoot, storedProvisionalRoot } from './provisional-root';
import { rootSecret } from './root-secret';

const DB = 'sillon';
const PASSWORD = 'un mot de passe';
const deviceKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');

const signedInWithCode = async () => {
  await enrolAtSignIn(DB, { password: PASSWORD, deviceKey });
  expect(await chooseCode(DB, '428163')).toBeUndefined();
  const root = accountKeys(DB).root.slice();
  await lockNow();
  return root;
};

beforeEach(async () => {
  localStorage.clear();
  await lockNow();
});

describe('the lock', () => {
  it('at sign-in opens the keys with a new root; the code is chosen, too simple ones refused', async () => {
    expect(await enrolAtSignIn(DB, { password: PASSWORD, deviceKey })).toEqual({ recovered: false });
    expect(accountKeysOpen(DB)).toBe(true);
    expect(await chooseCode(DB, '123456')).toMatch(/se suivent/);
    expect(readLock(DB)!.copies.code).toBeUndefined();
    expect(await chooseCode(DB, '428163')).toBeUndefined();
    expect(Object.keys(readLock(DB)!.copies).sort()).toEqual(['code', 'device', 'password']);
    // Nothing stored reads as the code, the password or the root.
    const stored = JSON.stringify(localStorage);
    expect(stored).not.toContain('428163');
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(Buffer.from(accountKeys(DB).root).toString('base64'));
  });

  it('the right code opens the same root; a wrong one does not', async () => {
    const root = await signedInWithCode();
    expect(accountKeysOpen(DB)).toBe(false);
    expect(await unlockWithCode(DB, '428164')).toEqual({ ok: false, failures: 1, step: 'code' });
    expect(accountKeysOpen(DB)).toBe(false);
    expect(await unlockWithCode(DB, '428163')).toEqual({ ok: true });
    expect(accountKeys(DB).root).toEqual(root);
    expect(readLock(DB)!.failures).toBe(0);
  });

  it('5 wrong codes ask for the password (offline), 10 erase the copies; an online sign-in recovers the root', { timeout: 90_000 }, async () => {
    const root = await signedInWithCode();
    for (let i = 1; i <= 4; i++) expect(await unlockWithCode(DB, '000001')).toMatchObject({ step: 'code' });
    expect(await unlockWithCode(DB, '000001')).toEqual({ ok: false, failures: 5, step: 'password' });
    // From now on the code is refused, even the right one, without counting.
    expect(await unlockWithCode(DB, '428163')).toEqual({ ok: false, failures: 5, step: 'password' });
    expect(lockStep(DB)).toBe('password');
    expect(await unlockWithPassword(DB, PASSWORD)).toEqual({ ok: true });
    expect(accountKeys(DB).root).toEqual(root);
    await lockNow();

    // Five wrong codes again, then five wrong passwords: the 10th attempt erases.
    for (let i = 1; i <= 5; i++) await unlockWithCode(DB, '000001');
    for (let i = 6; i <= 9; i++) expect(await unlockWithPassword(DB, 'non')).toMatchObject({ step: 'password' });
    expect(await unlockWithPassword(DB, 'non')).toEqual({ ok: false, failures: 10, step: 'erased' });
    expect(lockStep(DB)).toBe('erased');
    expect(Object.keys(readLock(DB)!.copies)).toEqual(['device']);
    expect(await unlockWithPassword(DB, PASSWORD)).toMatchObject({ ok: false, step: 'erased' });
    expect(accountKeysOpen(DB)).toBe(false);

    // The online sign-in: the server's device key opens the device's copy, the same root comes back.
    expect(await enrolAtSignIn(DB, { password: PASSWORD, deviceKey })).toEqual({ recovered: true });
    expect(accountKeys(DB).root).toEqual(root);
    expect(lockStep(DB)).toBe('code');
    expect(readLock(DB)!.copies.code).toBeUndefined(); // a new code is chosen
  });

  it('a forgotten code: the password opens, any time before the 10th attempt', async () => {
    const root = await signedInWithCode();
    expect(await unlockWithPassword(DB, 'pas le bon')).toEqual({ ok: false, failures: 1, step: 'code' });
    expect(await unlockWithPassword(DB, PASSWORD)).toEqual({ ok: true });
    expect(accountKeys(DB).root).toEqual(root);
  });

  it('a changed password: its copy follows', async () => {
    const root = await signedInWithCode();
    await unlockWithCode(DB, '428163');
    await rewrapPassword(DB, 'un autre mot de passe');
    await lockNow();
    expect((await unlockWithPassword(DB, PASSWORD)).ok).toBe(false);
    expect(await unlockWithPassword(DB, 'un autre mot de passe')).toEqual({ ok: true });
    expect(accountKeys(DB).root).toEqual(root);
  });

  it('a reload resumes an unlocked account before the idle time, not after, and never once locked', async () => {
    const root = await signedInWithCode();
    await unlockWithCode(DB, '428163');
    rememberIdleMs(DB, 10 * 60_000);
    const now = Date.now();
    recordActivity(now);
    closeAccountKeys(); // the page goes away: memory is gone, the reload copy stays
    expect(await resumeAtStart(DB, now + 60_000)).toBe(true);
    expect(accountKeys(DB).root).toEqual(root);
    closeAccountKeys();
    // Loaded after the idle time: locked, and the reload copy deleted.
    expect(await resumeAtStart(DB, now + 10 * 60_000)).toBe(false);
    expect(await resumeAtStart(DB, now + 60_000)).toBe(false);
    // « Verrouiller » deletes it too.
    await unlockWithCode(DB, '428163');
    await lockNow();
    expect(await resumeAtStart(DB)).toBe(false);
    expect(accountKeysOpen(DB)).toBe(false);
  });

  it('adopts the provisional root of a database typed in before sign-in, erases its clear copy, and holds it shut while locked', async () => {
    const before = provisionalRoot(DB).slice();
    expect(rootSecret(DB)).toEqual(before);
    await enrolAtSignIn(DB, { password: PASSWORD, deviceKey });
    expect(accountKeys(DB).root).toEqual(before);
    expect(storedProvisionalRoot(DB)).toBeUndefined();
    expect(JSON.stringify(localStorage)).not.toContain('provisional');
    await lockNow();
    expect(() => rootSecret(DB)).toThrow(/verrouillé/);
    expect(await unlockWithPassword(DB, PASSWORD)).toEqual({ ok: true });
    expect(rootSecret(DB)).toEqual(before);
  });
});
