// Imported by the generated service worker. Where the browser has Background Sync, the `sync`
// event asks an open app window to run its sync engine (the outbox lives in the app's IndexedDB, and
// only the app's code can read it), then waits for the outcome through `event.waitUntil`: the event
// ends when that sync has ended, and fails when it failed, so the browser tries again later. With no
// window open there is nothing to run: the app syncs as soon as it is opened.
const SYNC_TAG = 'sillon-sync';
/** Longer than a sync on a slow link, shorter than the few minutes a browser grants the event. */
const ANSWER_TIMEOUT_MS = 3 * 60 * 1000;

/** Asks one window to sync; resolves with its answer ({ok}), rejects if it does not answer in time. */
const askWindow = (client) =>
  new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    const timer = setTimeout(
      () => reject(new Error('Pas de réponse de la fenêtre Sillon')),
      ANSWER_TIMEOUT_MS,
    );
    channel.port1.onmessage = (message) => {
      clearTimeout(timer);
      resolve(message.data);
    };
    client.postMessage({ type: SYNC_TAG }, [channel.port2]);
  });

const syncThroughAWindow = async () => {
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.length === 0) return;
  // The window the advisor sees first; any of them would do (the sync lock makes them take turns).
  const client =
    windows.find((w) => w.focused) ?? windows.find((w) => w.visibilityState === 'visible') ?? windows[0];
  const answer = await askWindow(client);
  if (!answer || answer.ok !== true) throw new Error('La synchronisation a échoué : nouvel essai plus tard');
};

self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(syncThroughAWindow());
});
