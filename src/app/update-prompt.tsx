import { useEffect } from 'react';
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

  useEffect(() => {
    if (updateRequired) setNeedRefresh(true);
  }, [updateRequired, setNeedRefresh]);

  if (!needRefresh && !offlineReady) return null;
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
