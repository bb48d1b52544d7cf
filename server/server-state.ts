// What the server knows about itself, kept in the database so that any number of server processes
// share it (no state that matters lives in a process): its epoch and the one-time setup code.
//
// The epoch names one life of the data. A restore brings the data back to an earlier day: versions,
// device counters and tokens go back with it, and tablets that kept working since hold records the
// server no longer has. So a restore draws a new epoch and remembers, per structure, the version the
// restored data stops at (`restored_version`): a tablet that sees another epoch pushes again every
// record it holds at a higher version of the old life (docs/sync-protocol.md, « Restauration »).
import { randomUUID } from 'node:crypto';

import type { PushRequest } from '../src/domain/sync';
import { newSetupCode, normaliseCode, sha256 } from './crypto';
import type { Database, Sql } from './db/sql';
import { HttpError } from './errors';

export const readEpoch = async (sql: Sql): Promise<string> => {
  const row = await sql.get<{ value: string }>("SELECT value FROM server_state WHERE key = 'epoch'");
  if (!row) throw new Error('server_state has no epoch: migrations not applied');
  return row.value;
};

/**
 * Starts a new epoch inside the caller's transaction (a restore): every structure remembers where
 * the restored data stops. Returns the new epoch.
 */
export const startNewEpoch = async (sql: Sql): Promise<string> => {
  const epoch = randomUUID();
  await sql.run("UPDATE server_state SET value = ? WHERE key = 'epoch'", [epoch]);
  await sql.run('UPDATE structures SET restored_version = last_version');
  return epoch;
};

/** The epoch and the version the last restore stopped at, for one structure. */
export const epochOf = async (
  sql: Sql,
  structureId: string,
): Promise<{ epoch: string; restoredVersion: number }> => {
  const row = await sql.get<{ restored_version: number }>(
    'SELECT restored_version FROM structures WHERE id = ?',
    [structureId],
  );
  return { epoch: await readEpoch(sql), restoredVersion: Number(row?.restored_version ?? 0) };
};

export interface DeviceEpochRow {
  last_seq: number;
  /** The epoch in which `last_seq` holds (null: the device has not pushed since it was registered). */
  epoch: string | null;
  server_epoch: string;
}

/**
 * The device's last applied mutation id for this push. After a restore, the restored counter is
 * behind the device's (its mutations acknowledged since the backup left its outbox; it pushes their
 * records again instead): a device that says it has caught up with the new epoch starts from its
 * first mutation, once. Only forward: a retried request can never make a mutation apply twice. A
 * device that pushes with an older epoch must first learn what the restore lost (409).
 */
export const deviceStartSeq = (device: DeviceEpochRow, request: PushRequest): number => {
  const lastSeq = Number(device.last_seq);
  if (request.epoch === undefined) return lastSeq;
  if (request.epoch !== device.server_epoch)
    throw new HttpError(
      409,
      'epoch_changed',
      'Le serveur a été restauré : cet appareil renvoie ce qui lui manque.',
      {
        epoch: device.server_epoch,
      },
    );
  const first = request.mutations[0]?.seq;
  if (device.epoch !== device.server_epoch && first !== undefined) return Math.max(lastSeq, first - 1);
  return lastSeq;
};

/**
 * The one-time code that lets the first person create the structure from the app. Only its SHA-256
 * is stored (a database copy does not give it away); the process that issues it prints it. With
 * several processes, the first one to start issues it, the others say where it was printed, and
 * `npm run admin -- setup-code` issues a new one.
 */
export class SetupCodes {
  constructor(private readonly db: Database) {}

  /** Whether the server still waits for its setup (no structure yet). */
  async pending(): Promise<boolean> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM structures');
    return Number(row?.n ?? 0) === 0;
  }

  /**
   * A new code when the server has none yet (or `replace`), else undefined (another process, or an
   * earlier start, printed it). Nothing once the structure exists.
   */
  async issue(replace = false): Promise<string | undefined> {
    if (!(await this.pending())) return undefined;
    const code = newSetupCode();
    const hash = sha256(normaliseCode(code));
    const written = replace
      ? await this.db.run(
          `INSERT INTO server_state (key, value) VALUES ('setup_code', ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          [hash],
        )
      : await this.db.run(
          "INSERT INTO server_state (key, value) VALUES ('setup_code', ?) ON CONFLICT (key) DO NOTHING",
          [hash],
        );
    return written > 0 ? code : undefined;
  }

  async matches(typed: string): Promise<boolean> {
    const row = await this.db.get<{ value: string }>(
      "SELECT value FROM server_state WHERE key = 'setup_code'",
    );
    return !!row && row.value === sha256(normaliseCode(typed));
  }

  /** The code is spent once the structure exists (inside the setup's transaction when given). */
  async spend(sql: Sql = this.db): Promise<void> {
    await sql.run("DELETE FROM server_state WHERE key = 'setup_code'");
  }
}
