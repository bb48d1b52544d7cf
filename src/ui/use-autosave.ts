import { useEffect, useRef } from 'react';

import { registerFlush } from './before-update';

/**
 * Saves `value` (debounced) on every change, and at once when the page is hidden, closed or
 * about to update: a reload, a crash or a closed tab never loses what was typed.
 */
export const useAutosave = <T>(value: T, save: (value: T) => Promise<void>, enabled = true, delay = 400) => {
  const latest = useRef({ value, save, enabled, dirty: false });

  useEffect(() => {
    latest.current.value = value;
    latest.current.save = save;
    latest.current.enabled = enabled;
  });

  useEffect(() => {
    if (!enabled) return;
    latest.current.dirty = true;
    const timer = setTimeout(() => {
      latest.current.dirty = false;
      void save(value);
    }, delay);
    return () => clearTimeout(timer);
  }, [value, save, enabled, delay]);

  useEffect(() => {
    const flush = async () => {
      const { value: v, save: s, enabled: e, dirty } = latest.current;
      if (e && dirty) {
        latest.current.dirty = false;
        await s(v);
      }
    };
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    const unregister = registerFlush(flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
      unregister();
      void flush();
    };
  }, []);
};
