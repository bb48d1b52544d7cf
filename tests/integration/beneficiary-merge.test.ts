// @vitest-environment node
// A merge of two beneficiaries made offline on one tablet while a colleague, offline too, edits both
// fiches and records a session for the one merged away: through the real server on 127.0.0.1, on
// SQLite and on PostgreSQL, everything ends on the kept fiche — merged, or in a conflict to review.
import 'fake-indexeddb/auto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createActivity } from '../../src/data/activities';
import { saveBeneficiary } from '../../src/data/beneficiaries';
import { mergeBeneficiaries } from '../../src/data/beneficiaries-merge';
import { loadIdentity } from '../../src/data/sync/session';
import { activityInputSchema, type Activity } from '../../src/domain/activity';
import {
  beneficiaryInputSchema,
  type Beneficiary,
  type BeneficiaryInput,
} from '../../src/domain/beneficiary';
import { defaultMergeChoices } from '../../src/domain/beneficiary-merge';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device, observer, serverSnapshot } from './devices';

const input = (fields: Partial<BeneficiaryInput>) =>
  beneficiaryInputSchema().parse({ anonyme: false, ...fields });
const session = (beneficiaryIds: string[]) =>
  activityInputSchema.parse({
    type: 'individuel',
    date: '2026-03-02',
    duree: 30,
    typeLieu: 'a_distance',
    thematiques: ['email'],
    beneficiaryIds,
  });

