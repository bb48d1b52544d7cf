/**
 * Lets the interface run (a tap, a frame) before going on: `scheduler.yield` where the browser has
 * it, else a message to itself, which, unlike a timer, is not held back 4 ms after a few in a row.
 */
export const yieldToInterface = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
};

/** Runs `work` when the browser is idle (a timer where it has no idle callbacks: Node, Safari). */
export const whenIdle = (work: () => void, timeout: number): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout });
  else setTimeout(work, 50);
};
