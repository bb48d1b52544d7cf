// @vitest-environment node
// The server checks the workshops' tables like every other (issue 16), on both databases: a session,
// registration, attendance or pass naming a cycle, session or person of another structure (or none)
// is refused; bad times, statuses and places are refused with their field; a conseiller may not
// delete a colleague's cycle; the rest of the batch lands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newId } from '../src/domain/ids';
import type { SyncTable } from '../src/domain/records';
import type { Mutation, PushResponse } from '../src/domain/sync';
import type { Principal, Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, signedInDevice, type TestStore } from './test-support';

const NOW = new Date().toISOString();
const GRAMAT = { codeInsee: '46127', nom: 'Gramat', codePostal: '46500' };
const cycle = { titre: 'Premiers pas', thematiques: ['prendre_en_main_du_materiel'], financeurs: [] };
const session = (cycleId: string, extra: Record<string, unknown> = {}) => ({
  cycleId,
  date: '2026-03-02',
  debut: '14:00',
  fin: '16:00',
  commune: GRAMAT,
  capacite: 8,
  conseillerIds: [],
  ...extra,
});

describe.each(DATABASE_KINDS)('workshop records pushed to %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let lea: Principal;
  let marc: Principal;
  let zoe: Principal;
  const seqs = new Map<string, number>();

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    const s = await seedStructure(store, 'Mairie', ['lea@ex.fr', 'marc@ex.fr']);
    lea = await signedInDevice(store, s.structureId, s.users['lea@ex.fr']!.userId);
    marc = await signedInDevice(store, s.structureId, s.users['marc@ex.fr']!.userId);
    const o = await seedStructure(store, 'Médiathèque', ['zoe@ex.fr']);
    zoe = await signedInDevice(store, o.structureId, o.users['zoe@ex.fr']!.userId);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const m = (
    who: Principal,
    table: SyncTable,
    recordId: string,
    patch: Record<string, unknown>,
    baseVersion = 0,
  ): Mutation => {
    const seq = (seqs.get(who.deviceId) ?? 0) + 1;
    seqs.set(who.deviceId, seq);
    return { seq, table, recordId, op: patch.deleted ? 'delete' : 'put', patch, baseVersion, at: NOW };
  };
  const push = (who: Principal, ...mutations: Mutation[]): Promise<PushResponse> =>
    store.push(who, { deviceId: who.deviceId, mutations });
  const refusals = (r: PushResponse) => r.refused?.map((x) => [x.code, Object.keys(x.fields ?? {}).sort()]);

  it('takes a cycle, its session, a registration, an attendance and a pass in one batch', async () => {
    const [c, s, b, r, a, p] = [newId(), newId(), newId(), newId(), newId(), newId()];
    const result = await push(
      lea,
      m(lea, 'cycles', c, cycle),
      m(lea, 'cycleSessions', s, session(c)),
      m(lea, 'beneficiaries', b, { anonyme: false, prenom: 'Jeanne', nom: 'Durand' }),
      m(lea, 'registrations', r, {
        cycleId: c,
        sessionId: s,
        beneficiaryId: b,
        status: 'inscrit',
        registeredAt: NOW,
      }),
      m(lea, 'attendances', a, { sessionId: s, beneficiaryId: b, present: true }),
      m(lea, 'passes', p, {
        code: 'APTIC-1',
        valeur: 10,
        annee: 2026,
        dateReception: '2026-03-02',
        status: 'a_valider',
        sessionId: s,
      }),
    );
    expect(result.refused).toBeUndefined();
  });

  it('refuses references to another structure’s records, or to none, on their own', async () => {
    const theirs = newId();
    expect((await push(zoe, m(zoe, 'cycles', theirs, cycle))).refused).toBeUndefined();
    const mine = newId();
    const result = await push(
      lea,
      m(lea, 'cycleSessions', newId(), session(theirs)),
      m(lea, 'cycles', mine, cycle),
      m(lea, 'registrations', newId(), {
        cycleId: mine,
        beneficiaryId: newId(),
        status: 'inscrit',
        registeredAt: NOW,
      }),
      m(lea, 'attendances', newId(), { sessionId: newId(), beneficiaryId: newId(), present: true }),
      m(lea, 'cycleSessions', newId(), session(mine, { commune: undefined, lieuId: newId() })),
    );
    expect(refusals(result)).toEqual([
      ['unknown_reference', ['cycleId']],
      ['unknown_reference', ['beneficiaryId']],
      ['unknown_reference', ['beneficiaryId', 'sessionId']],
      ['unknown_reference', ['lieuId']],
    ]);
  });

  it('refuses bad times, places, statuses and unknown fields with their field', async () => {
    const c = newId();
    await push(lea, m(lea, 'cycles', c, cycle));
    const result = await push(
      lea,
      m(lea, 'cycleSessions', newId(), session(c, { fin: '13:00' })),
      m(lea, 'cycleSessions', newId(), session(c, { debut: '25:00' })),
      m(lea, 'cycleSessions', newId(), session(c, { capacite: 0 })),
      m(lea, 'cycleSessions', newId(), session(c, { commune: undefined })),
      m(lea, 'cycles', newId(), { ...cycle, thematiques: [] }),
      m(lea, 'cycles', newId(), { ...cycle, couleur: 'bleu' }),
      m(lea, 'passes', newId(), {
        code: 'X',
        valeur: 10,
        annee: 2026,
        dateReception: '2026-03-02',
        status: 'offert',
        activityId: newId(),
      }),
    );
    expect(refusals(result)).toEqual([
      ['invalid', ['fin']],
      ['invalid', ['debut']],
      ['invalid', ['capacite']],
      ['invalid', ['lieuId']],
      ['invalid', ['thematiques']],
      ['invalid', ['couleur']],
      ['invalid', ['status']],
    ]);
  });

  it('lets a colleague edit a cycle but only its author delete it', async () => {
    const c = newId();
    await push(lea, m(lea, 'cycles', c, cycle));
    expect(
      (await push(marc, m(marc, 'cycles', c, { titre: 'Premiers pas, saison 2' }, 1))).refused,
    ).toBeUndefined();
    const refused = await push(marc, m(marc, 'cycles', c, { deleted: true }, 2));
    expect(refused.refused?.[0]?.code).toBe('forbidden');
    expect((await push(lea, m(lea, 'cycles', c, { deleted: true }, 2))).refused?.[0]?.code).toBeUndefined();
  });
});
