// The advisor's lieux d'activité (table `lieux`): synced records, written through saveRecord so
// that every change, deletions included, travels to the server.
import type { EditBase } from '../domain/edit';
import { LIEU_SCHEMA_KEYS, type Lieu, type LieuInput } from '../domain/lieu';
import type { SillonDB } from './db';
import { deleteRecord, saveAgainstBase, saveRecord } from './records';

/** Every field of a lieu the advisor edits: a field absent from the input is cleared. */
const fields = (input: LieuInput): Partial<Lieu> => {
  const out: Record<string, unknown> = { nom: input.nom, adresse: input.adresse, commune: input.commune };
  // The national schema's fields (src/domain/lieu.ts), absent = cleared.
  for (const key of LIEU_SCHEMA_KEYS) out[key] = input[key];
  return out as Partial<Lieu>;
};

const withoutUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

export const createLieu = (db: SillonDB, input: LieuInput): Promise<Lieu> =>
  saveRecord<Lieu>(db, 'lieux', undefined, withoutUndefined(fields(input)));

/** The fields a lieu form owns, from its validated input (absent means cleared). */
export const lieuFields = (input: LieuInput): Record<string, unknown> => ({ ...fields(input) });

/** With the `base` the form was opened from, only the fields the advisor changed travel (saveAgainstBase). */
export const updateLieu = (db: SillonDB, id: string, input: LieuInput, base?: EditBase): Promise<Lieu> =>
  base
    ? saveAgainstBase<Lieu>(db, 'lieux', id, base, lieuFields(input))
    : saveRecord<Lieu>(db, 'lieux', id, fields(input));

/**
 * A tombstone: the lieu leaves the lists but keeps its name, so past activities that took place
 * there still show where.
 */
export const deleteLieu = (db: SillonDB, id: string): Promise<void> => deleteRecord(db, 'lieux', id);

/** Lieux in use, alphabetical (French collation: « École » sorts with « E »). */
export const listLieux = async (db: SillonDB): Promise<Lieu[]> => {
  const all = await db.lieux.toArray();
  return all.filter((l) => !l.deleted).sort((a, b) => a.nom.localeCompare(b.nom, 'fr', { sensitivity: 'base' }));
};

/** A lieu, deleted or not (an activity may point to a lieu deleted since). */
export const getLieu = (db: SillonDB, id: string): Promise<Lieu | undefined> => db.lieux.get(id);
