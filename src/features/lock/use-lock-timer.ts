// The idle lock of an open account: every touch, key or wheel is activity (written to localStorage at
// most every few seconds, so that a busy tab keeps the others open); a timer locks once the idle time
// has passed, and a return from the background after that time locks at once (src/domain/lock-timing.ts).
// « Verrouiller » in one tab locks the others too (BroadcastChannel).
import { useEffect, useState } from 'react';

import { idleMsOf, lockNow, readActivity, recordActivity, rememberIdleMs } from '../../data/crypto/lock';
import { getDb } from '../../data/db';
import {
  ACTIVITY_WRITE_MS,
  idleExpired,
  lockIdleMs,
  lockOnReturn,
  msUntilLock,
} from '../../domain/lock-timing';

const CHANNEL = 'sillon-lock';

/** Locks this tab and tells the other tabs of this profile to lock too. */
export const lockEverywhere = async (): Promise<void> => {
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage('lock');
    channel.close();
  } catch {
    // No BroadcastChannel: this tab only.
  }
  await lockNow();
};

const EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;

export const useLockTimer = (db: string | undefined): void => {
  // The structure's setting (synced), read at each page load and unlock, and remembered for the next
  // page load's check (its module loads apart: it stays out of the first route's JavaScript).
  const [setting, setSetting] = useState<number>();
  useEffect(() => {
    if (!db) return;
    let live = true;
    void import('../../data/anonymisation')
      .then((m) => m.getLockIdleMinutes(getDb()))
      .then((minutes) => live && setSetting(lockIdleMs(minutes)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [db]);
  useEffect(() => {
    if (db && setting) rememberIdleMs(db, setting);
  }, [db, setting]);
  useEffect(() => {
    if (!db) return;
    const idleMs = setting ?? idleMsOf(db);
    let last = Math.max(readActivity() ?? Date.now(), Date.now());
    let written = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lastActivity = () => Math.max(last, readActivity() ?? 0);
    const schedule = () => {
      clearTimeout(timer);
      const wait = msUntilLock(lastActivity(), Date.now(), idleMs);
      timer = setTimeout(() => {
        if (idleExpired(lastActivity(), Date.now(), idleMs)) void lockNow();
        else schedule();
      }, wait);
    };
    const onActivity = () => {
      last = Date.now();
      if (last - written >= ACTIVITY_WRITE_MS) {
        written = last;
        recordActivity(last);
      }
    };
    const onVisibility = () => {
      if (document.visibilityState !== 'visible') {
        recordActivity(last);
        return;
      }
      if (lockOnReturn(lastActivity(), Date.now(), idleMs)) void lockNow();
      else schedule();
    };
    let channel: BroadcastChannel | undefined;
    try {
      channel = new BroadcastChannel(CHANNEL);
      channel.onmessage = () => void lockNow();
    } catch {
      channel = undefined;
    }
    recordActivity(last);
    written = last;
    for (const type of EVENTS) window.addEventListener(type, onActivity, { passive: true, capture: true });
    document.addEventListener('visibilitychange', onVisibility);
    schedule();
    return () => {
      clearTimeout(timer);
      for (const type of EVENTS) window.removeEventListener(type, onActivity, { capture: true });
      document.removeEventListener('visibilitychange', onVisibility);
      channel?.close();
    };
  }, [db, setting]);
};
