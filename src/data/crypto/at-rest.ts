// Encryption at rest as a Dexie DBCore middleware, the layer closest to IndexedDB: every write of
// every path (commands, sync, drafts, imports, upgrades) is sealed on its way down and every read
// opened on its way up, synchronously (no await inside the transaction: WebCrypto there would
// commit it, PrematureCommitError). The code above — Dexie's hooks, liveQuery, the app — sees clear
// rows; IndexedDB holds the clear fields of at-rest-rules.ts and one sealed `_sealed` field.
import type { DBCore, DBCoreCursor, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';

import { AT_REST_RULES, type TableRule } from './at-rest-rules';
import { keysFor, type AtRestKeys } from './keys';
import { isBytes, openBytes, openJson, sealBytes, sealJson } from './seal';
import { prefixHashes, tokenHash } from './search-hash';

export const SEALED = '_sealed';

type Row = Record<string, unknown>;

/** A write that went down to IndexedDB, as the code above wrote it (clear). */
export type WrittenRows =
  | {
      kind: 'put';
      rows: readonly Row[];
      /** The same rows as stored: sealed, their index keys hashed (the order keeps the sortKey's hash). */
      stored?: readonly Row[];
    }
  | { kind: 'deleted'; keys: readonly unknown[] }
  | { kind: 'cleared' };

export type OnWritten = (table: string, change: WrittenRows) => void;

const aadOf = (table: string, rule: TableRule, key: unknown): string =>
  rule.bindKey ? `${table}:${typeof key === 'string' ? key : JSON.stringify(key)}` : table;

/** The index keys of a beneficiary: hashes of the search prefixes and of the name's sort key. */
const hashIndexes = (keys: AtRestKeys, clear: Row, row: Row): void => {
  if (Array.isArray(row.searchTokens)) clear.searchTokens = prefixHashes(keys.search, row.searchTokens as string[]);
  if (typeof row.sortKey === 'string') clear.sortKey = tokenHash(keys.search, row.sortKey);
};

/**
 * The bytes of the Blobs the middleware may store: a Blob cannot be read synchronously inside the
 * transaction, so a writer hands it through readyBlob() first (putBlob, the sync, the import); a
 * Blob read from the database is known already (an update of its row writes it back).
 */
const blobBytes = new WeakMap<Blob, Uint8Array>();

export const readyBlob = async (blob: Blob): Promise<Blob> => {
  if (!blobBytes.has(blob)) blobBytes.set(blob, new Uint8Array(await blob.arrayBuffer()));
  return blob;
};

const toBytes = (data: unknown): Uint8Array => {
  if (isBytes(data)) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const bytes = data && typeof data === 'object' ? blobBytes.get(data as Blob) : undefined;
  if (!bytes) throw new TypeError('blobs: a Blob is stored through readyBlob() (src/data/crypto/at-rest.ts)');
  return bytes;
};

export const sealRow = (keys: AtRestKeys, table: string, rule: TableRule, row: Row, key: unknown): Row => {
  const clear: Row = {};
  const secret: Row = {};
  for (const [field, value] of Object.entries(row)) {
    if (field === SEALED) continue;
    if (rule.clear.has(field)) clear[field] = value;
    else if (!(table === 'blobs' && field === 'data')) secret[field] = value;
  }
  const aad = aadOf(table, rule, key);
  if (table === 'beneficiaries') {
    hashIndexes(keys, clear, row);
    secret.searchTokens = row.searchTokens;
    secret.sortKey = row.sortKey;
  }
  if (table === 'blobs') clear.data = sealBytes(keys.field, toBytes(row.data), `${aad}:data`);
  clear[SEALED] = sealJson(keys.field, secret, aad);
  return clear;
};

export const openRow = (keys: AtRestKeys, table: string, rule: TableRule, stored: Row, key: unknown): Row => {
  const sealed = stored[SEALED];
  // Written before encryption at rest (the upgrade seals it): as it is.
  if (!isBytes(sealed)) return stored;
  const aad = aadOf(table, rule, key);
  const row: Row = { ...stored, ...openJson<Row>(keys.field, sealed, aad) };
  delete row[SEALED];
  // JSON has no `undefined`: a sealed field absent stays absent, as before.
  if (table === 'beneficiaries') {
    if (stored.searchTokens === undefined) delete row.searchTokens;
    if (stored.sortKey === undefined) delete row.sortKey;
  }
  if (table === 'blobs' && isBytes(stored.data)) {
    const bytes = openBytes(keys.field, stored.data, `${aad}:data`);
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: String(stored.type ?? '') });
    blobBytes.set(blob, bytes);
    row.data = blob;
  }
  return row;
};

const wrapTable = (dbName: string, table: DBCoreTable, rule: TableRule, onWritten?: OnWritten): DBCoreTable => {
  const name = table.name;
  const keyPath = table.schema.primaryKey.keyPath;
  const keyOf = (row: Row, given: unknown): unknown =>
    given !== undefined ? given : typeof keyPath === 'string' ? row[keyPath] : undefined;
  const open = (value: unknown, key: unknown): unknown =>
    value && typeof value === 'object' ? openRow(keysFor(dbName), name, rule, value as Row, keyOf(value as Row, key)) : value;
  const wrapCursor = (cursor: DBCoreCursor): DBCoreCursor => {
    let raw: unknown;
    let opened: unknown;
    return Object.create(cursor, {
      key: { get: () => cursor.key },
      primaryKey: { get: () => cursor.primaryKey },
      value: {
        get: () => {
          const value: unknown = cursor.value;
          if (value !== raw) {
            raw = value;
            opened = open(value, cursor.primaryKey);
          }
          return opened;
        },
      },
    }) as DBCoreCursor;
  };
  return {
    ...table,
    mutate: (req: DBCoreMutateRequest) => {
      if (req.type !== 'add' && req.type !== 'put')
        return table.mutate(req).then((res) => {
          onWritten?.(name, req.type === 'delete' ? { kind: 'deleted', keys: req.keys } : { kind: 'cleared' });
          return res;
        });
      const keys = keysFor(dbName);
      const values = req.values.map((v: Row, i) => sealRow(keys, name, rule, v, keyOf(v, req.keys?.[i])));
      return table.mutate({ ...req, values }).then((res) => {
        onWritten?.(name, { kind: 'put', rows: req.values as Row[], stored: values });
        return res;
      });
    },
    get: (req) => table.get(req).then((value: unknown) => open(value, req.key)),
    getMany: (req) => table.getMany(req).then((values) => values.map((v: unknown, i) => open(v, req.keys[i]))),
    query: (req) =>
      table
        .query(req)
        .then((res) => (req.values ? { ...res, result: res.result.map((v: unknown) => open(v, undefined)) } : res)),
    openCursor: (req) => table.openCursor(req).then((cursor) => (cursor && req.values !== false ? wrapCursor(cursor) : cursor)),
  };
};

/** The middleware of account database `dbName` (keys from keysFor(dbName) at each operation). */
export const atRestMiddleware = (dbName: string, onWritten?: OnWritten): Middleware<DBCore> => ({
  stack: 'dbcore',
  name: 'encryptionAtRest',
  // Below every middleware of Dexie's (hooks, liveQuery's cache and observability): they see clear rows.
  level: -2,
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      const rule = AT_REST_RULES[name];
      return rule ? wrapTable(dbName, table, rule, onWritten) : table;
    },
  }),
});
