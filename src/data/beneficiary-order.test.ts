import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';

import { deleteBeneficiary, listBeneficiaries, saveBeneficiary } from './beneficiaries';
import { BeneficiaryOrder, OPEN_SLICE, type OrderSource } from './beneficiary-order';
import { orderSource } from './beneficiary-order-store';
import { closeAccountKeys, newRootSecret, openAccountKeys } from './crypto/account-keys';
import { SillonDB } from './db';
import { beneficiaryInputSchema, type Beneficiary, type BeneficiaryInput } from '../domain/beneficiary';
import { derivedFields } from './beneficiaries';

const NOW = new Date('2026-11-23T10:00:00Z');
const input = (fields: Partial<BeneficiaryInput>): BeneficiaryInput =>
  beneficiaryInputSchema(NOW).parse({ anonyme: false, ...fields });

const dbs: SillonDB[] = [];
const open = (name = `order-${Math.random().toString(36).slice(2)}`): SillonDB => {
  const db = new SillonDB(name);
  dbs.push(db);
  return db;
};

afterEach(async () => {
  closeAccountKeys();
  for (const db of dbs.splice(0)) db.close();
});

/** The order's source on `db`, counting what it reads. */
const counted = (db: SillonDB, chunk?: number) => {
  const source = orderSource(db, chunk);
  const calls = { snapshots: 0, opened: [] as number[], checks: 0 };
  const spy: OrderSource = {
    ...source,
    readSnapshot: () => {
      calls.snapshots += 1;
      return source.readSnapshot();
    },
    read: (ids) => {
      calls.opened.push(ids.length);
      return source.read(ids);
    },
    eachIndexed: (visit) => {
      calls.checks += 1;
      return source.eachIndexed(visit);
    },
  };
  return { order: new BeneficiaryOrder(spy), calls };
};

const names = async (order: BeneficiaryOrder, db: SillonDB): Promise<string[]> => {
  const ids = (await order.page(1_000)).map((e) => e.id);
  return (await db.beneficiaries.bulkGet(ids)).map((b) => `${b!.nom} ${b!.prenom}`);
};

const until = async (done: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(done()).toBe(true);
};

const person = (i: number, nom: string): Beneficiary => {
  const fields = input({ prenom: 'Anne', nom });
  return {
    id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    structureId: 's',
    createdBy: 'u',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    ...fields,
    ...derivedFields(fields, NOW),
  } as unknown as Beneficiary;
};

