// The structure's profile (src/domain/structure-profile.ts), synced in `settings`.
import type { CommuneRef } from '../domain/beneficiary';
import { STRUCTURE_PROFILE_ID, type StructureProfile } from '../domain/structure-profile';
import type { SillonDB } from './db';
import { getIdentity } from './meta';
import { saveRecord } from './records';

export const getStructureProfile = async (db: SillonDB): Promise<StructureProfile | undefined> => {
  const stored = (await db.settings.get(STRUCTURE_PROFILE_ID)) as StructureProfile | undefined;
  return stored && !stored.deleted ? stored : undefined;
};

/** The commune of the structure employeuse, where « à distance » sessions count. */
export const getStructureCommune = async (db: SillonDB): Promise<CommuneRef | undefined> =>
  (await getStructureProfile(db))?.commune;

/** Coordinateurs describe the structure; until sign-in gives a role, everyone may (single-user tablets). */
export const canEditStructureProfile = (): boolean => {
  const { role } = getIdentity();
  return role === undefined || role === 'coordinateur';
};

export const saveStructureCommune = (db: SillonDB, commune: CommuneRef | undefined): Promise<StructureProfile> => {
  if (!canEditStructureProfile()) throw new Error('Seul un coordinateur peut modifier la structure.');
  return saveRecord<StructureProfile>(db, 'settings', STRUCTURE_PROFILE_ID, { commune });
};
