// First: schemas created by the imports below must not probe eval (the CSP forbids it).
import '../domain/zod-jitless';

import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';

import { getDb } from '../data/db';
import { adoptDraftBackups } from '../data/drafts';
import { setBeforeSchemaClose } from '../data/schema-change';
import { flushAll } from '../ui/before-update';
import { readRegistry } from '../data/sync/accounts';
import { createRouter, routerReady } from './router';
import './styles.css';

// A newer version opened in another tab closes this tab's database: the forms' drafts go first.
setBeforeSchemaClose(flushAll);

// A form's draft copied into localStorage as the page unloaded goes back to IndexedDB (and out of
// localStorage: no personal data stays there).
void adoptDraftBackups(getDb()).catch(() => 0);

// The first search after start is as quick as the next ones (in idle time; its own chunk, so that
// the first route's JavaScript does not grow). Its chunks (80 KB with the record schemas) are asked
// for once the page has loaded: on a first visit over a slow link they took the home screen's share
// of the bandwidth.
const warmSearch = () =>
  void import('../data/beneficiaries').then((m) => m.warmSearchWhenIdle(getDb())).catch(() => undefined);
if (document.readyState === 'complete') warmSearch();
else window.addEventListener('load', warmSearch, { once: true });

// Ask the browser to keep our data (Settings shows whether it was granted).
void navigator.storage?.persist?.().catch(() => false);

const container = document.getElementById('root')!;
const router = createRouter();
const app = (
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>
);
// A first visit to « / » comes with the home screen rendered at build (server/static.ts): React takes
// it over as it is once the home's chunk is there, so nothing moves or blinks. Anywhere else (the
// service worker's index.html, another path, an account to unlock) the app renders from scratch.
if (container.dataset.prerendered === location.pathname && !readRegistry().active) {
  void routerReady(router).then(() => hydrateRoot(container, app));
} else {
  createRoot(container).render(app);
}
