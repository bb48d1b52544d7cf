// @vitest-environment node
// The service worker's `sync` event (public/sw-sync.js) really waits for a sync: it asks an open
// window, and the event's promise settles only with the window's answer — failing when the sync
// failed, so that the browser tries again later.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';

import { afterEach, describe, expect, it, vi } from 'vitest';

const source = readFileSync(resolve(import.meta.dirname, '../../public/sw-sync.js'), 'utf8');

interface FakeWindow {
  focused: boolean;
  visibilityState: string;
  postMessage: (message: unknown, ports: MessagePort[]) => void;
}

/** Loads the script into a fake worker global; returns a way to fire `sync` and see waitUntil's promise. */
const worker = (windows: FakeWindow[]) => {
  let handler: ((event: unknown) => void) | undefined;
  const self = {
    addEventListener: (type: string, fn: (event: unknown) => void) => {
      if (type === 'sync') handler = fn;
    },
    clients: { matchAll: async () => windows },
  };
  runInNewContext(source, { self, MessageChannel, setTimeout, clearTimeout });
  return (tag = 'sillon-sync'): Promise<unknown> | undefined => {
    let waited: Promise<unknown> | undefined;
    handler!({ tag, waitUntil: (p: Promise<unknown>) => (waited = p) });
    return waited;
  };
};

/** A window whose app answers each request after `answer` resolves. */
const appWindow = (answer: () => Promise<{ ok: boolean }>, asked: string[] = []): FakeWindow => ({
  focused: true,
  visibilityState: 'visible',
  postMessage: (message, [port]) => {
    asked.push((message as { type: string }).type);
    void answer().then((reply) => port!.postMessage(reply));
  },
});

const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setTimeout(r, 20));
  return state;
};

describe('the service worker’s background sync', () => {
  afterEach(() => vi.useRealTimers());

  it('waits until the window’s sync has ended', async () => {
    let finish!: (reply: { ok: boolean }) => void;
    const asked: string[] = [];
    const fire = worker([appWindow(() => new Promise((r) => (finish = r)), asked)]);
    const event = fire()!;
    expect(await settled(event)).toBe('pending');
    expect(asked).toEqual(['sillon-sync']);
    finish({ ok: true });
    await expect(event).resolves.toBeUndefined();
  });

  it('fails when the sync failed, so that the browser tries again', async () => {
    const fire = worker([appWindow(async () => ({ ok: false }))]);
    await expect(fire()).rejects.toThrow(/nouvel essai/);
  });

  it('fails when no window answers in time (an older app that does not reply)', async () => {
    vi.useFakeTimers();
    const silent: FakeWindow = { focused: false, visibilityState: 'hidden', postMessage: () => undefined };
    const fire = worker([silent]);
    const event = fire()!;
    const outcome = expect(event).rejects.toThrow(/Pas de réponse/);
    await vi.advanceTimersByTimeAsync(3 * 60 * 1000 + 1);
    await outcome;
  });

  it('asks the window the advisor sees, ends at once with none, and ignores other tags', async () => {
    const hidden: string[] = [];
    const seen: string[] = [];
    const fire = worker([
      { ...appWindow(async () => ({ ok: true }), hidden), focused: false, visibilityState: 'hidden' },
      { ...appWindow(async () => ({ ok: true }), seen), focused: false },
    ]);
    await fire();
    expect([hidden, seen]).toEqual([[], ['sillon-sync']]);
    await expect(worker([])()).resolves.toBeUndefined();
    expect(worker([])('other-tag')).toBeUndefined();
  });
});
