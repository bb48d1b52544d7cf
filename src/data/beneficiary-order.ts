// The alphabetical order of the beneficiaries, held in memory: on the tablet the `sortKey` index
// holds keyed hashes (a clear name prefix would leak names), so the order is made from the opened
// rows — read once per session, then kept true by every write that goes through the database
// (at-rest.ts reports them), and sorted again only when it changed.
import type { WrittenRows } from './crypto/at-rest';

interface Entry {
  sortKey: string;
  id: string;
}

export class BeneficiaryOrder {
  private entries: Map<string, string> | undefined;
  private loading: Promise<Map<string, string>> | undefined;
  /** Writes seen while the rows were being read: replayed on them. */
  private pending: WrittenRows[] = [];
  private sorted: Entry[] | undefined;
  /** Bumped by reset(): a read begun before it does not fill the order. */
  private generation = 0;

  constructor(private readonly readAll: () => Promise<{ id: string; sortKey?: string; deleted?: boolean }[]>) {}

  private static applyTo(entries: Map<string, string>, change: WrittenRows): void {
    if (change.kind === 'cleared') entries.clear();
    else if (change.kind === 'deleted') for (const key of change.keys) entries.delete(String(key));
    else
      for (const row of change.rows) {
        const id = String(row.id);
        if (!row.deleted && typeof row.sortKey === 'string') entries.set(id, row.sortKey);
        else entries.delete(id);
      }
  }

  /** Forgets the order: read again at the next page (the database was opened again). */
  reset(): void {
    this.generation += 1;
    this.entries = undefined;
    this.loading = undefined;
    this.sorted = undefined;
    this.pending = [];
  }

  /** Called by the middleware after each write to `beneficiaries`. */
  written(change: WrittenRows): void {
    this.sorted = undefined;
    if (this.entries) BeneficiaryOrder.applyTo(this.entries, change);
    else if (this.loading) this.pending.push(change);
  }

  private async load(): Promise<Map<string, string>> {
    if (this.entries) return this.entries;
    const generation = this.generation;
    this.loading ??= this.readAll().then((rows) => {
      const entries = new Map<string, string>();
      for (const row of rows) if (!row.deleted && typeof row.sortKey === 'string') entries.set(row.id, row.sortKey);
      if (generation !== this.generation) return entries;
      for (const change of this.pending) BeneficiaryOrder.applyTo(entries, change);
      this.pending = [];
      this.entries = entries;
      this.loading = undefined;
      return entries;
    });
    return this.loading;
  }

  /** The live beneficiaries' ids after `after` (sortKey then id, as the index ordered them), at most `limit`. */
  async page(limit: number, after?: Entry): Promise<Entry[]> {
    const entries = await this.load();
    this.sorted ??= [...entries]
      .map(([id, sortKey]) => ({ id, sortKey }))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const sorted = this.sorted;
    let start = 0;
    if (after) {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const e = sorted[mid]!;
        if (e.sortKey < after.sortKey || (e.sortKey === after.sortKey && e.id <= after.id)) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    return sorted.slice(start, start + limit);
  }
}
