// When Sillon locks itself (issue 14): after the structure's idle time without a touch or a key,
// and when it comes back from the background (another app, the screen off) after that time. Pure
// functions of the clock, so that the rule is tested with a fake one; src/ui/use-lock-timer.ts
// feeds them the page's events.

/** The structure's setting when it has none (minutes). */
export const DEFAULT_LOCK_IDLE_MINUTES = 10;
export const MIN_LOCK_IDLE_MINUTES = 1;
export const MAX_LOCK_IDLE_MINUTES = 60;

/** The idle time in milliseconds from the structure's setting (missing or out of range: the default). */
export const lockIdleMs = (minutes: number | undefined | null): number => {
  const m =
    typeof minutes === 'number' &&
    Number.isInteger(minutes) &&
    minutes >= MIN_LOCK_IDLE_MINUTES &&
    minutes <= MAX_LOCK_IDLE_MINUTES
      ? minutes
      : DEFAULT_LOCK_IDLE_MINUTES;
  return m * 60_000;
};

/** Due to lock: the last activity is at least `idleMs` ago (a clock set back counts as activity now). */
export const idleExpired = (lastActivity: number, now: number, idleMs: number): boolean =>
  now - lastActivity >= idleMs;

/** How long until the idle lock, from now (0: lock now). */
export const msUntilLock = (lastActivity: number, now: number, idleMs: number): number =>
  Math.max(0, lastActivity + idleMs - Math.max(now, lastActivity));

/**
 * The page becomes visible again (visibilitychange): lock when it was left for the idle time or more.
 * A hidden page's timers are throttled or frozen, so this is checked on return, not left to the
 * timer; nothing happens while hidden, so the last activity is at most the moment it was hidden.
 */
export const lockOnReturn = (lastActivity: number, now: number, idleMs: number): boolean =>
  idleExpired(lastActivity, now, idleMs);

/** Activity is recorded at most this often (each record is a write to localStorage shared by tabs). */
export const ACTIVITY_WRITE_MS = 5_000;
