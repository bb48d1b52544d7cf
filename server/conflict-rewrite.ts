// Rewriting the values a record's conflicts hold, in the caller's transaction: personal data leaves
// them when its owner is deleted (server/push.ts) or anonymised by the daily job (server/anonymisation.ts).
// Each conflict changed gets the structure's next version, so that every device pulls it again.
import type { SyncTable } from '../src/domain/records';
import type { Sql } from './db/sql';
import { readStoredValue } from './stored';

export interface ConflictValues {
  field: string;
  keptValue: unknown;
  lostValue: unknown;
}

/**
 * Passes each conflict of the record (oldest first) to `rewrite`, and stores what it returns
 * (undefined: that conflict is left as it is). Returns how many conflicts were changed.
 */
export const rewriteConflicts = async (
  sql: Sql,
  record: { structureId: string; table: SyncTable; id: string },
  state: { version: number },
  rewrite: (values: ConflictValues) => { keptValue?: unknown; lostValue?: unknown } | undefined,
): Promise<number> => {
  const conflicts = await sql.all<{
    id: string;
    field: string;
    kept_value: string | null;
    lost_value: string | null;
  }>(
    `SELECT id, field, kept_value, lost_value FROM conflicts
     WHERE structure_id = ? AND tbl = ? AND record_id = ? ORDER BY version`,
    [record.structureId, record.table, record.id],
  );
  let count = 0;
  for (const c of conflicts) {
    const values = rewrite({
      field: c.field,
      keptValue: readStoredValue(c.kept_value),
      lostValue: readStoredValue(c.lost_value),
    });
    if (!values) continue;
    state.version++;
    count++;
    await sql.run('UPDATE conflicts SET kept_value = ?, lost_value = ?, version = ? WHERE id = ?', [
      JSON.stringify(values.keptValue ?? null),
      JSON.stringify(values.lostValue ?? null),
      state.version,
      c.id,
    ]);
  }
  return count;
};
