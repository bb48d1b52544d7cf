// The alphabetical order of the beneficiaries, held in memory: on the tablet the `sortKey` index
// holds keyed hashes (a clear name prefix would leak names), so the order is made from the clear
// sort keys, which only the sealed rows hold. Opening all 10,000 rows at each unlock took 2.8 s at
// CPU 4× (issue 14), so the order is also kept sealed in the database (beneficiary-order-store.ts):
// an unlock opens that one snapshot, the first page shows at once, and the snapshot is then checked
// in idle time against the `sortKey` index (ids and hashes, read as keys only), so that what another
// tab, a crash before the snapshot was saved, or any write it missed changed is found and re-read.
// Without a snapshot (the first unlock after the upgrade), the rows are opened a slice at a time,
// yielding between slices. Every write that goes through the database (at-rest.ts reports them)
// keeps the order true, and the snapshot is saved again in idle time after a change.
// The order is forgotten when the keys close (the lock): a locked tablet keeps no name in memory.
import type { WrittenRows } from './crypto/at-rest';
import { onAccountKeysChange } from './crypto/account-keys';
import { whenIdle, yieldToInterface } from './yield-to-interface';

export interface OrderEntry {
  /** The clear sort key (normalised « nom prénom »). */
  readonly sortKey: string;
  readonly id: string;
  /** Its keyed hash, as the `sortKey` index holds it. */
  readonly hash: string;
}

interface OpenedRow {
  id: string;
  sortKey?: string | undefined;
  deleted?: boolean | undefined;
}

/** What the order reads and writes (beneficiary-order-store.ts on IndexedDB; a fake in tests). */
export interface OrderSource {
  /** The sealed snapshot, as saved (sorted), or undefined when there is none or it does not open. */
  readSnapshot(): Promise<OrderEntry[] | undefined>;
  /** Saves the snapshot; `current()` false means it is stale already (then nothing is written). */
  writeSnapshot(entries: readonly OrderEntry[], current: () => boolean): Promise<void>;
  /** Every (hash, id) of the `sortKey` index, keys only, in one read. */
  eachIndexed(visit: (hash: string, id: string) => void): Promise<void>;
  /** The ids in the `sortKey` index (primary keys only). */
  indexedIds(): Promise<string[]>;
  /** The opened rows of `ids`, in their order (undefined where absent). */
  read(ids: readonly string[]): Promise<(OpenedRow | undefined)[]>;
  /** The keyed hash of a clear sort key. */
  hash(sortKey: string): string;
}

/** Rows opened per slice when there is no snapshot: each slice is one task of about 20 ms at CPU 4×. */
export const OPEN_SLICE = 64;

/** After a change, the snapshot is saved once writes have paused this long (then in idle time). */
const SAVE_DELAY_MS = 1_000;

/** Above this many rows in one write, the order is sorted again rather than edited in place. */
const IN_PLACE_MAX = 32;

const compare = (a: { sortKey: string; id: string }, b: { sortKey: string; id: string }): number =>
  a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The first index of `sorted` whose entry is after `at` (or at it, with `inclusive`). */
const lowerBound = (sorted: readonly OrderEntry[], at: { sortKey: string; id: string }, after: boolean): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compare(sorted[mid]!, at);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

const entryOf = (row: OpenedRow, hash: string | undefined): OrderEntry | undefined =>
  !row.deleted && typeof row.sortKey === 'string' && hash !== undefined
    ? { sortKey: row.sortKey, id: String(row.id), hash }
    : undefined;

// The orders of the open databases, forgotten when the keys close or change hands.
const live = new Set<WeakRef<BeneficiaryOrder>>();
onAccountKeysChange(() => {
  for (const ref of live) {
    const order = ref.deref();
    if (order) order.reset();
    else live.delete(ref);
  }
});

