import { randomBytes, randomUUID } from 'node:crypto';

import type { SyncTable } from '../src/domain/records';
import {
  type PulledRecord,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type RecordMutation,
  type Role,
  type SyncConflict,
} from '../src/domain/sync';
import type { Database, Sql } from './db/sql';
import { migrate } from './db/migrations';
import { HttpError } from './errors';
import { applyPush } from './push';
import { applyImportedPush } from './push-imported';
import { creationPasses } from './push-creation';
import { pushInOneCall } from './push-one-call';
import { startPrecheck } from './push-precheck';
import { SetupCodes } from './server-state';
import { migrateLegacySingletons } from './singletons';
import { readStoredRecord, readStoredValue, type StoredRecordRow } from './stored';

/** Who is calling: resolved from the device token, never from the request body. */
export interface Principal {
  userId: string;
  deviceId: string;
  structureId: string;
  role: Role;
  /** The account's password is provisional: nothing but changing it is allowed (server/api-accounts.ts). */
  mustChangePassword?: boolean;
  /** A coordinateur asked this device to erase its data: it may push, then must erase (remote wipe). */
  wipeRequested?: boolean;
}

interface ConflictRow {
  id: string;
  tbl: SyncTable;
  record_id: string;
  field: string;
  kept_value: string | null;
  lost_value: string | null;
  kept_by: string | null;
  lost_by: string | null;
  detected_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: 'kept' | 'lost' | null;
  version: number;
}

/** A row of PULL_QUERY: the structure's marks, then a record ('r') or a conflict ('c'), or neither. */
interface PullRow {
  last_version: number;
  purged_version: number;
  conflicts_purged_version: number;
  kind: 'r' | 'c' | null;
  tbl: SyncTable | null;
  id: string | null;
  version: number | null;
  deleted: number | null;
  data: string | null;
  blobs: string | null;
  conflict_id: string | null;
  field: string | null;
  kept_value: string | null;
  lost_value: string | null;
  kept_by: string | null;
  lost_by: string | null;
  detected_at: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: 'kept' | 'lost' | null;
}

/**
 * A page of the pull: at most `limit + 1` records and as many conflicts after the cursor, each kind
 * in version order, beside the structure's row (kept when there is neither: the LEFT JOIN).
 */
const PULL_QUERY = `SELECT s.last_version, s.purged_version, s.conflicts_purged_version, p.*
  FROM structures s LEFT JOIN (
    SELECT * FROM (
      SELECT 'r' AS kind, tbl, id, version, deleted, data, blobs,
             CAST(NULL AS TEXT) AS conflict_id, CAST(NULL AS TEXT) AS field, CAST(NULL AS TEXT) AS kept_value, CAST(NULL AS TEXT) AS lost_value, CAST(NULL AS TEXT) AS kept_by,
             CAST(NULL AS TEXT) AS lost_by, CAST(NULL AS TEXT) AS detected_at, CAST(NULL AS TEXT) AS resolved_at, CAST(NULL AS TEXT) AS resolved_by, CAST(NULL AS TEXT) AS resolution
      FROM records WHERE structure_id = ? AND version > ? ORDER BY version LIMIT ?) r
    UNION ALL
    SELECT * FROM (
      SELECT 'c' AS kind, tbl, record_id AS id, version, CAST(NULL AS INTEGER) AS deleted, CAST(NULL AS TEXT) AS data, CAST(NULL AS TEXT) AS blobs,
             id AS conflict_id, field, kept_value, lost_value, kept_by, lost_by, detected_at, resolved_at,
             resolved_by, resolution
      FROM conflicts WHERE structure_id = ? AND version > ? ORDER BY version LIMIT ?) c
  ) p ON TRUE
  WHERE s.id = ?`;

/** Whether each mutation passes as a creation (server/push-creation.ts), checked on this thread. */
const checkCreationsAhead = (request: PushRequest, writer: Principal, clock: Date): boolean[] =>
  request.mutations.map((m) => m.op === 'put' && creationPasses(m as RecordMutation, writer, clock) === true);

