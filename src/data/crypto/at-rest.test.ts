import { Blob as NodeBlob } from 'node:buffer';

import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';

import { listBeneficiaries, saveBeneficiary, searchBeneficiaries, findDuplicates } from '../beneficiaries';
import { putBlob, getBlob } from '../blobs';
import { SillonDB } from '../db';
import { saveDraft, getDraft, writeDraftBackup, adoptDraftBackups } from '../drafts';
import { beneficiaryInputSchema, type BeneficiaryInput } from '../../domain/beneficiary';
import { closeAccountKeys, newRootSecret, openAccountKeys } from './account-keys';
import { deriveKeys, keysFor, keysHeldFor } from './keys';
import { SealError, openJson, sealJson } from './seal';
import { prefixHashes, queryHash, tokenHash } from './search-hash';

const NOW = new Date('2026-11-23T10:00:00Z');
const input = (fields: Partial<BeneficiaryInput>): BeneficiaryInput =>
  beneficiaryInputSchema(NOW).parse({ anonyme: false, ...fields });

/** Every stored row of a table as IndexedDB holds it (no middleware), as text. */
const rawRows = async (name: string, table: string): Promise<Record<string, unknown>[]> => {
  const raw = new Dexie(name);
  await raw.open();
  try {
    return await raw.table(table).toArray();
  } finally {
    raw.close();
  }
};

