// Imported by the generated service worker. Where the browser has Background Sync, the
// `sync` event asks the open app windows to run their sync engine (the outbox lives in the
// app's IndexedDB, and the engine's single-tab lock decides which window runs it).
self.addEventListener('sync', (event) => {
  if (event.tag !== 'sillon-sync') return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((clients) => {
      for (const client of clients) client.postMessage({ type: 'sillon-sync' });
    }),
  );
});