describe('the beneficiaries’ order, kept sealed', () => {
  it('is read from its sealed snapshot at the next start, without opening the rows', async () => {
    const db = open();
    for (const nom of ['Viguié', 'Andrieu', 'Mercier']) await saveBeneficiary(db, undefined, input({ prenom: 'Lou', nom }), NOW);
    await db.beneficiaryOrder.warm();
    const { order, calls } = counted(db);
    expect(await names(order, db)).toEqual(['Andrieu Lou', 'Mercier Lou', 'Viguié Lou']);
    expect(calls.snapshots).toBe(1);
    expect(calls.opened).toEqual([]);
    // The snapshot holds the names sealed: nothing of them in clear in the stored rows.
    const raw = new Dexie(db.name);
    await raw.open();
    const stored = JSON.stringify(await raw.table('meta').toArray(), (_, v: unknown) =>
      v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : v,
    );
    raw.close();
    expect(stored).toContain('beneficiaryOrder');
    for (const witness of ['andrieu', 'mercier', 'vigui']) expect(stored.toLowerCase()).not.toContain(witness);
  });

  it('finds in idle time what its snapshot missed (another tab, a crash before it was saved)', async () => {
    const db = open();
    const kept = await saveBeneficiary(db, undefined, input({ prenom: 'Lou', nom: 'Mercier' }), NOW);
    const renamed = await saveBeneficiary(db, undefined, input({ prenom: 'Lou', nom: 'Zola' }), NOW);
    const gone = await saveBeneficiary(db, undefined, input({ prenom: 'Lou', nom: 'Bernard' }), NOW);
    await db.beneficiaryOrder.warm();
    // Another connection (another tab) writes: this one's order does not see it.
    const other = open(db.name);
    await saveBeneficiary(other, undefined, input({ prenom: 'Lou', nom: 'Andrieu' }), NOW);
    await saveBeneficiary(other, renamed.id, input({ prenom: 'Lou', nom: 'Abel' }), NOW);
    await deleteBeneficiary(other, gone.id);
    const { order, calls } = counted(db);
    let changes = 0;
    order.subscribe(() => (changes += 1));
    // At once: the snapshot as saved (the list leaves the tombstone out).
    expect((await order.page(10)).map((e) => e.id)).toEqual([gone.id, kept.id, renamed.id]);
    await until(() => changes === 1);
    expect(calls.checks).toBe(1);
    // Only the new and the renamed rows were opened.
    expect(calls.opened).toEqual([2]);
    expect(await names(order, db)).toEqual(['Abel Lou', 'Andrieu Lou', 'Mercier Lou']);
    expect((await order.page(10)).map((e) => e.id)).not.toContain(gone.id);
    expect((await order.page(10)).map((e) => e.id)).toContain(kept.id);
    // The corrected order is saved in its turn.
    await order.save();
    const next = counted(db);
    expect(await names(next.order, db)).toEqual(['Abel Lou', 'Andrieu Lou', 'Mercier Lou']);
  });

  it('without a snapshot, opens the rows a slice at a time, then saves one', async () => {
    const db = open();
    await db.beneficiaries.bulkPut(Array.from({ length: 150 }, (_, i) => person(i, `Nom${String(149 - i).padStart(3, '0')}`)));
    const { order, calls } = counted(db);
    const page = await order.page(3);
    expect(page.map((e) => e.sortKey)).toEqual(['nom000 anne', 'nom001 anne', 'nom002 anne']);
    expect(calls.opened.every((n) => n <= OPEN_SLICE)).toBe(true);
    expect(calls.opened.reduce((a, b) => a + b, 0)).toBe(150);
    await order.save();
    const next = counted(db);
    expect((await next.order.page(3)).map((e) => e.sortKey)).toEqual(['nom000 anne', 'nom001 anne', 'nom002 anne']);
    expect(next.calls.opened).toEqual([]);
  });

  it('keeps a large order in several sealed chunks; a chunk that does not open means no snapshot', async () => {
    const db = open();
    // Chunks of 50 here (2,000 in the app): three, the last one partly filled.
    const count = 2 * 50 + 10;
    await db.beneficiaries.bulkPut(Array.from({ length: count }, (_, i) => person(i, `Nom${String(i).padStart(5, '0')}`)));
    const writer = counted(db, 50);
    await writer.order.warm();
    const first = counted(db);
    expect(await first.order.page(count + 1)).toHaveLength(count);
    expect(first.calls.opened).toEqual([]);
    // A chunk swapped with another one (same key, other place) does not open: the rows are read.
    const raw = new Dexie(db.name);
    await raw.open();
    const chunk0 = await raw.table('meta').get('beneficiaryOrder.0');
    const chunk1 = await raw.table('meta').get('beneficiaryOrder.1');
    await raw.table('meta').bulkPut([
      { ...chunk0, value: chunk1.value },
      { ...chunk1, value: chunk0.value },
    ]);
    raw.close();
    const second = counted(db);
    expect((await second.order.page(2)).map((e) => e.sortKey)).toEqual(['nom00000 anne', 'nom00001 anne']);
    expect(second.calls.opened.reduce((a, b) => a + b, 0)).toBe(count);
  });

  it('follows writes at once, and is forgotten when the keys close (the lock)', async () => {
    const db = open();
    await saveBeneficiary(db, undefined, input({ prenom: 'Lou', nom: 'Mercier' }), NOW);
    expect((await listBeneficiaries(db)).items.map((b) => b.nom)).toEqual(['Mercier']);
    const abel = await saveBeneficiary(db, undefined, input({ prenom: 'Lou', nom: 'Abel' }), NOW);
    expect((await listBeneficiaries(db)).items.map((b) => b.nom)).toEqual(['Abel', 'Mercier']);
    await saveBeneficiary(db, abel.id, input({ prenom: 'Lou', nom: 'Zola' }), NOW);
    expect((await listBeneficiaries(db)).items.map((b) => b.nom)).toEqual(['Mercier', 'Zola']);
    await db.beneficiaryOrder.save();
    const { order, calls } = counted(db);
    await order.page(10);
    expect(calls.snapshots).toBe(1);
    await order.page(10);
    expect(calls.snapshots).toBe(1);
    openAccountKeys('another-account', newRootSecret());
    closeAccountKeys();
    expect(await names(order, db)).toEqual(['Mercier Lou', 'Zola Lou']);
    expect(calls.snapshots).toBe(2);
  });
});
