// Computes statistics and builds export files off the main thread, on its own connection to the
// same IndexedDB database, so a year of a busy structure never freezes the interface.
import '../domain/zod-jitless'; // first: no eval probe under the CSP
import { openAccountKeys } from './crypto/account-keys';
import { SillonDB } from './db';
import { beneficiariesExportFor } from './beneficiaries-export';
import { exportFor, statsFor, warmStats } from './stats';
import type { StatsWorkerRequest, StatsWorkerResponse } from './stats-client';

const connections = new Map<string, SillonDB>();
const open = (name: string): SillonDB => {
  let db = connections.get(name);
  if (!db) {
    db = new SillonDB(name);
    connections.set(name, db);
  }
  return db;
};

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<StatsWorkerRequest>) => void) | null;
  postMessage: (message: StatsWorkerResponse) => void;
};

scope.onmessage = (event) => {
  const request = event.data;
  // The main thread's keys (a worker has no Local Storage, nor the lock's state).
  openAccountKeys(request.dbName, request.root);
  const db = open(request.dbName);
  const work =
    request.op === 'stats'
      ? statsFor(db, request.filters, request.today)
      : request.op === 'warm'
        ? warmStats(db, request.from, request.to, request.today)
        : request.op === 'export'
        ? exportFor(db, request.filters, request.today, request.export)
        : beneficiariesExportFor(db, request.export);
  work.then(
    (result) => scope.postMessage({ id: request.id, ok: true, result }),
    (error: unknown) =>
      scope.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
};
