// @vitest-environment node
// Two tablets lend the same item while both are offline, then sync through the real server: both
// loans survive, and both advisors see the same « prêté deux fois » warning after their sync.
import 'fake-indexeddb/auto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { getBlob, putBlob } from '../../src/data/blobs';
import { setIdentity } from '../../src/data/meta';
import {
  createBorrower,
  createItem,
  createLoan,
  getAgreementTemplate,
  listDoubleLendings,
  returnItems,
  saveAgreementTemplate,
  signAgreement,
} from '../../src/data/loans';
import { loadIdentity } from '../../src/data/sync/session';
import { itemInputSchema, loanInputSchema } from '../../src/domain/loans';
import {
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device } from './devices';

describe('double lending across two tablets, through the real server (SQLite)', () => {
  let t: TestStore;
  let server: TestServer;
  let structure: Awaited<ReturnType<typeof seedStructure>>;
  let devices: Device[] = [];

  beforeAll(async () => {
    t = await openTestStore('sqlite');
    server = await startTestServer(t.store);
    structure = await seedStructure(t.store, 'Mairie de Gramat', ['lea@ex.fr', 'marc@ex.fr'], {
      'lea@ex.fr': 'coordinateur',
    });
  });
  afterEach(async () => {
    setIdentity({});
    await Promise.all(devices.map((d) => d.close()));
    devices = [];
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

  const lend = (device: Device, itemId: string, beneficiaryId: string, startDate: string) =>
    createLoan(
      device.db,
      loanInputSchema.parse({ itemIds: [itemId], beneficiaryId, startDate, plannedReturnDate: '2026-12-15' }),
    );

  it('keeps both loans, warns both advisors identically, and clears once one is closed', async () => {
    const lea = await tablet('lea@ex.fr');
    const marc = await tablet('marc@ex.fr');
    const item = await createItem(
      lea.db,
      itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-007' }),
    );
    await lea.sync();
    await marc.sync();
    expect((await marc.db.items.get(item.id))?.status).toBe('disponible');

    // Both offline: each lends TAB-007 to a different person; each tablet's own check passes.
    const jeanne = await createBorrower(lea.db, { anonyme: false, prenom: 'Jeanne', nom: 'Durand' });
    const paul = await createBorrower(marc.db, { anonyme: false, prenom: 'Paul', nom: 'Roche' });
    const loanLea = await lend(lea, item.id, jeanne.id, '2026-11-20');
    const loanMarc = await lend(marc, item.id, paul.id, '2026-11-21');
    expect(await listDoubleLendings(lea.db)).toEqual([]);

    // Léa's agreement is signed: its blobs travel with the loan.
    const sig = await putBlob(
      lea.db,
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'signature'], {
        type: 'image/png',
      }),
    );
    const pdf = await putBlob(lea.db, new Blob(['%PDF-1.3 convention'], { type: 'application/pdf' }));
    await signAgreement(lea.db, loanLea.id, {
      text: 'Convention',
      beneficiarySignature: sig,
      advisorSignature: sig,
      pdf,
      signedAt: new Date().toISOString(),
    });

    // The first sync that meets both loans (Marc's) says so; Léa sees it after her next sync.
    await lea.sync();
    await marc.sync();
    const expected = [{ itemId: item.id, loanIds: [loanLea.id, loanMarc.id] }];
    expect(await listDoubleLendings(marc.db)).toEqual(expected);
    await lea.sync();
    expect(await listDoubleLendings(lea.db)).toEqual(expected);
    for (const device of [lea, marc]) {
      expect((await device.db.loans.toArray()).map((l) => l.id).sort()).toEqual(
        [loanLea.id, loanMarc.id].sort(),
      );
      expect(await device.pending()).toBe(0);
    }
    // The signed PDF reached Marc's tablet, by hash.
    expect((await marc.db.loans.get(loanLea.id))?.agreement?.pdf).toBe(pdf);
    expect(await (await getBlob(marc.db, pdf))?.data.text()).toBe('%PDF-1.3 convention');

    // Marc calls Paul: Jeanne really has it. Marc closes his loan as a duplicate; both tablets clear.
    await returnItems(marc.db, loanMarc.id, {
      returns: [
        {
          itemId: item.id,
          date: '2026-11-22',
          outcome: 'bon_etat',
          accessoires: [],
          nextStatus: 'disponible',
          note: 'prêt en double',
        },
      ],
    });
    expect((await marc.db.items.get(item.id))?.status).toBe('prete');
    await marc.sync();
    await lea.sync();
    for (const device of [lea, marc]) {
      expect(await listDoubleLendings(device.db)).toEqual([]);
      expect(await device.db.loans.count()).toBe(2);
      expect((await device.db.items.get(item.id))?.status).toBe('prete');
    }
  });

  it('carries the coordinatrice’s agreement template to the other tablets, and only hers', async () => {
    const marc = await tablet('marc@ex.fr');
    const lea = await tablet('lea@ex.fr');
    await loadIdentity(lea.db);
    // Before anyone edits it, the structure's name comes from the account.
    expect((await getAgreementTemplate(marc.db)).structureName).toBe('Mairie de Gramat');
    await saveAgreementTemplate(lea.db, {
      title: 'Convention de prêt',
      body: 'Prêt à {{beneficiaire.nom}}',
      structureName: 'Mairie de Gramat (Lot)',
    });
    await lea.sync();
    await marc.sync();
    expect(await getAgreementTemplate(marc.db)).toMatchObject({
      body: 'Prêt à {{beneficiaire.nom}}',
      structureName: 'Mairie de Gramat (Lot)',
    });
    await loadIdentity(marc.db);
    expect(() => saveAgreementTemplate(marc.db, { title: 'X', body: 'Y' })).toThrow(/coordinateur/);
  });
});
