// The daily RGPD job (src/domain/anonymisation.ts): a year after the last update of a person's data
// it is anonymised, and a returned loan's signed agreement is erased once the structure's delay has
// passed. Each anonymised record is written as an ordinary change of the structure — a new version,
// merged by the same rule as a push (src/domain/merge.ts) — so every tablet receives it with its next
// pull; the conflicts of that record that kept a value of hers lose it in the same transaction. The
// job is run by one server process at a time (server/jobs.ts, a lease row in `jobs`).
import {
  AGREEMENT_ERASURE,
  namingTables,
  PERSONAL_DATA,
  agreementDue,
  agreementMonthsOf,
  anonymisingPatch,
  retentionCutoff,
} from '../src/domain/anonymisation';
import { anonymisedConflictValues } from '../src/domain/retention';
import { mergeMutation, type FieldStamps, type MergeAuthor } from '../src/domain/merge';
import type { SyncTable } from '../src/domain/records';
import { RECORD_SCHEMAS } from '../src/domain/record-schemas';
import { singletonId } from '../src/domain/singletons';
import type { Database, Sql } from './db/sql';
import { PushRecords } from './push-records';
import { rewriteConflicts } from './conflict-rewrite';
import { readJson } from './stored';

/** Who the job's changes are by (stamps, conflicts): no person, no device. */
export const RETENTION_AUTHOR: MergeAuthor = { userId: 'sillon-retention', deviceId: 'sillon-retention' };

export interface AnonymisationReport {
  /** Records whose personal data was removed, by table. */
  records: Partial<Record<SyncTable, number>>;
  /** Loans whose signed agreement was erased. */
  agreements: number;
  conflicts: number;
}

interface Row {
  tbl: string;
  id: string;
  version: number;
  data: string;
  field_versions: string;
  blobs: string;
}

const TABLES = Object.keys(PERSONAL_DATA) as SyncTable[];

/** Ids of beneficiaries named by a record (session, loan, registration…) updated since `since`: still accompanied. */
const recentlyNamed = async (sql: Sql, structureId: string, since: string): Promise<Set<string>> => {
  const rows = await sql.all<{ tbl: string; data: string }>(
    `SELECT tbl, data FROM records WHERE structure_id = ? AND deleted = 0 AND updated_at >= ?
       AND tbl IN (${namingTables()
         .map(() => '?')
         .join(', ')})`,
    [structureId, since, ...namingTables()],
  );
  const ids = new Set<string>();
  for (const row of rows) {
    const data = readJson<Record<string, unknown>>(row.data);
    if (!data) continue;
    for (const ref of RECORD_SCHEMAS[row.tbl as SyncTable].references)
      if (ref.table === 'beneficiaries') for (const id of ref.ids(data)) ids.add(id);
  }
  return ids;
};

/** Runs the lifecycle over every structure, one transaction each; returns what it changed. */
export const runAnonymisation = async (db: Database, now: Date): Promise<AnonymisationReport> => {
  const report: AnonymisationReport = { records: {}, agreements: 0, conflicts: 0 };
  const structures = await db.all<{ id: string }>('SELECT id FROM structures');
  for (const { id } of structures) await db.tx((sql) => anonymiseStructure(sql, id, now, report));
  return report;
};

