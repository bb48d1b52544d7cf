import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { useRegisterSW } from 'virtual:pwa-register/react';

import { flushAll } from '../ui/before-update';
import { strings } from './strings';
import { useAppStore } from './store';

const HOUR = 60 * 60 * 1000;

/**
 * A new version never reloads by itself: the advisor sees « Nouvelle version disponible » and
 * chooses when; drafts are flushed to IndexedDB before the reload.
 */
export const UpdatePrompt = () => {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      // Tablets stay open for days: look for a new version every hour.
      if (registration) setInterval(() => void registration.update().catch(() => undefined), HOUR);
    },
  });
  const updateRequired = useAppStore((s) => s.updateRequired);
  // « Works offline now » is known a few seconds into a first visit, once the precache is complete:
  // shown then, above the screen, it pushed down what the advisor was reading (the first visit's
  // only layout shift, 0.08 on a phone). It waits for the next screen she opens, which comes with it.
  const { key } = useLocation();
  const [readyOn, setReadyOn] = useState<string>();
  if (offlineReady && readyOn === undefined) setReadyOn(key);
  const showReady = offlineReady && readyOn !== undefined && readyOn !== key;

  useEffect(() => {
    if (updateRequired) setNeedRefresh(true);
  }, [updateRequired, setNeedRefresh]);

  if (!needRefresh && !showReady) return null;
  return (
    <div className="banner" role="status" aria-live="polite">
      {needRefresh ? (
        <>
          <p>
            <strong>{strings.update.available}</strong> {strings.update.explain}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={async () => {
                await flushAll();
                await updateServiceWorker(true);
              }}
            >
              {strings.update.accept}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setNeedRefresh(false)}>
              {strings.update.later}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{strings.update.offlineReady}</p>
          <button type="button" className="button button--secondary" onClick={() => setOfflineReady(false)}>
            {strings.update.close}
          </button>
        </>
      )}
    </div>
  );
};