/** How long a push waited for its structure's version lock, then held it until its commit. */
export interface PushLockTiming {
  waitMs: number;
  heldMs: number;
  /** How the push was written: in one call (server/push-one-call.ts), or a transaction holding the lock. */
  way: 'one_call' | 'transaction';
}

export interface StoreOptions {
  now?: () => Date;
  /** Deleted records are kept this long before their tombstone is purged (devices offline longer resync). */
  tombstoneDays?: number;
  /** Resolved conflicts are kept this long, then purged (devices drop theirs at the next pull). */
  conflictDays?: number;
}

const toConflict = (row: ConflictRow): SyncConflict => ({
  id: row.id,
  table: row.tbl,
  recordId: row.record_id,
  field: row.field,
  keptValue: readStoredValue(row.kept_value),
  lostValue: readStoredValue(row.lost_value),
  ...(row.kept_by ? { keptBy: row.kept_by } : {}),
  ...(row.lost_by ? { lostBy: row.lost_by } : {}),
  detectedAt: row.detected_at,
  ...(row.resolved_at ? { resolvedAt: row.resolved_at } : {}),
  ...(row.resolved_by ? { resolvedBy: row.resolved_by } : {}),
  ...(row.resolution ? { resolution: row.resolution } : {}),
  version: row.version,
});

/**
 * The server's storage: one implementation over the SQL surface that SQLite and PostgreSQL share.
 * Every push runs in one transaction that first locks the structure's version counter, so versions
 * are handed out and committed in the same order: a pull cursor can never jump over a change that
 * commits later (docs/sync-protocol.md, « Ordre serveur »).
 */
export class Store {
  readonly now: () => Date;
  readonly tombstoneDays: number;
  readonly conflictDays: number;
  /** Told of each applied push's lock timing (server/metrics.ts). */
  onPushLock?: (timing: PushLockTiming) => void;

  constructor(
    readonly db: Database,
    options: StoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.tombstoneDays = options.tombstoneDays ?? 365;
    this.conflictDays = options.conflictDays ?? 90;
  }

  async migrate(): Promise<number> {
    const applied = await migrate(this.db);
    await migrateLegacySingletons(this.db);
    return applied;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private iso(): string {
    return this.now().toISOString();
  }

  // ---------------------------------------------------------------- structures, users, devices

  async countStructures(): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM structures');
    return Number(row?.n ?? 0);
  }

  async createStructure(name: string, sql: Sql = this.db): Promise<string> {
    const id = randomUUID();
    await sql.run('INSERT INTO structures (id, name, created_at) VALUES (?, ?, ?)', [id, name, this.iso()]);
    return id;
  }

  async listStructures(): Promise<{ id: string; name: string; users: number }[]> {
    return this.db.all(
      `SELECT s.id, s.name, (SELECT COUNT(*) FROM memberships m WHERE m.structure_id = s.id) AS users
       FROM structures s ORDER BY s.name`,
    );
  }

  async createUser(
    input: { email: string; name: string; passwordHash: string; structureId: string; role: Role },
    sql: Sql = this.db,
  ): Promise<string> {
    const existing = await sql.get<{ id: string }>('SELECT id FROM users WHERE email = ?', [input.email]);
    const id = existing?.id ?? randomUUID();
    if (!existing) {
      await sql.run('INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)', [
        id,
        input.email,
        input.name,
        input.passwordHash,
        this.iso(),
      ]);
    }
    const member = await sql.get('SELECT role FROM memberships WHERE user_id = ? AND structure_id = ?', [
      id,
      input.structureId,
    ]);
    if (member) throw new HttpError(409, 'user_exists', 'Ce compte existe déjà dans la structure.');
    await sql.run('INSERT INTO memberships (user_id, structure_id, role) VALUES (?, ?, ?)', [
      id,
      input.structureId,
      input.role,
    ]);
    return id;
  }

