// The names of the structure's people, so that a conflict card says who changed what (« par Marc
// Petit ») rather than « un·e collègue ». The server knows them (GET /api/sync/members); the tablet
// keeps the last list it received, and asks again only when a conflict names someone it does not
// know, or once a day while there are conflicts to show.
import type { StructureMember } from '../../domain/sync';
import type { SillonDB } from '../db';
import { getMeta, setMeta } from '../meta';
import type { StoredConflict } from './apply';
import { apiRequest, type TransportOptions } from './transport';

export const MEMBERS_KEY = 'sync.members';
const REFRESH_MS = 24 * 60 * 60 * 1000;

interface StoredMembers {
  at: string;
  names: Record<string, string>;
}

/** user id → name, as last received from the server. */
export const memberNames = async (db: SillonDB): Promise<Record<string, string>> =>
  (await getMeta<StoredMembers>(db, MEMBERS_KEY))?.names ?? {};

/** Asks the server for the names when a conflict needs one; a failure only leaves the old names. */
export const refreshMembers = async (
  db: SillonDB,
  transport: TransportOptions,
  now: Date = new Date(),
): Promise<void> => {
  const conflicts = (await db.conflicts.toArray()) as StoredConflict[];
  if (conflicts.length === 0) return;
  const stored = await getMeta<StoredMembers>(db, MEMBERS_KEY);
  const named = conflicts.flatMap((c) => [c.keptBy, c.lostBy, c.resolvedBy]).filter((id): id is string => !!id);
  const unknown = named.some((id) => !stored?.names[id]);
  const age = stored ? now.getTime() - Date.parse(stored.at) : Infinity;
  if (!unknown && age >= 0 && age < REFRESH_MS) return;
  try {
    const { members } = await apiRequest<{ members: StructureMember[] }>(transport, 'GET', '/sync/members');
    const names = Object.fromEntries(members.map((m) => [m.id, m.name]));
    await setMeta(db, MEMBERS_KEY, { at: now.toISOString(), names } satisfies StoredMembers);
  } catch {
    // Names are a courtesy: the cards say « un·e collègue » until the next sync brings them.
  }
};
