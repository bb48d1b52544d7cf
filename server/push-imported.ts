// A push of another device's changes, brought by an unsynced-changes file: applied as that device's
// own, exactly once, by the usual push (server/push.ts).
import { IMPORT_FORBIDDEN, mayImportChangesOf } from '../src/domain/permissions';
import type { PushRequest, PushResponse } from '../src/domain/sync';
import type { Sql } from './db/sql';
import { HttpError } from './errors';
import { applyPush } from './push';
import type { Principal } from './store';

/**
 * Applies changes another device made, brought by an unsynced-changes file (src/domain/unsynced-export.ts):
 * they are applied against that device's own count of applied mutations, so a change is applied once
 * whether the file is imported twice, on two tablets, or the device itself comes back and pushes it.
 * They are its author's (stamps, createdBy, conflict names); only that person or a coordinateur of
 * the structure may bring them, with the importer's role. A device the server never saw (a tablet
 * used before any sign-in) is recorded for the importer, revoked: nothing signs in with it.
 * Ids may have gaps (changes discarded on the tablet never reach a file).
 */
export const applyImportedPush = async (
  sql: Sql,
  principal: Principal,
  request: PushRequest,
  clock: Date,
): Promise<PushResponse> => {
  const origin = request.importedFrom!;
  if (origin === principal.deviceId)
    throw new HttpError(
      400,
      'own_device',
      'Ces modifications sont celles de cet appareil : envoyez-les normalement.',
    );
  const now = clock.toISOString();
  await sql.run(
    `INSERT INTO devices (id, user_id, structure_id, label, created_at, last_seen_at, revoked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [origin, principal.userId, principal.structureId, 'Import d’un fichier', now, now, now],
  );
  const device = await sql.get<{ user_id: string; structure_id: string }>(
    'SELECT user_id, structure_id FROM devices WHERE id = ?',
    [origin],
  );
  if (!device || device.structure_id !== principal.structureId)
    throw new HttpError(403, 'foreign_device', 'Ce fichier vient d’une tablette d’une autre structure.');
  if (!mayImportChangesOf(principal, device.user_id))
    throw new HttpError(403, 'not_your_device', IMPORT_FORBIDDEN);
  const author: Principal = { ...principal, userId: device.user_id, deviceId: origin };
  const { resolutions: _none, ...changes } = request;
  return applyPush(sql, author, { ...changes, deviceId: origin }, clock, { imported: true });
};
