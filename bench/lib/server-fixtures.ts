// Server-side fixtures: the real storage (server/store.ts) on SQLite or PostgreSQL, opened by the
// bench to create structures, accounts and device tokens before the server process starts, then
// structures filled through the real push endpoint, and read back for the exactly-once check.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { hashPassword, hashToken, newToken } from '../../server/crypto';
import { dropSchema, openPostgres } from '../../server/db/postgres';
import { openSqlite } from '../../server/db/sqlite';
import { Store } from '../../server/store';
import type { SeedGenerator } from '../../src/domain/seed';
import { SCHEMA_HEADER, SYNC_SCHEMA_VERSION, type Mutation, type PushResponse } from '../../src/domain/sync';
import { tempDir } from './env';

export interface DbTarget {
  kind: 'sqlite' | 'postgres';
  /** Environment that points the server process at this database. */
  env: NodeJS.ProcessEnv;
  open: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

export const sqliteTarget = (): DbTarget => {
  const dataDir = tempDir('sqlite');
  return {
    kind: 'sqlite',
    env: { SILLON_DATA_DIR: dataDir },
    open: async () => {
      const store = new Store(openSqlite(join(dataDir, 'sillon.db')));
      await store.migrate();
      return store;
    },
    cleanup: async () => undefined,
  };
};

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema of its own in the test database, dropped afterwards. */
export const postgresTarget = (): DbTarget => {
  const schema = `sillon_bench_${randomUUID().slice(0, 8)}`;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema },
    open: async () => {
      const store = new Store(await openPostgres(POSTGRES_URL, { schema, max: 4 }));
      await store.migrate();
      return store;
    },
    cleanup: () => dropSchema(POSTGRES_URL, schema),
  };
};

export interface Device {
  deviceId: string;
  userId: string;
  structureId: string;
  token: string;
}

export const PASSWORD = 'mot-de-passe-du-banc';

/** A structure with `advisors` accounts (password PASSWORD) and `devices` signed-in devices each. */
export const createStructure = async (
  store: Store,
  name: string,
  advisors: number,
  devicesPerAdvisor = 1,
): Promise<{ structureId: string; emails: string[]; devices: Device[] }> => {
  const structureId = await store.createStructure(name);
  const passwordHash = await hashPassword(PASSWORD);
  const emails: string[] = [];
  const devices: Device[] = [];
  for (let a = 0; a < advisors; a++) {
    const email = `conseiller${a + 1}.${structureId.slice(0, 8)}@exemple.fr`;
    const userId = await store.createUser({
      email,
      name: `Conseiller ${a + 1}`,
      passwordHash,
      structureId,
      role: a === 0 ? 'coordinateur' : 'conseiller',
    });
    emails.push(email);
    for (let d = 0; d < devicesPerAdvisor; d++) {
      const token = newToken();
      const deviceId = randomUUID();
      await store.registerDevice({
        deviceId,
        userId,
        structureId,
        tokenHash: hashToken(token),
        label: 'banc',
      });
      devices.push({ deviceId, userId, structureId, token });
    }
  }
  return { structureId, emails, devices };
};

export const apiHeaders = (token: string): Record<string, string> => ({
  [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION),
  Authorization: `Bearer ${token}`,
  'Content-Type': 'application/json',
});

/** A record as a creation mutation carries it: everything but the fields the server owns. */
export const creation = (table: Mutation['table'], record: { id: string }, seq: number): Mutation => {
  const patch: Record<string, unknown> = { ...record };
  for (const key of ['id', 'serverVersion', 'structureId', 'createdBy', 'updatedAt']) delete patch[key];
  return { seq, table, recordId: record.id, op: 'put', patch, baseVersion: 0, at: new Date().toISOString() };
};

export const push = async (baseURL: string, device: Device, mutations: Mutation[]): Promise<PushResponse> => {
  const res = await fetch(`${baseURL}/api/sync/push`, {
    method: 'POST',
    headers: apiHeaders(device.token),
    body: JSON.stringify({ deviceId: device.deviceId, mutations }),
  });
  if (!res.ok) throw new Error(`push: ${res.status} ${await res.text()}`);
  return (await res.json()) as PushResponse;
};

/**
 * Fills a structure with `total` records through the real push endpoint, as its devices would
 * have: a tenth beneficiaries, a few lieux and items, the rest activities.
 */
export const fillStructure = async (
  baseURL: string,
  device: Device,
  g: SeedGenerator,
  total: number,
): Promise<{ beneficiaries: number; activities: number; items: number; lieux: number }> => {
  const lieux = g.lieuCount;
  const items = Math.min(500, Math.round(total / 100));
  const beneficiaries = Math.min(g.beneficiaryCount, Math.round(total / 10));
  const activities = total - lieux - items - beneficiaries;
  let seq = 0;
  let batch: Mutation[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const { ack } = await push(baseURL, device, batch);
    if (ack !== batch[batch.length - 1]!.seq) throw new Error(`push acknowledged ${ack}, sent ${seq}`);
    batch = [];
  };
  const add = async (table: Mutation['table'], record: { id: string }) => {
    batch.push(creation(table, record, ++seq));
    if (batch.length === 500) await flush();
  };
  for (let i = 0; i < lieux; i++) await add('lieux', g.lieu(i));
  for (let i = 0; i < beneficiaries; i++) await add('beneficiaries', g.beneficiary(i));
  for (let i = 0; i < activities; i++) await add('activities', g.activity(i, activities));
  for (let i = 0; i < items; i++) await add('items', g.item(i));
  await flush();
  return { beneficiaries, activities, items, lieux };
};