const anonymiseStructure = async (
  sql: Sql,
  structureId: string,
  now: Date,
  report: AnonymisationReport,
): Promise<void> => {
  // The structure's version counter, taken as a push takes it (server/push.ts).
  const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const structure = await sql.get<{ last_version: number }>(
    `SELECT last_version FROM structures WHERE id = ?${lock}`,
    [structureId],
  );
  if (!structure) return;
  const state = { version: Number(structure.last_version) };
  const at = now.toISOString();
  const cutoff = retentionCutoff(now).toISOString();
  const records = new PushRecords(sql);
  const changed: { table: SyncTable; id: string; fields: string[] }[] = [];

  const write = (table: SyncTable, row: Row, patch: Record<string, unknown>) => {
    const data = readJson<Record<string, unknown>>(row.data);
    if (!data) return;
    const merged = mergeMutation({
      stored: { data, stamps: readJson<FieldStamps>(row.field_versions) ?? {}, deleted: false },
      // Against the record as it is: no colleague's change is overwritten unseen.
      change: { op: 'put', patch, baseVersion: Number(row.version) },
      author: RETENTION_AUTHOR,
      version: state.version,
    });
    if (!merged.record) return;
    state.version = merged.version;
    const next = { ...merged.record.data, updatedAt: at };
    records.write(
      table,
      row.id,
      {
        structure_id: structureId,
        version: merged.record.version,
        deleted: 0,
        data: JSON.stringify(next),
        field_versions: JSON.stringify(merged.record.stamps),
        blobs: JSON.stringify(RECORD_SCHEMAS[table].blobs(next)),
      },
      at,
    );
    changed.push({ table, id: row.id, fields: Object.keys(patch) });
  };

  // Personal data a year after its last update.
  const stale = await sql.all<Row>(
    `SELECT tbl, id, version, data, field_versions, blobs FROM records
     WHERE structure_id = ? AND deleted = 0 AND updated_at < ? AND tbl IN (${TABLES.map(() => '?').join(', ')})
     ORDER BY tbl, id`,
    [structureId, cutoff, ...TABLES],
  );
  const accompanied = stale.some((r) => r.tbl === 'beneficiaries')
    ? await recentlyNamed(sql, structureId, cutoff)
    : new Set<string>();
  await records.prefetch(stale.map((row) => [row.tbl, row.id]));
  for (const row of stale) {
    const table = row.tbl as SyncTable;
    if (table === 'beneficiaries' && accompanied.has(row.id)) continue;
    const data = readJson<Record<string, unknown>>(row.data);
    const patch = data && anonymisingPatch(table, data);
    if (!patch) continue;
    write(table, row, patch);
    report.records[table] = (report.records[table] ?? 0) + 1;
  }

  // Signed agreements of returned loans, after the structure's delay.
  const settings = await sql.get<{ data: string }>('SELECT data FROM records WHERE tbl = ? AND id = ?', [
    'settings',
    singletonId(structureId, 'agreementTemplate'),
  ]);
  const months = agreementMonthsOf(settings ? readJson<Record<string, unknown>>(settings.data) : undefined);
  const loans = await sql.all<Row>(
    `SELECT tbl, id, version, data, field_versions, blobs FROM records
     WHERE structure_id = ? AND tbl = 'loans' AND deleted = 0 ORDER BY id`,
    [structureId],
  );
  const erased = loans.filter((row) => {
    const data = readJson<Record<string, unknown>>(row.data);
    return data !== undefined && agreementDue(data, months, now);
  });
  // Read through PushRecords first: it then knows which files the record named (record_blobs).
  await records.prefetch(erased.map((row) => ['loans', row.id]));
  for (const row of erased) {
    write('loans', row, { ...AGREEMENT_ERASURE });
    report.agreements++;
  }

  if (changed.length === 0) return;
  await records.flush();
  report.conflicts += await anonymiseConflicts(sql, structureId, changed, state);
  await sql.run('UPDATE structures SET last_version = ? WHERE id = ?', [state.version, structureId]);
};

/** The conflicts of the changed records lose the values of the fields the job removed (a new version each). */
const anonymiseConflicts = async (
  sql: Sql,
  structureId: string,
  changed: { table: SyncTable; id: string; fields: string[] }[],
  state: { version: number },
): Promise<number> => {
  let count = 0;
  for (const { table, id, fields } of changed)
    count += await rewriteConflicts(sql, { structureId, table, id }, state, (values) =>
      anonymisedConflictValues(values, fields),
    );
  return count;
};
