import { describe, expect, it, vi } from 'vitest';

describe('zod-jitless', () => {
  it('turns the configuration zod reads jitless, as z.config({ jitless: true }) does', async () => {
    const { z } = await import('zod');
    z.config({ jitless: false });
    vi.resetModules();
    await import('./zod-jitless');
    expect(z.config().jitless).toBe(true);
  });
});
