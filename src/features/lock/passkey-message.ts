// The French sentence for what a passkey could not do (src/data/crypto/passkey.ts), shared by the
// offer and the lock screen. A type-only import: the passkey's code loads only when it is used.
import type { PasskeyProblem } from '../../data/crypto/passkey';
import { strings } from './strings';

export const passkeyMessage = (problem: PasskeyProblem): string =>
  problem === 'no-prf'
    ? strings.passkeyNoPrf
    : problem === 'cancelled'
      ? strings.passkeyCancelled
      : problem === 'unavailable'
        ? strings.passkeyUnavailable
        : strings.passkeyFailed;
