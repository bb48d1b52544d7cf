// The first version stored the loan-agreement template under one fixed id for every structure:
// the first structure to save it held that id, every other one got 403 forever. Ids of singletons
// are now derived from the structure (src/domain/singletons.ts); this moves a template stored under
// the fixed id to its structure's own id, with a new version so that every tablet of the structure
// receives it at its next pull. Runs at every start (a no-op once done), in one transaction per
// singleton, safe with several server processes.
import { SINGLETONS, singletonId, type SingletonKind } from '../src/domain/singletons';
import type { Database } from './db/sql';

export const migrateLegacySingletons = async (db: Database): Promise<number> => {
  let moved = 0;
  for (const kind of Object.keys(SINGLETONS) as SingletonKind[]) {
    const { table, legacyId } = SINGLETONS[kind];
    moved += await db.tx(async (sql) => {
      const row = await sql.get<{ structure_id: string; data: string }>(
        'SELECT structure_id, data FROM records WHERE tbl = ? AND id = ?',
        [table, legacyId],
      );
      if (!row) return 0;
      const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
      const structure = await sql.get<{ last_version: number }>(
        `SELECT last_version FROM structures WHERE id = ?${lock}`,
        [row.structure_id],
      );
      if (!structure) return 0;
      const id = singletonId(row.structure_id, kind);
      const taken = await sql.get('SELECT 1 AS x FROM records WHERE tbl = ? AND id = ?', [table, id]);
      if (taken) {
        // Already saved under its own id since: that one is the newer, the fixed one goes.
        await sql.run('DELETE FROM records WHERE tbl = ? AND id = ?', [table, legacyId]);
        return 1;
      }
      const version = Number(structure.last_version) + 1;
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(row.data) as Record<string, unknown>;
      } catch {
        // A damaged row keeps its text: the pull serves it as damaged.
      }
      await sql.run('UPDATE records SET id = ?, version = ?, data = ? WHERE tbl = ? AND id = ?', [
        id,
        version,
        Object.keys(data).length ? JSON.stringify({ ...data, id }) : row.data,
        table,
        legacyId,
      ]);
      await sql.run(
        'UPDATE conflicts SET record_id = ? WHERE tbl = ? AND record_id = ? AND structure_id = ?',
        [id, table, legacyId, row.structure_id],
      );
      await sql.run('UPDATE structures SET last_version = ? WHERE id = ?', [version, row.structure_id]);
      return 1;
    });
  }
  return moved;
};
