// @vitest-environment node
// The RGPD lifecycle through the real server on SQLite and PostgreSQL with a fake clock: a year
// after the last update of her data a beneficiary is anonymised by the daily job — her record, her
// sessions' notes, the conflicts that kept a value of hers — and every tablet receives it with its
// next pull; someone still accompanied keeps her fiche; a returned loan's signed agreement is erased
// after the structure's delay, its files leaving the server and the tablets.
import 'fake-indexeddb/auto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { saveRecord } from '../../src/data/records';
import { saveBeneficiary } from '../../src/data/beneficiaries';
import { putBlob } from '../../src/data/blobs';
import { createItem, createLoan, returnItems, signAgreement } from '../../src/data/loans';
import { collectBlobs } from '../../src/data/sync/retention';
import type { Activity } from '../../src/domain/activity';
import { beneficiaryInputSchema, type Beneficiary } from '../../src/domain/beneficiary';
import { itemInputSchema, loanInputSchema, type Loan } from '../../src/domain/loans';
import { runAnonymisation } from '../../server/anonymisation';
import { BlobStore } from '../../server/blobs';
import { runJobIfDue } from '../../server/jobs';
import { createLogger } from '../../server/log';
import { maintenanceJobs } from '../../server/maintenance';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { singletonId } from '../../src/domain/singletons';
import { Device } from './devices';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('the RGPD lifecycle, on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let clock = new Date('2025-01-10T09:00:00Z');
  let devices: Device[] = [];

  beforeAll(async () => {
    t = await openTestStore(kind, { now: () => clock });
    server = await startTestServer(t.store);
  });
  afterEach(async () => {
    await Promise.all(devices.map((d) => d.close()));
    devices = [];
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  const pair = async () => {
    const s = await seedStructure(
      t.store,
      `S-${crypto.randomUUID()}`,
      ['lea@ex.fr', 'marc@ex.fr'].map((e) => `${crypto.randomUUID().slice(0, 6)}-${e}`),
    );
    const [lea, marc] = Object.values(s.users);
    const a = new Device('a', server.baseUrl);
    const b = new Device('b', server.baseUrl);
    await a.attach(t.store, lea!.userId, s.structureId);
    await b.attach(t.store, marc!.userId, s.structureId);
    devices.push(a, b);
    return [a, b] as const;
  };

  const person = (device: Device, fields: Record<string, unknown>) =>
    saveBeneficiary(device.db, undefined, beneficiaryInputSchema().parse({ anonyme: false, ...fields }));

  const session = async (device: Device, beneficiaryId: string, notes: string) =>
    saveRecord<Activity>(device.db, 'activities', undefined, {
      type: 'individuel',
      date: '2025-01-10',
      duree: 30,
      typeLieu: 'lieu_activite',
      lieuId: (await device.put('lieux', undefined, { nom: 'Médiathèque de Cahors' })).id,
      thematiques: ['email'],
      materiel: [],
      beneficiaryIds: [beneficiaryId],
      notes,
    });

  it('anonymises a year after the last update, on the server and on every tablet; keeps who is still accompanied', async () => {
    clock = new Date('2025-01-10T09:00:00Z');
    const [a, b] = await pair();
    const jeanne = await person(a, {
      prenom: 'Jeanne',
      nom: 'Durand',
      telephone: '07 55 44 33 22',
      notes: 'RDV CAF',
      genre: 'feminin',
      anneeNaissance: 1950,
      commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
    });
    const paul = await person(a, { prenom: 'Paul', nom: 'Roche', genre: 'masculin' });
    const visit = await session(a, jeanne.id, 'Jeanne a oublié son code');
    await a.sync();
    await b.sync();
    // Both change her phone before hearing of the other: a conflict that holds two numbers.
    await a.put('beneficiaries', jeanne.id, { telephone: '+33600000001' });
    await b.put('beneficiaries', jeanne.id, { telephone: '+33600000002' });
    await a.sync();
    await b.sync();
    await a.sync();
    expect((await b.conflicts()).map((c) => c.field)).toEqual(['telephone']);

    // Five months later Marc accompanies Paul again: Paul's year starts again.
    clock = new Date('2025-06-01T09:00:00Z');
    await session(b, paul.id, 'Suite');
    await b.sync();

    // Just before a year: nothing.
    clock = new Date('2026-01-09T09:00:00Z');
    expect((await runAnonymisation(t.store.db, clock)).records).toEqual({});

    clock = new Date('2026-01-11T09:00:00Z');
    const report = await runAnonymisation(t.store.db, clock);
    expect(report.records).toEqual({ beneficiaries: 1, activities: 1 });
    expect(report.conflicts).toBe(1);
    // A second run finds nothing left to do.
    expect(await runAnonymisation(t.store.db, clock)).toEqual({ records: {}, agreements: 0, conflicts: 0 });

    for (const d of [a, b]) {
      await d.sync();
      const her = await d.get<Beneficiary>('beneficiaries', jeanne.id);
      expect(her).toMatchObject({
        anonyme: true,
        genre: 'feminin',
        anneeNaissance: 1950,
        trancheAge: 'soixante_dix_plus',
        commune: { codeInsee: '46042' },
        sortKey: '~',
        searchTokens: ['cahors'],
      });
      expect(her).not.toHaveProperty('deleted');
      for (const field of ['prenom', 'nom', 'telephone', 'notes']) expect(her).not.toHaveProperty(field);
      // The session stays for the statistics, without its notes.
      expect(await d.get<Activity>('activities', visit.id)).toMatchObject({ beneficiaryIds: [jeanne.id] });
      expect(await d.get<Activity>('activities', visit.id)).not.toHaveProperty('notes');
      expect((await d.get<Beneficiary>('beneficiaries', paul.id))?.nom).toBe('Roche');
      const dump = JSON.stringify([
        await d.db.beneficiaries.toArray(),
        await d.db.conflicts.toArray(),
        await d.db.activities.toArray(),
      ]);
      expect(dump).not.toMatch(/Jeanne|Durand|durand|33600000001|33600000002|755443322|RDV CAF|oublié/);
      expect(await d.pending()).toBe(0);
    }
  });

  it('« Conserver » starts her year again', async () => {
    clock = new Date('2025-01-10T09:00:00Z');
    const [a] = await pair();
    const jeanne = await person(a, { prenom: 'Jeanne', nom: 'Kept' });
    await a.sync();
    clock = new Date('2025-12-20T09:00:00Z');
    await saveRecord<Beneficiary>(a.db, 'beneficiaries', jeanne.id, { keptAt: clock.toISOString() });
    await a.sync();
    clock = new Date('2026-01-11T09:00:00Z');
    expect((await runAnonymisation(t.store.db, clock)).records.beneficiaries ?? 0).toBe(0);
    await a.sync();
    expect((await a.get<Beneficiary>('beneficiaries', jeanne.id))?.nom).toBe('Kept');
  });

  it('erases a returned loan’s signed agreement after the structure’s delay, files included', async () => {
    clock = new Date('2025-01-10T09:00:00Z');
    const [a, b] = await pair();
    const jeanne = await person(a, { prenom: 'Jeanne', nom: 'Prêt' });
    const item = await createItem(
      a.db,
      itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-RGPD' }),
    );
    const loan = await createLoan(
      a.db,
      loanInputSchema.parse({
        itemIds: [item.id],
        beneficiaryId: jeanne.id,
        startDate: '2025-01-10',
        plannedReturnDate: '2025-02-10',
      }),
    );
    const sig = await putBlob(
      a.db,
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'signature'], {
        type: 'image/png',
      }),
    );
    const pdf = await putBlob(a.db, new Blob(['%PDF-1.3 convention'], { type: 'application/pdf' }));
    await signAgreement(a.db, loan.id, {
      text: 'Convention',
      beneficiarySignature: sig,
      advisorSignature: sig,
      pdf,
      signedAt: clock.toISOString(),
    });
    await a.sync();
    await b.sync();
    const structureId = (await t.store.db.get<{ structure_id: string }>(
      'SELECT structure_id FROM records WHERE tbl = ? AND id = ?',
      ['loans', loan.id],
    ))!.structure_id;
    const blobs = new BlobStore(t.store.db, () => clock);

    // Open: kept, however long.
    clock = new Date('2025-06-01T09:00:00Z');
    expect((await runAnonymisation(t.store.db, clock)).agreements).toBe(0);

    await returnItems(a.db, loan.id, {
      returns: [
        {
          itemId: item.id,
          date: '2025-06-01',
          outcome: 'bon_etat',
          accessoires: [],
          nextStatus: 'disponible',
        },
      ],
    });
    await a.sync();
    clock = new Date('2025-08-31T09:00:00Z');
    expect((await runAnonymisation(t.store.db, clock)).agreements).toBe(0);

    // Three months after the return (the default): erased, reference and files.
    clock = new Date('2025-09-02T09:00:00Z');
    expect((await runAnonymisation(t.store.db, clock)).agreements).toBe(1);
    clock = new Date(clock.getTime() + 8 * DAY);
    await blobs.collect();
    expect(await blobs.get(structureId, pdf)).toBeUndefined();
    expect(await blobs.get(structureId, sig)).toBeUndefined();
    for (const d of [a, b]) {
      await d.sync();
      const stored = await d.get<Loan>('loans', loan.id);
      expect(stored).toMatchObject({ status: 'rendu', beneficiaryId: jeanne.id });
      expect(stored).not.toHaveProperty('agreement');
      await collectBlobs(d.db);
      expect(await d.db.blobs.get(pdf)).toBeUndefined();
      expect(await d.db.blobs.get(sig)).toBeUndefined();
    }
  });

  it('a structure’s own delay is read from its settings (0: erased once returned)', async () => {
    clock = new Date('2025-01-10T09:00:00Z');
    const email = `${crypto.randomUUID().slice(0, 6)}-coord@ex.fr`;
    const s = await seedStructure(t.store, `S-${crypto.randomUUID()}`, [email], { [email]: 'coordinateur' });
    const a = new Device('c', server.baseUrl);
    await a.attach(t.store, s.users[email]!.userId, s.structureId);
    devices.push(a);
    await a.put('settings', singletonId(s.structureId, 'agreementTemplate'), {
      title: 'Convention',
      body: 'Texte',
      agreementRetentionMonths: 0,
    });
    const jeanne = await person(a, { prenom: 'Jeanne', nom: 'Zéro' });
    const item = await createItem(
      a.db,
      itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-ZERO' }),
    );
    const loan = await createLoan(
      a.db,
      loanInputSchema.parse({
        itemIds: [item.id],
        beneficiaryId: jeanne.id,
        startDate: '2025-01-10',
        plannedReturnDate: '2025-02-10',
      }),
    );
    const pdf = await putBlob(a.db, new Blob(['%PDF-1.3 zero'], { type: 'application/pdf' }));
    const sig = await putBlob(
      a.db,
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], { type: 'image/png' }),
    );
    await signAgreement(a.db, loan.id, {
      text: 'C',
      beneficiarySignature: sig,
      advisorSignature: sig,
      pdf,
      signedAt: clock.toISOString(),
    });
    await returnItems(a.db, loan.id, {
      returns: [
        {
          itemId: item.id,
          date: '2025-01-10',
          outcome: 'bon_etat',
          accessoires: [],
          nextStatus: 'disponible',
        },
      ],
    });
    await a.sync();
    expect(await a.pending()).toBe(0);
    clock = new Date('2025-01-11T09:00:00Z');
    expect((await runAnonymisation(t.store.db, clock)).agreements).toBe(1);
    await a.sync();
    expect(await a.get<Loan>('loans', loan.id)).not.toHaveProperty('agreement');
  });

  it('runs as one daily job, one process at a time', async () => {
    const logger = createLogger('error', () => {});
    const job = maintenanceJobs(t.store, { enabled: false, dir: '', keep: 1, everyMs: DAY }, logger).find(
      (j) => j.name === 'anonymisation',
    )!;
    expect(job.everyMs).toBe(DAY);
    let runs = 0;
    const counted = { ...job, work: async () => void runs++ };
    const now = () => clock.getTime();
    const ran = await Promise.all(
      ['p1', 'p2', 'p3'].map((owner) => runJobIfDue(t.store.db, counted, owner, now)),
    );
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    // Not again the same day, again the next day.
    expect(await runJobIfDue(t.store.db, counted, 'p4', () => clock.getTime() + DAY / 2)).toBe(false);
    expect(await runJobIfDue(t.store.db, counted, 'p4', () => clock.getTime() + DAY + 1)).toBe(true);
  });
});
