// One polite live region for the whole app (WCAG 4.1.3, RGAA 7.5): what just happened — saved,
// deleted, synchronised, refused — is read out by screen readers without moving the focus. The
// region is always in the page (a region added with its text is often not read), and the same
// message twice in a row is still read (a no-break space alternates at its end).
import { useSyncExternalStore } from 'react';

let current = { text: '', count: 0 };
const listeners = new Set<() => void>();

/** Says `text` to screen-reader users, politely (after what they are hearing). */
export const announce = (text: string): void => {
  current = { text, count: current.count + 1 };
  for (const listener of listeners) listener();
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const snapshot = () => current;

/** The region itself: rendered once, by the app's layout. */
export const Announcer = () => {
  const { text, count } = useSyncExternalStore(subscribe, snapshot, snapshot);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
      {text ? `${text}${count % 2 ? '' : '\u00a0'}` : ''}
    </p>
  );
};
