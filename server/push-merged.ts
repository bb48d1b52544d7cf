// What a push does for beneficiaries merged into one another (src/domain/merge.ts decides, this
// reads and writes the rows): where an edit of a merged-away beneficiary goes, and the conflicts that
// keep a colleague's edit a merge carried to the kept fiche when that fiche refused it.
import { randomUUID } from 'node:crypto';

import { redirectOf, type ForwardedChange } from '../src/domain/merge';
import type { RecordMutation } from '../src/domain/sync';
import type { PushRecords, RecordRow } from './push-records';
import { readJson } from './stored';

/** Where an edit of this stored row goes instead (a beneficiary of this structure a merge deleted). */
export const redirectedTo = (
  row: RecordRow,
  structureId: string,
  mutation: RecordMutation,
  patch: Record<string, unknown>,
) =>
  row.structure_id === structureId
    ? redirectOf(
        { deleted: row.deleted === 1, data: readJson<Record<string, unknown>>(row.data) ?? {} },
        { op: mutation.op, patch },
      )
    : undefined;

/** A forwarded edit the kept record refused: each field whose value differs, kept as a conflict. */
export const keepForwardAsConflicts = async (
  records: PushRecords,
  structureId: string,
  forward: ForwardedChange,
  state: { version: number; conflicts: number },
  now: string,
): Promise<void> => {
  const row = await records.get('beneficiaries', forward.recordId);
  const kept = row ? (readJson<Record<string, unknown>>(row.data) ?? {}) : {};
  for (const [field, value] of Object.entries(forward.change.patch)) {
    if (JSON.stringify(kept[field] ?? null) === JSON.stringify(value ?? null)) continue;
    state.version++;
    state.conflicts++;
    records.addConflict([
      randomUUID(),
      structureId,
      'beneficiaries',
      forward.recordId,
      field,
      JSON.stringify(kept[field] ?? null),
      JSON.stringify(value ?? null),
      null,
      forward.author.userId,
      now,
      state.version,
    ]);
  }
};
