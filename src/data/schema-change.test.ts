import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';

import { DB_SCHEMA_VERSION, SillonDB } from './db';
import { saveDraft } from './drafts';
import { atRestMiddleware } from './crypto/at-rest';
import { isSchemaOutdated, onSchemaOutdated, setBeforeSchemaClose } from './schema-change';

describe('a tab on an older schema', () => {
  afterEach(() => setBeforeSchemaClose(undefined));

  it('saves its drafts, closes its database and asks to reload, instead of blocking the upgrade', async () => {
    const name = `schema-change-${Date.now()}`;
    const old = new SillonDB(name);
    await old.open();
    // What a form of this tab holds, written when the database is about to close.
    setBeforeSchemaClose(() =>
      saveDraft(old, { id: 'beneficiary:new', kind: 'beneficiary', path: '/beneficiaires/nouveau', title: 'Jeanne', data: { prenom: 'Jeanne' } }),
    );
    let told = false;
    const stop = onSchemaOutdated(() => (told = true));

    // Another tab opens the next version of the app.
    const next = new Dexie(name);
    next.use(atRestMiddleware(name)); // its drafts are sealed (src/data/crypto/at-rest.ts)
    next.version(DB_SCHEMA_VERSION + 1).stores({ drafts: 'id, kind, updatedAt', outbox: '++seq, recordId, table, origin' });
    await next.open();

    expect(told).toBe(true);
    expect(isSchemaOutdated()).toBe(true);
    expect(await next.table('drafts').get('beneficiary:new')).toMatchObject({ data: { prenom: 'Jeanne' } });
    // The old code writes nothing into the new schema: its database stays closed.
    expect(old.isOpen()).toBe(false);
    await expect(old.drafts.count()).rejects.toThrow();
    stop();
    next.close();
    await next.delete();
  });
});