  /** First start: the structure, its first coordinateur, in one transaction (only on an empty server). */
  async setup(input: { structureName: string; email: string; name: string; passwordHash: string }) {
    return this.db.tx(async (sql) => {
      const count = await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM structures');
      if (Number(count?.n ?? 0) > 0)
        throw new HttpError(409, 'already_set_up', 'Ce serveur est déjà configuré.');
      await new SetupCodes(this.db).spend(sql);
      const structureId = await this.createStructure(input.structureName, sql);
      const userId = await this.createUser({ ...input, structureId, role: 'coordinateur' }, sql);
      return { structureId, userId };
    });
  }

  findUserByEmail(email: string) {
    return this.db.get<{
      id: string;
      email: string;
      name: string;
      password_hash: string;
    }>('SELECT id, email, name, password_hash FROM users WHERE email = ?', [email]);
  }

  /** Whether this device id is a registered, unrevoked device of the account (it has signed in here before). */
  async isDeviceOf(deviceId: string, userId: string): Promise<boolean> {
    return !!(await this.db.get(
      'SELECT 1 AS x FROM devices WHERE id = ? AND user_id = ? AND revoked_at IS NULL',
      [deviceId, userId],
    ));
  }

  /** A stronger hash of the same password (scrypt parameters raised): nothing else about the account changes. */
  async upgradePasswordHash(userId: string, oldHash: string, newHash: string): Promise<void> {
    await this.db.run('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?', [
      newHash,
      userId,
      oldHash,
    ]);
  }

  membershipsOf(userId: string) {
    return this.db.all<{ structureId: string; name: string; role: Role }>(
      `SELECT m.structure_id AS "structureId", s.name, m.role FROM memberships m
       JOIN structures s ON s.id = m.structure_id WHERE m.user_id = ? ORDER BY s.name`,
      [userId],
    );
  }

  /** The structure's people; `disabled`: their membership here is disabled (server/accounts.ts). */
  listUsers(structureId: string) {
    return this.db.all<{ id: string; name: string; email: string; role: Role; disabled: number }>(
      `SELECT u.id, u.name, u.email, m.role, CASE WHEN m.disabled_at IS NULL THEN 0 ELSE 1 END AS disabled
       FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.structure_id = ? ORDER BY u.name`,
      [structureId],
    );
  }

  /**
   * Signs a device in: the device row is keyed by the app database's own id (its mutation space).
   * Returns the device's lock key (made at its first sign-in, kept across sign-ins, forgotten when
   * the device is revoked): the tablet wraps the account's root secret with it (issue 14).
   */
  async registerDevice(input: {
    deviceId: string;
    userId: string;
    structureId: string;
    label?: string;
    tokenHash: string;
  }): Promise<string> {
    return this.db.tx(async (sql) => {
      const device = await sql.get<{ user_id: string; structure_id: string }>(
        'SELECT user_id, structure_id FROM devices WHERE id = ?',
        [input.deviceId],
      );
      if (device && (device.user_id !== input.userId || device.structure_id !== input.structureId)) {
        throw new HttpError(
          409,
          'device_taken',
          'Cet espace de la tablette appartient à un autre compte : déconnectez-vous puis reconnectez-vous.',
        );
      }
      const now = this.iso();
      if (!device) {
        await sql.run(
          'INSERT INTO devices (id, user_id, structure_id, label, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)',
          [input.deviceId, input.userId, input.structureId, input.label ?? null, now, now],
        );
      } else {
        // Signing in again on the same device: earlier tokens stop working, its mutation counter stays.
        await sql.run('UPDATE tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL', [
          now,
          input.deviceId,
        ]);
        await sql.run(
          'UPDATE devices SET revoked_at = NULL, wipe_requested_at = NULL, label = ?, last_seen_at = ? WHERE id = ?',
          [input.label ?? null, now, input.deviceId],
        );
      }
      await sql.run('INSERT INTO tokens (hash, device_id, created_at) VALUES (?, ?, ?)', [
        input.tokenHash,
        input.deviceId,
        now,
      ]);
      const row = await sql.get<{ lock_key: string | null }>('SELECT lock_key FROM devices WHERE id = ?', [
        input.deviceId,
      ]);
      if (row?.lock_key) return row.lock_key;
      const key = randomBytes(32).toString('base64');
      await sql.run('UPDATE devices SET lock_key = ? WHERE id = ?', [key, input.deviceId]);
      return key;
    });
  }

