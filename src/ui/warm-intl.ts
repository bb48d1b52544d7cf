// A page's first French number, then its first French date, load ICU's locale data: 15-30 ms of
// main thread on a quiet desktop, four times that on a mid-range phone. Paid inside the task that
// evaluates a screen's modules (a message built at load) or renders it (a count, a month), it made
// that task a long one. A screen's lazy route calls this as it starts loading its chunk: each is
// loaded in a task of its own while the chunk downloads, and the screen's formats are then cheap.
let started = false;

export const warmIntl = (): void => {
  if (started) return;
  started = true;
  setTimeout(() => {
    (0).toLocaleString('fr-FR');
    setTimeout(() => new Intl.DateTimeFormat('fr-FR', { month: 'short' }).format(0));
  });
};
