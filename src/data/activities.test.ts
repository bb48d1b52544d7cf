import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { activityInputSchema, type ActivityInput } from '../domain/activity';
import {
  activitiesOfBeneficiary,
  activityRelations,
  adaptiveDurees,
  createActivity,
  deleteActivity,
  getActivity,
  getActivityDefaults,
  listActivities,
  updateActivity,
} from './activities';
import { SillonDB } from './db';
import { createLieu, deleteLieu, getLieu, listLieux, updateLieu } from './lieux';

const cahors = { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' };

const input = (overrides: Record<string, unknown> = {}): ActivityInput =>
  activityInputSchema.parse({
    type: 'individuel',
    date: '2026-11-20',
    duree: 45,
    typeLieu: 'domicile',
    lieuCommune: cahors,
    thematiques: ['email'],
    materiel: [],
    beneficiaryIds: ['b-1'],
    ...overrides,
  });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = new SillonDB(`activities-test-${n}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('activities', () => {
  it('creates an activity and its outbox entry with only the given fields', async () => {
    const saved = await createActivity(db, input({ notes: 'Premier rendez-vous' }));
    expect(await getActivity(db, saved.id)).toMatchObject({ duree: 45, notes: 'Premier rendez-vous' });
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ table: 'activities', recordId: saved.id, op: 'put' });
    expect(outbox[0]!.patch).not.toHaveProperty('autonomie');
    expect(outbox[0]!.patch).toMatchObject({ type: 'individuel', thematiques: ['email'] });
  });

  it('an update clears the fields the form removed and sends only what changed', async () => {
    const saved = await createActivity(
      db,
      input({ thematiques: ['aide_aux_demarches_administratives', 'logement'], precisionsDemarche: 'APL' }),
    );
    await updateActivity(db, saved.id, input({ thematiques: ['email'] }));
    const updated = await getActivity(db, saved.id);
    expect(updated?.thematiques).toEqual(['email']);
    expect(updated).not.toHaveProperty('precisionsDemarche');
    const last = (await db.outbox.toArray()).at(-1)!;
    expect(last.patch).toEqual({ thematiques: ['email'], precisionsDemarche: null });
  });

  it('a deletion is a tombstone carried by the outbox', async () => {
    const saved = await createActivity(db, input());
    await deleteActivity(db, saved.id);
    expect(await getActivity(db, saved.id)).toBeUndefined();
    expect((await db.activities.get(saved.id))?.deleted).toBe(true);
    const last = (await db.outbox.toArray()).at(-1)!;
    expect(last).toMatchObject({ op: 'delete', recordId: saved.id, patch: { deleted: true } });
    expect(await listActivities(db, { limit: 10 })).toEqual([]);
  });

  it('lists the most recent first, by type, by page, without deleted ones', async () => {
    const a = await createActivity(db, input({ date: '2026-11-01' }));
    const b = await createActivity(db, input({ date: '2026-11-03' }));
    const c = await createActivity(
      db,
      input({ type: 'collectif', date: '2026-11-02', participantsAnonymes: { total: 3 } }),
    );
    const d = await createActivity(db, input({ date: '2026-11-03' }));
    const gone = await createActivity(db, input({ date: '2026-11-04' }));
    await deleteActivity(db, gone.id);

    const ids = (list: { id: string }[]) => list.map((x) => x.id);
    expect(ids(await listActivities(db, { limit: 10 }))).toEqual([d.id, b.id, c.id, a.id]);
    expect(ids(await listActivities(db, { limit: 2 }))).toEqual([d.id, b.id]);
    expect(ids(await listActivities(db, { limit: 2, offset: 2 }))).toEqual([c.id, a.id]);
    expect(ids(await listActivities(db, { type: 'individuel', limit: 10 }))).toEqual([d.id, b.id, a.id]);
    expect(ids(await listActivities(db, { type: 'collectif', limit: 10 }))).toEqual([c.id]);
  });

  it('finds the sessions of a beneficiary', async () => {
    const a = await createActivity(db, input({ date: '2026-10-01' }));
    const b = await createActivity(
      db,
      input({ type: 'collectif', date: '2026-11-01', beneficiaryIds: ['b-1', 'b-2'] }),
    );
    await createActivity(db, input({ beneficiaryIds: ['b-3'] }));
    expect((await activitiesOfBeneficiary(db, 'b-1')).map((x) => x.id)).toEqual([b.id, a.id]);
  });

  it('remembers the last lieu and durée as the next defaults', async () => {
    expect(await getActivityDefaults(db)).toEqual({ lastLieu: undefined, lastDuree: undefined });
    const lieu = await createLieu(db, { nom: 'Médiathèque' });
    await createActivity(db, input({ typeLieu: 'lieu_activite', lieuId: lieu.id, duree: 90 }));
    expect(await getActivityDefaults(db)).toEqual({
      lastLieu: { typeLieu: 'lieu_activite', lieuId: lieu.id },
      lastDuree: 90,
    });
    // A lieu deleted since is not offered again.
    await deleteLieu(db, lieu.id);
    expect((await getActivityDefaults(db)).lastLieu).toBeUndefined();
  });

  it('offers the durations used more than 5 times among the default choices', async () => {
    for (let i = 0; i < 6; i += 1) await createActivity(db, input({ duree: 40 }));
    for (let i = 0; i < 5; i += 1) await createActivity(db, input({ duree: 50 }));
    expect(await adaptiveDurees(db)).toEqual([15, 30, 40, 45, 60, 90, 120]);
  });

  it('loads the beneficiaries and lieux an activity list shows', async () => {
    const lieu = await createLieu(db, { nom: 'Mairie' });
    const activity = await createActivity(db, input({ typeLieu: 'lieu_activite', lieuId: lieu.id }));
    const relations = await activityRelations(db, [activity]);
    expect(relations.lieux.get(lieu.id)?.nom).toBe('Mairie');
    expect(relations.beneficiaries.size).toBe(0);
  });
});

describe('lieux', () => {
  it('creates, edits, lists alphabetically and deletes as a tombstone', async () => {
    const m = await createLieu(db, { nom: 'Médiathèque', adresse: '1 place', commune: cahors });
    await createLieu(db, { nom: 'école de Figeac' });
    await createLieu(db, { nom: 'Atelier' });
    expect((await listLieux(db)).map((l) => l.nom)).toEqual(['Atelier', 'école de Figeac', 'Médiathèque']);

    await updateLieu(db, m.id, { nom: 'Médiathèque de Cahors' });
    const edited = await getLieu(db, m.id);
    expect(edited).toMatchObject({ nom: 'Médiathèque de Cahors' });
    expect(edited).not.toHaveProperty('adresse');

    await deleteLieu(db, m.id);
    expect((await listLieux(db)).map((l) => l.nom)).toEqual(['Atelier', 'école de Figeac']);
    expect(await getLieu(db, m.id)).toMatchObject({ deleted: true, nom: 'Médiathèque de Cahors' });
    expect((await db.outbox.where('recordId').equals(m.id).toArray()).map((e) => e.op)).toEqual([
      'put',
      'put',
      'delete',
    ]);
  });
});
