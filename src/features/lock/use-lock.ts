// Whether Sillon is locked, for the app's layout: the active account of this tablet (none: nothing
// to lock), and whether its keys are open. At page load the keys are opened again from the reload
// copy when the idle time has not passed (src/data/crypto/lock.ts resumeAtStart).
import { useSyncExternalStore } from 'react';

import { accountKeysOpen, onAccountKeysChange } from '../../data/crypto/account-keys';
import { resumeAtStart } from '../../data/crypto/lock';
import { readRegistry } from '../../data/sync/accounts';

export type LockState =
  { kind: 'checking' } | { kind: 'none' } | { kind: 'locked'; db: string } | { kind: 'open'; db: string };

const activeDb = (): string | undefined => {
  const registry = readRegistry();
  return registry.active ? registry.owners[registry.active]?.db : undefined;
};

let checked = false;
let version = 0;
const listeners = new Set<() => void>();
const notify = () => {
  version++;
  for (const listener of listeners) listener();
};
onAccountKeysChange(notify);

let started: Promise<void> | undefined;
const check = () => {
  started ??= (async () => {
    const db = activeDb();
    if (db) await resumeAtStart(db).catch(() => false);
    checked = true;
    notify();
  })();
};

const NONE: LockState = { kind: 'none' };

let cache: { version: number; state: LockState } | undefined;
const snapshot = (): LockState => {
  if (cache?.version === version) return cache.state;
  const db = activeDb();
  // Without an account there is nothing to check: the first render is already the app's (the home
  // screen prerendered at build is hydrated from it, src/app/main.tsx).
  const state: LockState = !db
    ? NONE
    : !checked
      ? { kind: 'checking' }
      : accountKeysOpen(db)
        ? { kind: 'open', db }
        : { kind: 'locked', db };
  cache = { version, state };
  return state;
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  check();
  return () => listeners.delete(listener);
};

export const useLockState = (): LockState => useSyncExternalStore(subscribe, snapshot, snapshot);
