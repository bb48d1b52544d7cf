// The directory of lieux de médiation numérique on the tablet (table `annuaire`, pulled by sync:
// src/domain/annuaire.ts). The screens search it in memory (src/domain/annuaire-search.ts): the list
// is read once and kept until the table changes, so a département of several hundred lieux, or the
// whole national file, costs one read, not one per keystroke. A coordinateur adds the structure's
// own lieux (a CAF permanence, a mairie's public computer) with the commands below: ordinary synced
// changes, checked by the server against the national schema as an import is.
import { annuaireRecordOf, type AnnuaireLieu } from '../domain/annuaire';
import type { EditBase } from '../domain/edit';
import { newId } from '../domain/ids';
import { LIEU_SCHEMA_KEYS } from '../domain/lieu';
import type { LieuMediation } from '../domain/lieu-mediation';
import type { SillonDB } from './db';
import { deleteRecord, saveAgainstBase, saveRecord } from './records';

/** Every lieu of the directory in use (not deleted). */
export const listAnnuaire = async (db: SillonDB): Promise<AnnuaireLieu[]> =>
  (await db.annuaire.toArray()).filter((l) => !l.deleted);

/** The structure's own lieux of the directory (not imported), alphabetical. */
export const listOwnAnnuaire = async (db: SillonDB): Promise<AnnuaireLieu[]> =>
  (await listAnnuaire(db))
    .filter((l) => l.origine === 'structure')
    .sort((a, b) => a.nom.localeCompare(b.nom, 'fr', { sensitivity: 'base' }));

/** A lieu of the directory, deleted or not (an activity may point to a lieu gone since). */
export const getAnnuaireLieu = (db: SillonDB, id: string): Promise<AnnuaireLieu | undefined> =>
  db.annuaire.get(id);

/** A lieu of the structure's own, as its form gives it (the schema's fields, without `id`). */
export type OwnLieuInput = Omit<LieuMediation, 'id'>;

/**
 * The fields the structure's lieu form owns, absent = cleared (a field the form does not edit, such
 * as an imported lieu's coordinates, is left as it is).
 */
export const ownAnnuaireFields = (lieu: OwnLieuInput): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const key of ['nom', 'adresse', 'commune', 'code_postal', 'code_insee', 'date_maj', ...LIEU_SCHEMA_KEYS] as const)
    out[key] = lieu[key];
  return out;
};

/** A lieu of the structure's own (coordinateur), in the national schema; its schema id is its record id. */
export const createOwnAnnuaireLieu = (db: SillonDB, lieu: OwnLieuInput): Promise<AnnuaireLieu> => {
  const id = newId();
  const fields = Object.fromEntries(
    Object.entries(annuaireRecordOf({ ...lieu, id }, 'structure')).filter(([, v]) => v !== undefined),
  );
  return saveRecord<AnnuaireLieu>(db, 'annuaire', id, fields as Partial<AnnuaireLieu>);
};

/** With the `base` the form was opened from, only the fields the coordinateur changed travel. */
export const updateAnnuaireLieu = (
  db: SillonDB,
  id: string,
  lieu: OwnLieuInput,
  base?: EditBase,
): Promise<AnnuaireLieu> =>
  base
    ? saveAgainstBase<AnnuaireLieu>(db, 'annuaire', id, base, ownAnnuaireFields(lieu))
    : saveRecord<AnnuaireLieu>(db, 'annuaire', id, ownAnnuaireFields(lieu) as Partial<AnnuaireLieu>);

export const deleteAnnuaireLieu = (db: SillonDB, id: string): Promise<void> => deleteRecord(db, 'annuaire', id);