  async authenticate(tokenHash: string): Promise<Principal | undefined> {
    const row = await this.db.get<{
      user_id: string;
      device_id: string;
      structure_id: string;
      role: Role;
      must_change_password: number;
      wipe_requested_at: string | null;
    }>(
      `SELECT d.user_id, d.id AS device_id, d.structure_id, m.role, u.must_change_password, d.wipe_requested_at
       FROM tokens t
       JOIN devices d ON d.id = t.device_id
       JOIN users u ON u.id = d.user_id
       JOIN memberships m ON m.user_id = d.user_id AND m.structure_id = d.structure_id
       WHERE t.hash = ? AND t.revoked_at IS NULL AND d.revoked_at IS NULL AND u.disabled_at IS NULL
         AND m.disabled_at IS NULL`,
      [tokenHash],
    );
    return row
      ? {
          userId: row.user_id,
          deviceId: row.device_id,
          structureId: row.structure_id,
          role: row.role,
          ...(Number(row.must_change_password) === 1 ? { mustChangePassword: true } : {}),
          ...(row.wipe_requested_at ? { wipeRequested: true } : {}),
        }
      : undefined;
  }

  async sessionUser(principal: Principal) {
    const row = await this.db.get<{ name: string; email: string; structure_name: string }>(
      `SELECT u.name, u.email, s.name AS structure_name FROM users u, structures s WHERE u.id = ? AND s.id = ?`,
      [principal.userId, principal.structureId],
    );
    return {
      userId: principal.userId,
      name: row?.name ?? '',
      email: row?.email ?? '',
      role: principal.role,
      structureId: principal.structureId,
      structureName: row?.structure_name ?? '',
    };
  }

  async revokeToken(tokenHash: string): Promise<void> {
    await this.db.run('UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL', [
      this.iso(),
      tokenHash,
    ]);
  }

  /** The device erased its data after a wipe was asked: it is revoked (its token stops working). */
  async wipeConfirmed(deviceId: string): Promise<void> {
    await this.db.tx(async (sql) => {
      const now = this.iso();
      await sql.run(
        'UPDATE devices SET revoked_at = ?, lock_key = NULL WHERE id = ? AND revoked_at IS NULL AND wipe_requested_at IS NOT NULL',
        [now, deviceId],
      );
      await sql.run('UPDATE tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL', [
        now,
        deviceId,
      ]);
    });
  }

  listDevices(structureId?: string) {
    return this.db.all<{
      id: string;
      label: string | null;
      user_id: string;
      user_name: string;
      structure_id: string;
      last_seq: number;
      created_at: string;
      last_seen_at: string | null;
      revoked_at: string | null;
      wipe_requested_at: string | null;
    }>(
      `SELECT d.id, d.label, d.user_id, u.name AS user_name, d.structure_id, d.last_seq, d.created_at,
              d.last_seen_at, d.revoked_at, d.wipe_requested_at
       FROM devices d JOIN users u ON u.id = d.user_id
       ${structureId ? 'WHERE d.structure_id = ?' : ''} ORDER BY d.created_at`,
      structureId ? [structureId] : [],
    );
  }

