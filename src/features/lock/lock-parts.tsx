// What the app's layout takes from the lock: the state, the idle timer, « Verrouiller », the code
// prompt and the lock screen.
import { lazy } from 'react';

import { lockEverywhere } from './use-lock-timer';
import { strings } from './strings';
import './lock.css';

// The lock screen and the code prompt show only on a tablet with an account, never on a first
// visit: they stay out of the first route's JavaScript and load as they show (from the precache).
export const LockScreen = lazy(async () => ({ default: (await import('./lock-screen')).LockScreen }));
export const ChooseCode = lazy(async () => ({ default: (await import('./choose-code')).ChooseCode }));
export { useLockState } from './use-lock';
export { useLockTimer } from './use-lock-timer';

export const LockButton = () => (
  <button
    type="button"
    className="button button--secondary topbar__lock"
    onClick={() => void lockEverywhere()}
  >
    {strings.lockNow}
  </button>
);
