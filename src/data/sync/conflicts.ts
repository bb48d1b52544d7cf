import type { RecordMeta } from '../../domain/records';
import type { SillonDB } from '../db';
import { getIdentity } from '../meta';
import { saveRecord } from '../records';
import type { StoredConflict } from './apply';

/** Conflicts waiting for a person, newest first. */
export const openConflicts = async (db: SillonDB): Promise<StoredConflict[]> =>
  ((await db.conflicts.toArray()) as StoredConflict[])
    .filter((c) => !c.resolvedAt)
    .sort((a, b) => b.detectedAt.localeCompare(a.detectedAt));

/**
 * A person settles a conflict: 'kept' confirms the value the server kept; 'lost' writes the losing
 * value back (for a deletion, restores the record) as a normal change. The resolution travels to
 * every device of the structure with the next sync.
 */
export const resolveConflict = async (db: SillonDB, conflictId: string, choice: 'kept' | 'lost'): Promise<void> => {
  const conflict = (await db.conflicts.get(conflictId)) as StoredConflict | undefined;
  if (!conflict || conflict.resolvedAt) return;
  await db.transaction('rw', [db.table(conflict.table), db.outbox, db.conflicts], async () => {
    if (choice === 'lost') {
      if (conflict.field === 'deleted') {
        const restored =
          conflict.lostValue && typeof conflict.lostValue === 'object'
            ? (conflict.lostValue as Record<string, unknown>)
            : {};
        await saveRecord<RecordMeta>(db, conflict.table, conflict.recordId, {
          ...restored,
          deleted: undefined,
        } as Partial<RecordMeta>);
      } else {
        await saveRecord<RecordMeta>(db, conflict.table, conflict.recordId, {
          [conflict.field]: conflict.lostValue ?? undefined,
        } as Partial<RecordMeta>);
      }
    }
    const update: Partial<StoredConflict> = {
      resolvedAt: new Date().toISOString(),
      resolution: choice,
      resolutionPending: true,
      ...(getIdentity().userId ? { resolvedBy: getIdentity().userId } : {}),
    };
    await db.conflicts.update(conflictId, update);
  });
};