  /** Revokes a device (lost tablet): its tokens stop working; its next sync gets 401. */
  async revokeDevice(
    deviceId: string,
    structureId?: string,
    options: { wipe?: boolean } = {},
  ): Promise<boolean> {
    return this.db.tx(async (sql) => {
      const now = this.iso();
      if (options.wipe) {
        // « Effacer »: the device stays able to push what it still holds, then erases itself and
        // says so (wipeConfirmed), which revokes it. Asked again of a device already asked: nothing.
        const asked = await sql.run(
          `UPDATE devices SET wipe_requested_at = ? WHERE id = ? AND revoked_at IS NULL AND wipe_requested_at IS NULL${structureId ? ' AND structure_id = ?' : ''}`,
          structureId ? [now, deviceId, structureId] : [now, deviceId],
        );
        return asked > 0;
      }
      // Its lock key goes too: the copy of the root secret the tablet keeps under it opens no more.
      const changed = await sql.run(
        `UPDATE devices SET revoked_at = ?, lock_key = NULL WHERE id = ? AND revoked_at IS NULL${structureId ? ' AND structure_id = ?' : ''}`,
        structureId ? [now, deviceId, structureId] : [now, deviceId],
      );
      if (changed) {
        await sql.run('UPDATE tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL', [
          now,
          deviceId,
        ]);
      }
      return changed > 0;
    });
  }

  // ---------------------------------------------------------------- push

  /**
   * Applies a device's mutations exactly once and in order: those at or below the device's last
   * applied mutation id are skipped (a retried or duplicated request changes nothing), the rest and
   * the new last id are written in the same transaction.
   */
  async push(principal: Principal, request: PushRequest, body?: string | ArrayBuffer): Promise<PushResponse> {
    if (request.deviceId !== principal.deviceId) {
      throw new HttpError(403, 'wrong_device', 'Cette requête ne vient pas de l’appareil connecté.');
    }
    if (request.importedFrom)
      return this.db.tx((sql) => applyImportedPush(sql, principal, request, this.now()));
    // A large push's creations are checked ahead on another thread from the request's own body.
    const clock = this.now();
    const precheck = body ? startPrecheck(body, request.mutations.length, principal, clock) : undefined;
    // A small push's creations are checked here, before the structure's lock is asked for: the
    // checks need nothing stored, and every other push of the structure waits while it is held.
    const ahead = precheck ? undefined : checkCreationsAhead(request, principal, clock);
    const prechecked = precheck?.passes ?? ((index: number) => ahead?.[index] === true);
    const asked = performance.now();
    let locked = 0;
    try {
      // PostgreSQL: decided from a snapshot, written under the lock by one call (server/push-one-call.ts);
      // else, or when what it read has changed, the transaction that holds the lock throughout.
      const one = await pushInOneCall(this.db, principal, request, clock, { prechecked });
      if (one) {
        this.onPushLock?.({ waitMs: one.waitMs, heldMs: one.heldMs, way: 'one_call' });
        return one.response;
      }
      const response = await this.db.tx((sql) =>
        applyPush(sql, principal, request, clock, {
          prechecked,
          locked: () => (locked = performance.now()),
        }),
      );
      if (locked)
        this.onPushLock?.({
          waitMs: locked - asked,
          heldMs: performance.now() - locked,
          way: 'transaction',
        });
      return response;
    } finally {
      precheck?.done();
    }
  }

  // ---------------------------------------------------------------- pull