export class BeneficiaryOrder {
  private byId: Map<string, OrderEntry> | undefined;
  /** byId sorted; undefined when it must be sorted again. */
  private sorted: OrderEntry[] | undefined;
  private loading: Promise<void> | undefined;
  /** Writes seen while the order was being built: replayed on it. */
  private pending: WrittenRows[] = [];
  /** Ids written while the snapshot is being checked: what the check read of them is older. */
  private touched: Set<string> | undefined;
  /** Bumped by reset(): work begun before it neither fills nor saves the order. */
  private generation = 0;
  /** The snapshot is behind the order in memory. */
  private dirty = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly source: OrderSource) {
    live.add(new WeakRef(this));
  }

  /** Forgets the order (the database was opened again, the keys closed): read again at the next page. */
  reset(): void {
    this.generation += 1;
    this.byId = undefined;
    this.sorted = undefined;
    this.loading = undefined;
    this.pending = [];
    this.touched = undefined;
    this.dirty = false;
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
  }

  /** Changes when the order changed other than by a write the caller's live query saw (a check, a build). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getVersion = (): number => this.version;

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  /** Called by the middleware after each write to `beneficiaries` (with the rows as stored, hashed). */
  written(change: WrittenRows): void {
    if (this.byId) {
      this.apply(change);
      this.later();
    } else if (this.loading) this.pending.push(change);
    if (this.touched) {
      if (change.kind === 'cleared') this.touched = undefined;
      else if (change.kind === 'deleted') for (const key of change.keys) this.touched.add(String(key));
      else for (const row of change.rows) this.touched.add(String(row.id));
    }
  }

  private apply(change: WrittenRows): void {
    const byId = this.byId!;
    if (change.kind === 'cleared') {
      byId.clear();
      this.sorted = [];
      return;
    }
    const many = (change.kind === 'deleted' ? change.keys.length : change.rows.length) > IN_PLACE_MAX;
    const sorted = many ? undefined : this.sorted;
    if (many) this.sorted = undefined;
    const remove = (id: string) => {
      const old = byId.get(id);
      if (!old) return;
      byId.delete(id);
      if (sorted) {
        const at = lowerBound(sorted, old, false);
        if (sorted[at]?.id === id) sorted.splice(at, 1);
      }
    };
    if (change.kind === 'deleted') {
      for (const key of change.keys) remove(String(key));
      return;
    }
    change.rows.forEach((row, i) => {
      const id = String(row.id);
      remove(id);
      const stored = change.stored?.[i];
      const entry = entryOf(row as unknown as OpenedRow, typeof stored?.sortKey === 'string' ? stored.sortKey : undefined);
      if (!entry) return;
      byId.set(id, entry);
      if (sorted) sorted.splice(lowerBound(sorted, entry, false), 0, entry);
    });
  }

  private load(): Promise<void> {
    if (this.byId) return Promise.resolve();
    const generation = this.generation;
    this.loading ??= this.build().then(
      () => {
        if (generation === this.generation) this.loading = undefined;
      },
      (error: unknown) => {
        // Locked meanwhile, or a read failed: the next page tries again.
        if (generation === this.generation) {
          this.loading = undefined;
          this.pending = [];
        }
        throw error;
      },
    );
    return this.loading;
  }

  private async build(): Promise<void> {
    const generation = this.generation;
    const snapshot = await this.source.readSnapshot();
    if (generation !== this.generation) return;
    let sorted: OrderEntry[];
    if (snapshot) sorted = snapshot;
    else {
      sorted = await this.openAll(generation);
      if (generation !== this.generation) return;
      sorted.sort(compare);
      this.dirty = true;
    }
    this.byId = new Map(sorted.map((e) => [e.id, e]));
    this.sorted = sorted;
    const pending = this.pending;
    this.pending = [];
    for (const change of pending) this.apply(change);
    if (pending.length > 0) this.dirty = true;
    if (snapshot) whenIdle(() => void this.check(generation).catch(() => undefined), 2_000);
    else this.later();
  }

  /** Without a snapshot: every live row opened, a slice per task. */
  private async openAll(generation: number): Promise<OrderEntry[]> {
    const ids = await this.source.indexedIds();
    const entries: OrderEntry[] = [];
    for (let start = 0; start < ids.length; start += OPEN_SLICE) {
      if (start > 0) await yieldToInterface();
      if (generation !== this.generation) return entries;
      for (const row of await this.source.read(ids.slice(start, start + OPEN_SLICE))) {
        const entry = row && entryOf(row, typeof row.sortKey === 'string' ? this.source.hash(row.sortKey) : undefined);
        if (entry) entries.push(entry);
      }
    }
    return entries;
  }

  /**
   * The snapshot checked against the `sortKey` index: an id absent from it, or whose hash differs
   * (renamed), is opened again; an id the index no longer holds goes. Ids written meanwhile are
   * left as the writes set them.
   */
  private async check(generation: number): Promise<void> {
    if (generation !== this.generation || !this.byId) return;
    this.touched = new Set();
    try {
      const stale: string[] = [];
      const seen = new Set<string>();
      await this.source.eachIndexed((hash, id) => {
        seen.add(id);
        if (this.byId?.get(id)?.hash !== hash) stale.push(id);
      });
      if (generation !== this.generation || !this.byId || !this.touched) return;
      const gone = [...this.byId.keys()].filter((id) => !seen.has(id) && !this.touched!.has(id));
      const found: OrderEntry[] = [];
      const dropped: string[] = [];
      for (let start = 0; start < stale.length; start += OPEN_SLICE) {
        if (start > 0) await yieldToInterface();
        const ids = stale.slice(start, start + OPEN_SLICE);
        const rows = await this.source.read(ids);
        if (generation !== this.generation) return;
        rows.forEach((row, i) => {
          const entry = row && entryOf(row, typeof row.sortKey === 'string' ? this.source.hash(row.sortKey) : undefined);
          if (entry) found.push(entry);
          else dropped.push(ids[i]!);
        });
      }
      if (generation !== this.generation || !this.byId || !this.touched) return;
      const touched = this.touched;
      const fixes = [...gone, ...dropped].filter((id) => !touched.has(id));
      const adds = found.filter((e) => !touched.has(e.id));
      if (fixes.length === 0 && adds.length === 0) return;
      for (const id of fixes) this.byId.delete(id);
      for (const entry of adds) this.byId.set(entry.id, entry);
      this.sorted = undefined;
      this.dirty = true;
      this.later();
      this.changed();
    } finally {
      if (generation === this.generation) this.touched = undefined;
    }
  }

  /** The snapshot saved once writes pause, in idle time. */
  private later(): void {
    this.dirty = true;
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    const generation = this.generation;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      whenIdle(() => void this.save(generation).catch(() => undefined), 5_000);
    }, SAVE_DELAY_MS);
  }

  /** Saves the snapshot now if it is behind (the idle save, or a test). */
  async save(generation: number = this.generation): Promise<void> {
    if (generation !== this.generation || !this.dirty || !this.byId) return;
    this.dirty = false;
    const entries = this.ordered().slice();
    try {
      // A write since: this snapshot is already behind, and the save that write asked for writes the newer one.
      await this.source.writeSnapshot(entries, () => generation === this.generation && !this.dirty);
    } catch (error) {
      if (generation === this.generation) this.dirty = true;
      throw error;
    }
  }

  /** Builds the order if it is not in memory and saves its snapshot if behind (idle time after a sync). */
  async warm(): Promise<void> {
    await this.load();
    await this.save();
  }

  private ordered(): OrderEntry[] {
    this.sorted ??= [...this.byId!.values()].sort(compare);
    return this.sorted;
  }

  /** The live beneficiaries' ids after `after` (sortKey then id), at most `limit`. */
  async page(limit: number, after?: { sortKey: string; id: string }): Promise<{ sortKey: string; id: string }[]> {
    await this.load();
    // Reset while it loaded (locked, reopened): read again.
    if (!this.byId) return this.page(limit, after);
    const sorted = this.ordered();
    const start = after ? lowerBound(sorted, after, true) : 0;
    return sorted.slice(start, start + limit);
  }
}