describe.each(DATABASE_KINDS)('merging duplicate beneficiaries across two tablets on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let structure: Awaited<ReturnType<typeof seedStructure>>;
  const devices: Device[] = [];

  beforeAll(async () => {
    t = await openTestStore(kind);
    server = await startTestServer(t.store);
    structure = await seedStructure(t.store, 'Tiers-lieu', ['lea@ex.fr', 'marc@ex.fr']);
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  const tablet = async (email: string) => {
    const device = new Device(email.split('@')[0]!, server.baseUrl);
    await device.signIn(email, structure.users[email]!.password);
    devices.push(device);
    return device;
  };
  /** Acts as the person signed in on this tablet (the app loads her identity on opening). */
  const as = async <T>(device: Device, action: () => Promise<T>): Promise<T> => {
    await loadIdentity(device.db);
    return action();
  };

  /**
   * Léa and Marc both offline: Léa edits both fiches and records a session for the duplicate while
   * Marc merges his duplicate into Léa's fiche, keeping his e-mail and the birth year. `first` is the
   * one whose changes reach the server first.
   */
  const scenario = async (first: 'merge' | 'edits') => {
    const lea = await tablet('lea@ex.fr');
    const marc = await tablet('marc@ex.fr');
    const kept = await as(lea, () =>
      saveBeneficiary(
        lea.db,
        undefined,
        input({ nom: 'Martin', prenom: 'Alice', telephone: '0612345678', email: 'alice@ex.fr' }),
      ),
    );
    const dup = await as(marc, () =>
      saveBeneficiary(
        marc.db,
        undefined,
        input({ nom: 'MARTIN', prenom: 'Alice', anneeNaissance: 1950, email: 'a.martin@ex.fr' }),
      ),
    );
    const marcsSession = await as(marc, () => createActivity(marc.db, session([dup.id])));
    await as(lea, () => lea.sync());
    await as(marc, () => marc.sync());
    await as(lea, () => lea.sync());

    const leaKept = (await lea.get<Beneficiary>('beneficiaries', kept.id))!;
    const leaDup = (await lea.get<Beneficiary>('beneficiaries', dup.id))!;
    await as(lea, async () => {
      await saveBeneficiary(
        lea.db,
        kept.id,
        input({ ...leaKept, email: 'alice.martin@ex.fr', notes: 'Préfère le matin' }),
        new Date(),
        {
          version: leaKept.serverVersion ?? 0,
          values: { ...leaKept },
        },
      );
      await saveBeneficiary(lea.db, dup.id, input({ ...leaDup, telephone: '0262202020' }), new Date(), {
        version: leaDup.serverVersion ?? 0,
        values: { ...leaDup },
      });
    });
    const leasSession = await as(lea, () => createActivity(lea.db, session([dup.id])));
    const marcKept = (await marc.get<Beneficiary>('beneficiaries', kept.id))!;
    const marcDup = (await marc.get<Beneficiary>('beneficiaries', dup.id))!;
    await as(marc, () =>
      mergeBeneficiaries(marc.db, {
        keptId: kept.id,
        otherId: dup.id,
        choices: { ...defaultMergeChoices(marcKept, marcDup), email: 'other' },
      }),
    );

    const order = first === 'merge' ? [marc, lea, marc, lea, marc] : [lea, marc, lea, marc, lea];
    for (const device of order) await as(device, () => device.sync());

    const watcher = await observer(t.store, structure.users['lea@ex.fr']!.userId, structure.structureId);
    const truth = await serverSnapshot(t.store, watcher);
    const final = truth.records.get(`beneficiaries:${kept.id}`)!;
    // Merged: the birth year Marc kept, Léa's notes, and Léa's phone typed on the duplicate's fiche
    // (it replaces the kept fiche's phone, which neither changed: no conflict).
    expect(final).toMatchObject({
      nom: 'Martin',
      prenom: 'Alice',
      anneeNaissance: 1950,
      notes: 'Préfère le matin',
      telephone: '+262262202020',
    });
    const conflicts = [...truth.conflicts.values()] as {
      recordId: string;
      field: string;
      lostValue: unknown;
    }[];
    // The duplicate: deleted, anonymised, naming the kept fiche; nothing of Léa's left behind in a
    // conflict of the deleted fiche.
    const gone = truth.records.get(`beneficiaries:${dup.id}`)!;
    expect(gone).toMatchObject({ deleted: true, mergedInto: kept.id });
    for (const field of ['nom', 'prenom', 'email', 'telephone']) expect(gone).not.toHaveProperty(field);
    expect(conflicts.filter((c) => c.recordId === dup.id)).toEqual([]);
    // Both sessions are the kept fiche's, Léa's moved by her own tablet once it heard of the merge.
    for (const id of [marcsSession.id, leasSession.id])
      expect((truth.records.get(`activities:${id}`) as unknown as Activity).beneficiaryIds).toEqual([
        kept.id,
      ]);
    // And both tablets hold exactly what the server holds.
    for (const device of [lea, marc]) {
      expect(await device.pending()).toBe(0);
      const snapshot = await device.snapshot();
      for (const [key, record] of truth.records) {
        // `participations`: the tablet's own index of an activity's participants (src/data/db.ts).
        const { participations: _index, ...local } = snapshot.get(key) ?? {};
        expect(local, `${device.name} ${key}`).toEqual(record);
      }
    }
    return { email: final.email, conflicts: conflicts.filter((c) => c.recordId === kept.id) };
  };

  it('ends every colleague’s edit on the kept fiche when the merge reaches the server first', async () => {
    const { email, conflicts } = await scenario('merge');
    // The same field chosen by both: Léa's later push wins, Marc's choice is kept in a conflict.
    expect(email).toBe('alice.martin@ex.fr');
    expect(conflicts.map((c) => [c.field, c.lostValue])).toEqual([['email', 'a.martin@ex.fr']]);
  });

  it('carries a colleague’s earlier edit of the merged-away fiche to the kept one', async () => {
    // Léa's edits reach the server before the merge: the merge's deletion meets her phone on the
    // duplicate and carries it to the kept fiche (it was kept only in an anonymised deletion
    // conflict, so lost); the e-mail both chose is Marc's, the later push, Léa's kept in a conflict.
    const { email, conflicts } = await scenario('edits');
    expect(email).toBe('a.martin@ex.fr');
    expect(conflicts.map((c) => [c.field, c.lostValue])).toEqual([['email', 'alice.martin@ex.fr']]);
  });
});
