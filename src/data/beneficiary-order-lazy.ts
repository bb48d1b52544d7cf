// The beneficiaries' order (beneficiary-order.ts) loaded with the first page that needs it, not with
// the first route (which stays under its 170 KB budget). A write before it is loaded needs no
// replay: the order reads the rows after it loads, so they include that write.
import type { WrittenRows } from './crypto/at-rest';
import type { BeneficiaryOrder } from './beneficiary-order';
import type { SillonDB } from './db';

export class LazyBeneficiaryOrder {
  private real: BeneficiaryOrder | undefined;
  private loading: Promise<BeneficiaryOrder> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly db: SillonDB) {}

  private load(): Promise<BeneficiaryOrder> {
    if (this.real) return Promise.resolve(this.real);
    this.loading ??= Promise.all([import('./beneficiary-order'), import('./beneficiary-order-store')]).then(
      ([order, store]) => {
        this.real ??= new order.BeneficiaryOrder(store.orderSource(this.db));
        for (const listener of this.listeners) this.real.subscribe(listener);
        return this.real;
      },
    );
    return this.loading;
  }

  written(change: WrittenRows): void {
    this.real?.written(change);
  }

  reset(): void {
    this.real?.reset();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    const off = this.real?.subscribe(listener);
    return () => {
      this.listeners.delete(listener);
      off?.();
    };
  };

  readonly getVersion = (): number => this.real?.getVersion() ?? 0;

  async page(limit: number, after?: { sortKey: string; id: string }): Promise<{ sortKey: string; id: string }[]> {
    return (await this.load()).page(limit, after);
  }

  async warm(): Promise<void> {
    await (await this.load()).warm();
  }

  async save(): Promise<void> {
    await (await this.load()).save();
  }
}
