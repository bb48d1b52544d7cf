// What the app's layout takes from the lock: the state, the idle timer, « Verrouiller », the code
// prompt and the lock screen.
import { lockEverywhere } from './use-lock-timer';
import { strings } from './strings';
import './lock.css';

export { ChooseCode } from './choose-code';
export { LockScreen } from './lock-screen';
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
