import type { Draft, SillonDB } from './db';

/** Autosave: a form's state, written on every change, removed once the record is saved. */
export const saveDraft = async (db: SillonDB, draft: Omit<Draft, 'updatedAt'>): Promise<void> => {
  await db.drafts.put({ ...draft, updatedAt: new Date().toISOString() });
};

export const getDraft = (db: SillonDB, id: string): Promise<Draft | undefined> => db.drafts.get(id);

export const deleteDraft = async (db: SillonDB, id: string): Promise<void> => {
  await db.drafts.delete(id);
};

export const listDrafts = (db: SillonDB): Promise<Draft[]> => db.drafts.orderBy('updatedAt').reverse().toArray();
