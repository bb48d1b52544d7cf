import { startTransition, useEffect, useState } from 'react';

let hydrating = false;

/**
 * Set while React takes over HTML made at build (src/app/start.tsx, until the first navigation) and
 * at build itself (src/app/prerender.tsx). React hydrates what a Suspense boundary held (the screen)
 * in a pass after the shell's: the flag outlives the shell's effects.
 */
export const setHydrating = (value: boolean): void => {
  hydrating = value;
};

/**
 * False while React hydrates HTML made at build (src/app/prerender.tsx) and at build itself, true
 * otherwise: what depends on the device or the day (today's date) renders only once it is true,
 * so that the build's HTML and the first render in the browser agree. After a hydration it turns
 * true in a transition, which React renders in slices: a store whose snapshot differs from the
 * server's (useSyncExternalStore) re-renders at once, in one task, the whole shell and screen.
 */
export const useHydrated = (): boolean => {
  const [hydrated, setHydrated] = useState(() => !hydrating);
  useEffect(() => {
    if (!hydrated) startTransition(() => setHydrated(true));
  }, [hydrated]);
  return hydrated;
};