  /**
   * One page of the structure's changes after `cursor`, in server order. Records and conflicts are
   * read in one snapshot, so the cursor returned covers exactly what the page holds.
   * Returns 'resync' when the device's cursor cannot be continued (tombstones purged since, or a
   * server restored from an older backup): the device then pulls from zero, keeping its outbox.
   */
  async pull(principal: Principal, cursor: number, limit: number): Promise<PullResponse | 'resync'> {
    // One statement: it reads the structure's marks, its records and its conflicts in one snapshot
    // (a statement sees one on both databases), in one round trip and without a transaction, so a
    // pull never waits for a connection behind pushes (server/db/postgres.ts) nor holds one longer.
    // Not the per-field stamps: a device never receives them, and they are the row's largest column.
    const rows = await this.db.all<PullRow>(PULL_QUERY, [
      principal.structureId,
      cursor,
      limit + 1,
      principal.structureId,
      cursor,
      limit + 1,
      principal.structureId,
    ]);
    const structure = rows[0];
    if (!structure) throw new HttpError(401, 'unauthorized', 'Structure inconnue.');
    const latest = Number(structure.last_version);
    // What the server forgot: a device that has seen every change up to a mark drops the same
    // tombstones and resolved conflicts; one that has not (cursor below a mark) starts again.
    const purged = {
      tombstones: Number(structure.purged_version),
      conflicts: Number(structure.conflicts_purged_version),
    };
    if (cursor > 0 && (cursor < Math.max(purged.tombstones, purged.conflicts) || cursor > latest))
      return 'resync';
    type Item = { version: number; record?: PulledRecord; conflict?: SyncConflict };
    const items: Item[] = rows
      .filter((r) => r.kind !== null)
      .map((r) =>
        r.kind === 'r'
          ? { version: Number(r.version), record: readStoredRecord(r as unknown as StoredRecordRow) }
          : {
              version: Number(r.version),
              conflict: toConflict({
                ...(r as unknown as ConflictRow),
                id: r.conflict_id!,
                record_id: r.id!,
              }),
            },
      )
      .sort((a, b) => a.version - b.version);
    const page = items.slice(0, limit);
    return {
      records: page.flatMap((i) => (i.record ? [i.record] : [])),
      conflicts: page.flatMap((i) => (i.conflict ? [i.conflict] : [])),
      cursor: page.length > 0 ? page[page.length - 1]!.version : cursor,
      more: items.length > limit,
      latest,
      purged,
    };
  }

  // ---------------------------------------------------------------- tombstones

  /**
   * Forgets tombstones older than the retention window. Devices whose cursor is older than the
   * newest purged version are told to resync (they would otherwise never hear of those deletions).
   */
  async purgeTombstones(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.tombstoneDays * 86_400_000).toISOString();
    const structures = await this.db.all<{ id: string }>('SELECT id FROM structures');
    let purged = 0;
    for (const { id } of structures) {
      purged += await this.db.tx(async (sql) => {
        const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
        await sql.get(`SELECT last_version FROM structures WHERE id = ?${lock}`, [id]);
        const max = await sql.get<{ v: number | null }>(
          'SELECT MAX(version) AS v FROM records WHERE structure_id = ? AND deleted = 1 AND updated_at < ?',
          [id, cutoff],
        );
        if (max?.v === null || max?.v === undefined) return 0;
        // Everything deleted at or below the mark goes, so that a device may drop exactly those.
        const count = await sql.run(
          'DELETE FROM records WHERE structure_id = ? AND deleted = 1 AND version <= ?',
          [id, Number(max.v)],
        );
        await sql.run('UPDATE structures SET purged_version = ? WHERE id = ? AND purged_version < ?', [
          Number(max.v),
          id,
          Number(max.v),
        ]);
        return count;
      });
    }
    return purged;
  }

  /**
   * Forgets conflicts resolved longer ago than the retention window (their values may hold personal
   * data, and nobody needs them any more). The structure keeps the highest purged version: the pull
   * carries it, devices drop their resolved conflicts at or below it, and a device that has not seen
   * every change up to it resyncs (it might still show one of them as open).
   */
  async purgeResolvedConflicts(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.conflictDays * 86_400_000).toISOString();
    const structures = await this.db.all<{ id: string }>('SELECT id FROM structures');
    let purged = 0;
    for (const { id } of structures) {
      purged += await this.db.tx(async (sql) => {
        const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
        await sql.get(`SELECT last_version FROM structures WHERE id = ?${lock}`, [id]);
        const max = await sql.get<{ v: number | null }>(
          `SELECT MAX(version) AS v FROM conflicts
           WHERE structure_id = ? AND resolved_at IS NOT NULL AND resolved_at < ?`,
          [id, cutoff],
        );
        if (max?.v === null || max?.v === undefined) return 0;
        const mark = Number(max.v);
        const count = await sql.run(
          'DELETE FROM conflicts WHERE structure_id = ? AND resolved_at IS NOT NULL AND version <= ?',
          [id, mark],
        );
        await sql.run(
          'UPDATE structures SET conflicts_purged_version = ? WHERE id = ? AND conflicts_purged_version < ?',
          [mark, id, mark],
        );
        return count;
      });
    }
    return purged;
  }
}
