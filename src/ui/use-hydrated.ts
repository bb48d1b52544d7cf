import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * False while React hydrates HTML made at build (src/app/prerender.tsx) and at build itself, true
 * otherwise: what depends on the device or the day (today's date) renders only once it is true,
 * so that the build's HTML and the first render in the browser agree.
 */
export const useHydrated = (): boolean =>
  useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
