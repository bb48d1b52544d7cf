// Simulated tablets for the multi-device tests: each has its own IndexedDB database (fake-indexeddb),
// runs the real sync engine against the real HTTP server, and can be given network faults.
import { SillonDB } from '../../src/data/db';
import { getDeviceId, setMeta } from '../../src/data/meta';
import { deleteRecord, saveRecord } from '../../src/data/records';
import { syncOnce, type SyncResult } from '../../src/data/sync/engine';
import { SESSION_KEY, signIn } from '../../src/data/sync/session';
import type { StoredConflict } from '../../src/data/sync/apply';
import { SYNC_TABLES, type RecordMeta, type SyncTable } from '../../src/domain/records';
import { hashToken, newToken } from '../../server/crypto';
import type { Store } from '../../server/store';

/** What the network does to the next request matching a path. */
export type Fault =
  | 'drop-before' // the connection drops before the server gets the request
  | 'drop-after' // the server commits, the answer is lost
  | 'duplicate' // the request is delivered twice
  | 'portal' // a captive portal answers instead of the server
  | 'too-large'; // a proxy on the way refuses the request's size (413)

export class FaultyNetwork {
  private faults: { path: string; fault: Fault }[] = [];
  requests = 0;

  /** The next request whose URL contains `path` suffers `fault`. */
  inject(path: string, fault: Fault): void {
    this.faults.push({ path, fault });
  }

  clear(): void {
    this.faults = [];
  }

  readonly fetch: typeof fetch = async (input, init) => {
    this.requests++;
    const url = String(input);
    const index = this.faults.findIndex((f) => url.includes(f.path));
    const fault = index >= 0 ? this.faults.splice(index, 1)[0]!.fault : undefined;
    if (fault === 'drop-before') throw new TypeError('fetch failed: connection reset');
    if (fault === 'drop-after') {
      const response = await fetch(input, init);
      await response.arrayBuffer();
      throw new TypeError('fetch failed: connection lost');
    }
    if (fault === 'duplicate') {
      const [first, second] = await Promise.all([fetch(input, init), fetch(input, init)]);
      await first.arrayBuffer();
      return second;
    }
    if (fault === 'too-large') {
      return new Response(JSON.stringify({ error: 'too_large', message: 'Trop gros' }), {
        status: 413,
        headers: { 'Content-Type': 'application/json', 'Sillon-Server': 'sillon-sync' },
      });
    }
    if (fault === 'portal') {
      return new Response('<html><body>Connectez-vous au Wi-Fi</body></html>', {
        status: 200,
        headers: { 'Content-Type': 'text/html' },
      });
    }
    return fetch(input, init);
  };
}

let counter = 0;

export class Device {
  readonly db: SillonDB;
  readonly network = new FaultyNetwork();
  /** Device clock offset (a tablet whose clock is wrong). */
  clockOffsetMs = 0;

  constructor(
    readonly name: string,
    public baseUrl: string,
  ) {
    this.db = new SillonDB(`test-${name}-${Date.now()}-${counter++}`);
  }

  /** Signs in through the HTTP API (e-mail and password). */
  async signIn(email: string, password: string): Promise<void> {
    await signIn(this.db, { baseUrl: this.baseUrl, fetch: this.network.fetch }, { email, password });
  }

  /** Registers straight in the store (fast path for the property test: no password hashing). */
  async attach(store: Store, userId: string, structureId: string): Promise<void> {
    const token = newToken();
    const deviceId = await getDeviceId(this.db);
    await store.registerDevice({ deviceId, userId, structureId, tokenHash: hashToken(token) });
    await setMeta(this.db, SESSION_KEY, {
      token,
      user: {
        userId,
        name: this.name,
        email: `${this.name}@ex.fr`,
        role: 'conseiller',
        structureId,
        structureName: 'S',
      },
      signedInAt: new Date().toISOString(),
    });
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  async put<T extends RecordMeta = RecordMeta>(
    table: SyncTable,
    id: string | undefined,
    changes: Record<string, unknown>,
  ): Promise<T> {
    return saveRecord<T>(this.db, table, id, changes as Partial<T>, { now: this.now() });
  }

  async remove(table: SyncTable, id: string): Promise<void> {
    await deleteRecord(this.db, table, id);
  }

  get<T = Record<string, unknown>>(table: SyncTable, id: string): Promise<T | undefined> {
    return this.db.table(table).get(id) as Promise<T | undefined>;
  }

  sync(options: { timeoutMs?: number; maxPushBatch?: number; pullLimit?: number } = {}): Promise<SyncResult> {
    return syncOnce({ db: this.db, baseUrl: this.baseUrl, fetch: this.network.fetch, ...options });
  }

  /** Syncs, swallowing the failure a fault causes (the test then checks what survived). */
  async trySync(options: { timeoutMs?: number } = {}): Promise<boolean> {
    try {
      await this.sync(options);
      return true;
    } catch {
      return false;
    }
  }

  async conflicts(): Promise<StoredConflict[]> {
    return (await this.db.conflicts.toArray()) as StoredConflict[];
  }

  async pending(): Promise<number> {
    return this.db.outbox.count();
  }

  /** Every synced record, without device-only fields, keyed by "table:id". */
  async snapshot(): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const table of SYNC_TABLES) {
      for (const record of await this.db.table(table).toArray()) {
        const { serverVersion: _v, ...rest } = record as Record<string, unknown>;
        out.set(`${table}:${String(rest.id)}`, rest);
      }
    }
    return out;
  }

  async close(): Promise<void> {
    this.db.close();
    await this.db.delete();
  }
}

/** The server's full state for a structure, as devices should hold it. */
export const serverSnapshot = async (
  store: Store,
  principal: Parameters<Store['pull']>[0],
): Promise<{ records: Map<string, Record<string, unknown>>; conflicts: Map<string, unknown> }> => {
  const records = new Map<string, Record<string, unknown>>();
  const conflicts = new Map<string, unknown>();
  let cursor = 0;
  for (;;) {
    const page = await store.pull(principal, cursor, 500);
    if (page === 'resync') throw new Error('unexpected resync');
    for (const r of page.records) {
      const data: Record<string, unknown> = { ...r.data, id: r.id };
      if (r.deleted) data.deleted = true;
      else delete data.deleted;
      records.set(`${r.table}:${r.id}`, data);
    }
    for (const c of page.conflicts) conflicts.set(c.id, c);
    cursor = page.cursor;
    if (!page.more) break;
  }
  return { records, conflicts };
};

/** A principal for reading a structure's state in assertions. */
export const observer = async (store: Store, userId: string, structureId: string) => {
  const token = newToken();
  await store.registerDevice({
    deviceId: crypto.randomUUID(),
    userId,
    structureId,
    tokenHash: hashToken(token),
  });
  return (await store.authenticate(hashToken(token)))!;
};
