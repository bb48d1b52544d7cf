// The directory of lieux de médiation numérique on the tablet (table `annuaire`, pulled by sync:
// src/domain/annuaire.ts). The screens search it in memory (src/domain/annuaire-search.ts): the list
// is read once and kept until the table changes, so a département of several hundred lieux, or the
// whole national file, costs one read, not one per keystroke.
import { annuaireRecordOf, type AnnuaireLieu } from '../domain/annuaire';
import { newId } from '../domain/ids';
import type { LieuMediation } from '../domain/lieu-mediation';
import type { SillonDB } from './db';
import { deleteRecord, saveRecord } from './records';

/** Every lieu of the directory in use (not deleted). */
export const listAnnuaire = async (db: SillonDB): Promise<AnnuaireLieu[]> =>
  (await db.annuaire.toArray()).filter((l) => !l.deleted);

/** A lieu of the directory, deleted or not (an activity may point to a lieu gone since). */
export const getAnnuaireLieu = (db: SillonDB, id: string): Promise<AnnuaireLieu | undefined> => db.annuaire.get(id);

/** A lieu of the structure's own (coordinateur), in the national schema; its schema id is its record id. */
export const createOwnAnnuaireLieu = (db: SillonDB, lieu: Omit<LieuMediation, 'id'>): Promise<AnnuaireLieu> => {
  const id = newId();
  return saveRecord<AnnuaireLieu>(db, 'annuaire', id, annuaireRecordOf({ ...lieu, id }, 'structure') as Partial<AnnuaireLieu>);
};

export const updateAnnuaireLieu = (db: SillonDB, id: string, lieu: Omit<LieuMediation, 'id'>): Promise<AnnuaireLieu> =>
  saveRecord<AnnuaireLieu>(db, 'annuaire', id, lieu as Partial<AnnuaireLieu>);

export const deleteAnnuaireLieu = (db: SillonDB, id: string): Promise<void> => deleteRecord(db, 'annuaire', id);
