import { describe, expect, it } from 'vitest';

import { DEFAULT_LOCK_IDLE_MINUTES, idleExpired, lockIdleMs, lockOnReturn, msUntilLock } from './lock-timing';

// A fake clock: instants in milliseconds from an arbitrary start.
const t0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const min = 60_000;

describe('lockIdleMs', () => {
  it('reads the structure setting, with 10 minutes when missing or out of range', () => {
    expect(DEFAULT_LOCK_IDLE_MINUTES).toBe(10);
    expect(lockIdleMs(undefined)).toBe(10 * min);
    expect(lockIdleMs(null)).toBe(10 * min);
    expect(lockIdleMs(3)).toBe(3 * min);
    expect(lockIdleMs(60)).toBe(60 * min);
    expect(lockIdleMs(0)).toBe(10 * min);
    expect(lockIdleMs(61)).toBe(10 * min);
    expect(lockIdleMs(2.5)).toBe(10 * min);
    expect(lockIdleMs(Number.NaN)).toBe(10 * min);
  });
});

describe('idle lock', () => {
  const idle = lockIdleMs(10);

  it('locks once the idle time has passed since the last touch or key, not before', () => {
    expect(idleExpired(t0, t0, idle)).toBe(false);
    expect(idleExpired(t0, t0 + 10 * min - 1, idle)).toBe(false);
    expect(idleExpired(t0, t0 + 10 * min, idle)).toBe(true);
    expect(idleExpired(t0, t0 + 3 * 60 * min, idle)).toBe(true);
  });

  it('each activity moves the deadline', () => {
    let last = t0;
    for (let step = 1; step <= 5; step++) {
      const now = t0 + step * 9 * min;
      expect(idleExpired(last, now, idle)).toBe(false);
      last = now;
    }
    expect(idleExpired(last, last + 10 * min, idle)).toBe(true);
  });

  it('says when the timer should fire, never negative, and a clock set back does not lock', () => {
    expect(msUntilLock(t0, t0, idle)).toBe(10 * min);
    expect(msUntilLock(t0, t0 + 4 * min, idle)).toBe(6 * min);
    expect(msUntilLock(t0, t0 + 11 * min, idle)).toBe(0);
    expect(msUntilLock(t0, t0 - 60 * min, idle)).toBe(10 * min);
    expect(idleExpired(t0, t0 - 60 * min, idle)).toBe(false);
  });
});

describe('lockOnReturn (visibilitychange)', () => {
  const idle = lockIdleMs(10);

  it('locks on return after the idle time in the background, not after a short one', () => {
    expect(lockOnReturn(t0, t0 + 2 * min, idle)).toBe(false);
    expect(lockOnReturn(t0, t0 + 10 * min, idle)).toBe(true);
    // The timer of a frozen page never fired: the return alone locks.
    expect(lockOnReturn(t0, t0 + 8 * 60 * min, idle)).toBe(true);
  });
});
