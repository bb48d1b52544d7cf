// @vitest-environment node
// A conflict card names the colleague: the tablet learns the names of the structure's people from
// the server (GET /api/sync/members) when a conflict needs them, and only then.
import 'fake-indexeddb/auto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { memberNames } from '../../src/data/sync/members';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device } from './devices';

describe.each(DATABASE_KINDS)('names for the conflict cards on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;

  beforeAll(async () => {
    t = await openTestStore(kind);
    server = await startTestServer(t.store);
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  it('fetches the structure’s names once a conflict needs them, never another structure’s', async () => {
    const s = await seedStructure(t.store, 'Tiers-lieu', ['lea.martin@ex.fr', 'marc.petit@ex.fr']);
    await seedStructure(t.store, 'Ailleurs', ['zoe@ex.fr']);
    const a = new Device('lea', server.baseUrl);
    const b = new Device('marc', server.baseUrl);
    await a.signIn('lea.martin@ex.fr', s.users['lea.martin@ex.fr']!.password);
    await b.signIn('marc.petit@ex.fr', s.users['marc.petit@ex.fr']!.password);
    try {
      const r = await a.put('beneficiaries', undefined, { prenom: 'Paul', nom: 'Roche' });
      await a.sync();
      await b.sync();
      const requestsBefore = b.network.requests;
      await b.sync();
      // No conflict: no request for names.
      expect(b.network.requests - requestsBefore).toBe(2); // health, pull
      expect(await memberNames(b.db)).toEqual({});

      await a.put('beneficiaries', r.id, { nom: 'Rocher' });
      await b.put('beneficiaries', r.id, { nom: 'Rochet' });
      await a.sync();
      await b.sync();
      await a.sync();
      const names = {
        [s.users['lea.martin@ex.fr']!.userId]: 'lea.martin',
        [s.users['marc.petit@ex.fr']!.userId]: 'marc.petit',
      };
      expect(await memberNames(a.db)).toEqual(names);
      expect(await memberNames(b.db)).toEqual(names);
      // Known names are not asked for again at every sync.
      const before = a.network.requests;
      await a.sync();
      expect(a.network.requests - before).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
