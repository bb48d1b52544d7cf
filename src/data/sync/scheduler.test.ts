import { afterEach, describe, expect, it, vi } from 'vitest';

import { getSyncStatus, startSyncScheduler, subscribeSyncStatus } from './scheduler';

const setOnLine = (value: boolean) => Object.defineProperty(navigator, 'onLine', { value, configurable: true });

describe('sync scheduler', () => {
  afterEach(() => {
    setOnLine(true);
    vi.unstubAllGlobals();
  });

  it('does not try while the device has no network, and tries as soon as it returns', async () => {
    // No server here: any attempt ends in a (transient) error, which is enough to see it happened.
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const changes: boolean[] = [];
    const unsubscribe = subscribeSyncStatus(() => changes.push(getSyncStatus().running));
    setOnLine(false);
    startSyncScheduler();
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 50));
    expect(changes).toEqual([]);

    setOnLine(true);
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(changes[0]).toBe(true));
    await vi.waitFor(() => expect(getSyncStatus().running).toBe(false));
    unsubscribe();
  });
});
