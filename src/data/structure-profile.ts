// The commune of the structure employeuse (src/domain/structure-profile.ts), on the structure's
// settings record, synced in `settings`.
import type { CommuneRef } from '../domain/beneficiary';
import type { AgreementTemplate } from '../domain/loans';
import type { StructureSettings } from '../domain/structure-profile';
import type { SillonDB } from './db';
import { canEditAgreementTemplate, getAgreementTemplate } from './loans';
import { saveRecord } from './records';

/** The commune where « à distance » sessions count (undefined until a coordinateur gives it). */
export const getStructureCommune = async (db: SillonDB): Promise<CommuneRef | undefined> =>
  ((await getAgreementTemplate(db)) as AgreementTemplate & StructureSettings).structureCommune;

/** The structure's settings are the coordinateur's (src/domain/permissions.ts). */
export const canEditStructureCommune = canEditAgreementTemplate;

export const saveStructureCommune = async (db: SillonDB, commune: CommuneRef | undefined): Promise<void> => {
  if (!canEditStructureCommune()) throw new Error('Seul un coordinateur peut modifier la structure.');
  const current = await getAgreementTemplate(db);
  await db.transaction('rw', db.settings, db.outbox, async () => {
    const stored = await db.settings.get(current.id);
    // A record the server does not have yet travels whole (a settings record needs its title and
    // text); an existing one sends the commune alone.
    const changes: Partial<AgreementTemplate & StructureSettings> = stored
      ? { structureCommune: commune }
      : { title: current.title, body: current.body, structureCommune: commune };
    await saveRecord<AgreementTemplate & StructureSettings>(db, 'settings', current.id, changes);
  });
};
