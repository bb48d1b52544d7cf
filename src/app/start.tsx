import { startTransition, StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';

import { getDb } from '../data/db';
import { adoptDraftBackups } from '../data/drafts';
import { setBeforeSchemaClose } from '../data/schema-change';
import { readRegistry } from '../data/sync/accounts';
import { whenIdle, yieldToInterface } from '../data/yield-to-interface';
import { flushAll } from '../ui/before-update';
import { setHydrating } from '../ui/use-hydrated';
import { createRouter, routerReady } from './router';

// A newer version opened in another tab closes this tab's database: the forms' drafts go first.
setBeforeSchemaClose(flushAll);

/**
 * What the first screen does not wait for: once the page has loaded, in idle time, one piece per
 * idle period (each its own task).
 */
const afterLoad = [
  // A form's draft copied into localStorage as the page unloaded goes back to IndexedDB (and out of
  // localStorage: no personal data stays there). A form adopts them too before it reads its draft.
  () => void adoptDraftBackups(getDb()).catch(() => 0),
  // The first search after start is as quick as the next ones (in idle time; its own chunk, so that
  // the first route's JavaScript does not grow). Its chunks (80 KB with the record schemas) are asked
  // for once the page has loaded: on a first visit over a slow link they took the home screen's
  // share of the bandwidth. With nobody stored (a first visit) there is nothing to warm, and their
  // evaluation alone held the main thread 40-45 ms: the first sync that brings people warms it
  // (src/data/sync/scheduler.ts).
  () =>
    void getDb()
      .beneficiaries.limit(1)
      .primaryKeys()
      .then((ids) => (ids.length > 0 ? import('../data/beneficiaries') : undefined))
      .then((m) => m?.warmSearchWhenIdle(getDb()))
      .catch(() => undefined),
  // Ask the browser to keep our data (Settings shows whether it was granted).
  () => void navigator.storage?.persist?.().catch(() => false),
];
const runAfterLoad = () => {
  const next = afterLoad.shift();
  if (!next) return;
  whenIdle(() => {
    next();
    runAfterLoad();
  }, 5_000);
};

/**
 * Creates the router, then the database's handle (Dexie's tables and middlewares, which every
 * screen reads: about 10 ms of cold code), each in its own task, and renders the app. The render is
 * a transition: React renders it in slices of 5 ms, handing the main thread back between them,
 * where a default update (root.render, hydrateRoot) renders in one task.
 */
export const start = async (): Promise<void> => {
  const container = document.getElementById('root')!;
  // A first visit to « / » comes with the home screen rendered at build (server/static.ts): React
  // takes it over as it is once the home's chunk is there, so nothing moves or blinks. Anywhere else
  // (the service worker's index.html, another path, an account to unlock) the app renders from scratch.
  const hydrate = container.dataset.prerendered === location.pathname && !readRegistry().active;
  const router = createRouter();
  await yieldToInterface();
  getDb();
  await yieldToInterface();
  const app = (
    <StrictMode>
      <RouterProvider router={router} />
    </StrictMode>
  );
  if (hydrate) {
    await routerReady(router);
    await yieldToInterface();
    setHydrating(true);
    // The screens opened next render from scratch, already hydrated (src/ui/use-hydrated.ts).
    const initial = router.state.location;
    const stop = router.subscribe((state) => {
      if (state.navigation.state === 'idle' && state.location === initial) return;
      stop();
      setHydrating(false);
    });
    startTransition(() => void hydrateRoot(container, app));
  } else {
    const root = createRoot(container);
    startTransition(() => root.render(app));
  }
  if (document.readyState === 'complete') runAfterLoad();
  else window.addEventListener('load', runAfterLoad, { once: true });
};
