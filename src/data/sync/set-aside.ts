// Pulled records this device cannot apply (docs/sync-protocol.md, « Pull »): checked with the same
// per-table schemas as the server's (structural level: types, codes, sizes, known fields), and kept
// aside in `setAside` instead of failing the page, so that one bad record stored on the server can
// never stop a structure's sync again. A later valid version of the record takes its place.
import { checkRecord } from '../../domain/record-check';
import type { PulledRecord } from '../../domain/sync';
import type { SetAsideRecord, SillonDB } from '../db';

/** One page's set-aside bookkeeping, written in the page's transaction. */
export class SetAside {
  private readonly put: SetAsideRecord[] = [];
  private readonly cleared: string[] = [];

  constructor(
    private readonly db: SillonDB,
    private readonly now = new Date(),
  ) {}

  /** Whether `record` can be applied; if not, it is set aside. */
  accepts(record: PulledRecord): boolean {
    const key = `${record.table}:${record.id}`;
    const data = record.deleted ? { ...record.data, deleted: true } : record.data;
    const check = record.damaged ? undefined : checkRecord(record.table, data, { level: 'structural' });
    if (check?.ok) {
      this.cleared.push(key);
      return true;
    }
    this.put.push({
      key,
      table: record.table,
      id: record.id,
      version: record.version,
      fields: check && !check.ok ? check.fields : {},
      ...(record.damaged ? { damaged: true } : {}),
      at: this.now.toISOString(),
    });
    return false;
  }

  async save(): Promise<void> {
    if (this.cleared.length && (await this.db.setAside.count()) > 0) await this.db.setAside.bulkDelete(this.cleared);
    if (this.put.length) await this.db.setAside.bulkPut(this.put);
  }
}

/** Records set aside, newest first. */
export const listSetAside = async (db: SillonDB): Promise<SetAsideRecord[]> =>
  (await db.setAside.toArray()).sort((a, b) => b.version - a.version);