const dbs: SillonDB[] = [];
const fresh = (): SillonDB => {
  const db = new SillonDB(`crypt-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  return db;
};

afterEach(async () => {
  closeAccountKeys();
  for (const db of dbs.splice(0)) await db.delete();
});

describe('seal', () => {
  const key = deriveKeys(newRootSecret()).field;

  it('opens what it sealed, with the same key and associated data', () => {
    const sealed = sealJson(key, { nom: 'Viguié', n: 3 }, 'beneficiaries:1');
    expect(openJson(key, sealed, 'beneficiaries:1')).toEqual({ nom: 'Viguié', n: 3 });
    expect(new TextDecoder().decode(sealed)).not.toContain('Vigui');
  });

  it('refuses another key, another record, and a changed byte', () => {
    const sealed = sealJson(key, { nom: 'Viguié' }, 'beneficiaries:1');
    expect(() => openJson(deriveKeys(newRootSecret()).field, sealed, 'beneficiaries:1')).toThrow(SealError);
    expect(() => openJson(key, sealed, 'beneficiaries:2')).toThrow(SealError);
    const tampered = sealed.slice();
    tampered[30] = tampered[30]! ^ 1;
    expect(() => openJson(key, tampered, 'beneficiaries:1')).toThrow(SealError);
  });

  it('derives distinct keys per use from the root secret', () => {
    const root = newRootSecret();
    const keys = deriveKeys(root);
    expect(keys.field).not.toEqual(keys.search);
    expect(deriveKeys(root).field).toEqual(keys.field);
  });
});

describe('search hashes', () => {
  it('hash every prefix of a token, so that the first letters find it', () => {
    const key = deriveKeys(newRootSecret()).search;
    const index = prefixHashes(key, ['viguie', 'cahors']);
    for (const typed of ['v', 'vig', 'viguie', 'cah']) expect(index).toContain(queryHash(key, typed));
    expect(index).not.toContain(queryHash(key, 'vie'));
    expect(tokenHash(key, 'vig')).not.toContain('vig');
  });
});

describe('encryption at rest in the database', () => {
  it('stores a beneficiary sealed, found by prefix, listed in order, its duplicates found', async () => {
    const db = fresh();
    await saveBeneficiary(db, undefined, input({ prenom: 'Éloïse', nom: 'Viguié', telephone: '06 12 34 56 78', notes: 'Voisine du marché' }), NOW);
    await saveBeneficiary(db, undefined, input({ prenom: 'Marcel', nom: 'Andrieu' }), NOW);
    const raw = JSON.stringify(await rawRows(db.name, 'beneficiaries'), (_, v: unknown) =>
      ArrayBuffer.isView(v) ? new TextDecoder('latin1').decode(v) : v,
    );
    for (const witness of ['Viguié', 'viguie', 'Éloïse', 'eloise', '0612345678', '06 12 34', 'marché', 'andrieu'])
      expect(raw.toLowerCase()).not.toContain(witness.toLowerCase());
    expect((await searchBeneficiaries(db, 'Vig')).map((b) => b.nom)).toEqual(['Viguié']);
    expect((await searchBeneficiaries(db, 'eloise viguie')).map((b) => b.prenom)).toEqual(['Éloïse']);
    expect((await searchBeneficiaries(db, '06 12 34')).map((b) => b.nom)).toEqual(['Viguié']);
    expect((await searchBeneficiaries(db, 'Viguiéx')).length).toBe(0);
    expect((await listBeneficiaries(db)).items.map((b) => b.nom)).toEqual(['Andrieu', 'Viguié']);
    expect((await findDuplicates(db, { prenom: 'eloise', nom: 'VIGUIE' })).map((b) => b.nom)).toEqual(['Viguié']);
  });

  it('a long word is found past the hashed prefixes, and only when it matches in full', async () => {
    const db = fresh();
    await saveBeneficiary(db, undefined, input({ prenom: 'Anne', nom: 'Montagnardes' }), NOW);
    await saveBeneficiary(db, undefined, input({ prenom: 'Paul', nom: 'Montagnac' }), NOW);
    expect((await searchBeneficiaries(db, 'montagnard')).map((b) => b.prenom)).toEqual(['Anne']);
    expect((await searchBeneficiaries(db, 'montag')).map((b) => b.prenom).sort()).toEqual(['Anne', 'Paul']);
  });

  it('seals drafts, their unload copy and blobs, and opens them again', async () => {
    const db = fresh();
    await saveDraft(db, { id: 'beneficiary:new', kind: 'beneficiary', path: '/b', title: 'Viguié', data: { nom: 'Viguié' } });
    expect(JSON.stringify(await rawRows(db.name, 'drafts'))).not.toContain('Vigui');
    expect((await getDraft(db, 'beneficiary:new'))?.data).toEqual({ nom: 'Viguié' });

    writeDraftBackup(db.name, { id: 'beneficiary:copy', kind: 'beneficiary', path: '/b', title: 'Viguié', data: { nom: 'Viguié' } });
    expect(JSON.stringify({ ...localStorage })).not.toContain('Vigui');
    expect(await adoptDraftBackups(db)).toBe(1);
    expect((await getDraft(db, 'beneficiary:copy'))?.title).toBe('Viguié');

    // Node's Blob: jsdom's hands WebCrypto an ArrayBuffer of another realm.
    const hash = await putBlob(db, new NodeBlob(['signature de Viguié'], { type: 'image/png' }) as unknown as Blob);
    const [row] = await rawRows(db.name, 'blobs');
    expect(new TextDecoder().decode(row!.data as Uint8Array)).not.toContain('Vigui');
    const stored = await getBlob(db, hash);
    expect(await stored!.data.text()).toBe('signature de Viguié');
    // An update of the row writes the binary back unchanged.
    await db.blobs.update(hash, { uploaded: true });
    expect(await (await getBlob(db, hash))!.data.text()).toBe('signature de Viguié');
  });

  it('uses the lock seam once it holds the account keys, and another root opens nothing', async () => {
    const db = fresh();
    openAccountKeys(db.name, newRootSecret());
    await saveBeneficiary(db, undefined, input({ prenom: 'Éloïse', nom: 'Viguié' }), NOW);
    expect((await searchBeneficiaries(db, 'vig')).length).toBe(1);
    openAccountKeys(db.name, newRootSecret());
    expect(keysFor(db.name)).toBeDefined();
    await expect(db.beneficiaries.toArray()).rejects.toThrow(SealError);
  });

  it('forgets the derived keys when the lock shuts, and derives the same ones at the next unlock', async () => {
    const db = fresh();
    const root = newRootSecret();
    openAccountKeys(db.name, root);
    const first = keysFor(db.name);
    expect(keysHeldFor(db.name)).toBe(true);
    closeAccountKeys();
    expect(keysHeldFor(db.name)).toBe(false);
    openAccountKeys(db.name, root);
    const again = keysFor(db.name);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('the upgrade seals the rows stored in clear by version 6', async () => {
    const name = `crypt-upgrade-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    old.version(6).stores({
      beneficiaries: 'id, *searchTokens, sortKey, updatedAt, anneeNaissance, commune.codeInsee, mergedInto',
      drafts: 'id, kind, updatedAt',
      outbox: '++seq, recordId, table',
    });
    await old.table('beneficiaries').put({
      id: 'b1', anonyme: false, prenom: 'Éloïse', nom: 'Viguié', sortKey: 'viguie eloise',
      searchTokens: ['eloise', 'viguie'], createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
    });
    await old.table('outbox').add({ table: 'beneficiaries', recordId: 'b1', op: 'put', patch: { nom: 'Viguié' }, baseVersion: 0, at: NOW.toISOString() });
    old.close();
    const db = new SillonDB(name);
    dbs.push(db);
    expect((await searchBeneficiaries(db, 'vigu')).map((b) => b.prenom)).toEqual(['Éloïse']);
    expect((await db.outbox.toArray())[0]!.patch).toEqual({ nom: 'Viguié' });
    db.close();
    const raw = JSON.stringify([await rawRows(name, 'beneficiaries'), await rawRows(name, 'outbox')]);
    expect(raw).not.toContain('Vigui');
    expect(raw).not.toContain('vigui');
  });
});
