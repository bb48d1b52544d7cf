// What a screen keeps for its own entry of the browser history — a search typed, say — without
// putting it in the address or in history.state: both are written by the browser to disk (history,
// favicons, session-restore files), and a search names a person. The values live in this page's
// memory only, keyed by react-router's key of the history entry, so « Retour » to the list finds the
// search again while the app runs, and nothing of it outlives the tab.
import { useCallback, useState } from 'react';
import { useLocation } from 'react-router';

/** Entries kept (the oldest go first): a session's back-and-forth, not a history. */
const CAPACITY = 100;
const memory = new Map<string, unknown>();

const remember = (slot: string, value: unknown): void => {
  memory.delete(slot);
  memory.set(slot, value);
  while (memory.size > CAPACITY) memory.delete(memory.keys().next().value!);
};

/** A state of the current history entry that comes back when the advisor returns to it. */
export const useRememberedState = <T>(name: string, initial: T): [T, (next: T) => void] => {
  const { key } = useLocation();
  const slot = `${key}\u0000${name}`;
  const [value, setValue] = useState<T>(() => (memory.has(slot) ? (memory.get(slot) as T) : initial));
  const set = useCallback(
    (next: T) => {
      remember(slot, next);
      setValue(next);
    },
    [slot],
  );
  return [value, set];
};

/**
 * A value handed from one screen to the next one (« Créer « Durand » » opens the form with what was
 * searched): `handOff` before navigating with `HANDED_OFF` as the location's state (a flag, no
 * data), `handedOff` on arrival. A stale value is never read by a screen opened another way.
 */
export const HANDED_OFF = { handedOff: true } as const;
const handed = new Map<string, unknown>();
export const handOff = (name: string, value: unknown): void => {
  handed.set(name, value);
};
export const handedOff = <T>(name: string, state: unknown): T | undefined =>
  (state as { handedOff?: boolean } | null)?.handedOff ? (handed.get(name) as T | undefined) : undefined;

/** Forgets everything (signing out, a remote wipe, tests). */
export const forgetRemembered = (): void => {
  memory.clear();
  handed.clear();
};
