// @vitest-environment node
// The tablet's commands keep producing what the server accepts: every record each command writes,
// and every change it puts in the outbox, passes the per-table schemas the server checks pushes
// with (src/domain/record-schemas.ts), at the full level (the forms' rules across fields included).
import 'fake-indexeddb/auto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createActivity, deleteActivity, updateActivity } from '../../src/data/activities';
import { deleteBeneficiary, saveBeneficiary } from '../../src/data/beneficiaries';
import { putBlob } from '../../src/data/blobs';
import { SillonDB } from '../../src/data/db';
import { createLieu, deleteLieu, updateLieu } from '../../src/data/lieux';
import {
  createBorrower,
  createItem,
  createLoan,
  extendLoan,
  recordConditionCheck,
  returnItems,
  saveAgreementTemplate,
  setDepositReturned,
  setItemStatus,
  setLoanPhoto,
  signAgreement,
  updateItem,
} from '../../src/data/loans';
import { setIdentity } from '../../src/data/meta';
import { activityInputSchema } from '../../src/domain/activity';
import { beneficiaryInputSchema } from '../../src/domain/beneficiary';
import { itemInputSchema, loanInputSchema } from '../../src/domain/loans';
import { checkPatch, checkRecord } from '../../src/domain/record-check';
import { SYNC_TABLES } from '../../src/domain/records';

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  db = new SillonDB(`valid-records-${++n}`);
  await db.open();
  setIdentity({
    userId: '01890a5d-ac96-774b-bcce-b302099a8000',
    structureId: '01890a5d-ac96-774b-bcce-b302099a8001',
    role: 'coordinateur',
  });
});
afterEach(async () => {
  db.close();
  await db.delete();
  setIdentity({});
});

/** What the server would refuse: records (as stored here, without device-only fields) and changes. */
const refusals = async () => {
  const found: unknown[] = [];
  for (const table of SYNC_TABLES) {
    for (const row of (await db.table(table).toArray()) as Record<string, unknown>[]) {
      const { serverVersion: _v, participations: _p, ...record } = row;
      const check = checkRecord(table, record, { level: 'full' });
      if (!check.ok) found.push({ table, fields: check.fields });
    }
  }
  for (const entry of await db.outbox.toArray()) {
    const check = checkPatch(entry.table, entry.patch);
    if (!check.ok) found.push({ outbox: entry.table, fields: check.fields });
  }
  return found;
};

describe('records written by the tablet’s commands', () => {
  it('pass the server’s schemas, from creation to deletion', async () => {
    const now = new Date();
    const person = await saveBeneficiary(
      db,
      undefined,
      beneficiaryInputSchema(now).parse({
        prenom: ' Jeanne ',
        nom: 'Durand',
        telephone: '06 12 34 56 78',
        email: 'Jeanne.Durand@Exemple.fr',
        anneeNaissance: 1948,
        genre: 'feminin',
        statutSocial: 'retraite',
        commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
        notes: 'Préfère le matin',
      }),
    );
    const anonymous = await saveBeneficiary(
      db,
      undefined,
      beneficiaryInputSchema(now).parse({ anonyme: true }),
    );
    const borrower = await createBorrower(db, { prenom: 'Paul', nom: 'Roche', pasDeTelephone: true });
    const lieu = await createLieu(db, { nom: 'Médiathèque', adresse: '1 place du Marché' });
    await updateLieu(db, lieu.id, { nom: 'Médiathèque de Cahors' });
    const session = await createActivity(
      db,
      activityInputSchema.parse({
        type: 'individuel',
        date: '2026-03-02',
        duree: 45,
        typeLieu: 'lieu_activite',
        lieuId: lieu.id,
        thematiques: ['aide_aux_demarches_administratives', 'social_sante'],
        precisionsDemarche: 'Carte vitale',
        beneficiaryIds: [person.id],
        autonomie: 'partiellement_autonome',
        orienteVersStructure: true,
        structureDeRedirection: 'administration',
      }),
    );
    const atelier = activityInputSchema.parse({
      type: 'collectif',
      date: '2026-03-10',
      duree: 120,
      typeLieu: 'domicile',
      lieuCommune: { codeInsee: '46102', nom: 'Figeac', codePostal: '46100' },
      thematiques: ['prendre_en_main_du_materiel'],
      materiel: ['tablette'],
      beneficiaryIds: [person.id, anonymous.id],
      titreAtelier: 'Découvrir la tablette',
      niveau: 'debutant',
      participantsAnonymes: { total: 4, dejaAccompagne: 1, genre: { feminin: 2 } },
    });
    const workshop = await createActivity(db, atelier);
    await updateActivity(db, workshop.id, { ...atelier, duree: 90, notes: 'Salle trop petite' });

    const tablet = await createItem(
      db,
      itemInputSchema.parse({
        type: 'tablette',
        inventoryNumber: 'TAB-001',
        marque: 'Samsung',
        origine: 'reconditionne',
        dateAcquisition: '2025-09-01',
        valeurAcquisition: 129.9,
        accessoires: ['chargeur', 'housse'],
        etat: 'bon',
      }),
    );
    const dongle = await createItem(
      db,
      itemInputSchema.parse({ type: 'cle_4g_routeur', inventoryNumber: 'CLE-1' }),
    );
    await updateItem(
      db,
      dongle.id,
      itemInputSchema.parse({ type: 'cle_4g_routeur', inventoryNumber: 'CLE-01', lieuId: lieu.id }),
    );
    await recordConditionCheck(db, tablet.id, 'tres_bon', 'Écran nettoyé');
    const loan = await createLoan(
      db,
      loanInputSchema.parse({
        itemIds: [tablet.id, dongle.id],
        beneficiaryId: borrower.id,
        startDate: '2026-03-01',
        plannedReturnDate: '2026-03-15',
        purpose: 'Démarches en ligne',
        deposit: { amount: 50, form: 'cheque' },
        handover: [{ itemId: tablet.id, etat: 'bon', accessoires: ['chargeur'] }],
        advisorName: 'Léa',
      }),
    );
    const sig = await putBlob(db, new Blob(['sig'], { type: 'image/png' }));
    const pdf = await putBlob(db, new Blob(['%PDF-1.3'], { type: 'application/pdf' }));
    await signAgreement(db, loan.id, {
      text: 'Convention signée',
      beneficiarySignature: sig,
      advisorSignature: sig,
      pdf,
      signedAt: new Date().toISOString(),
    });
    await setLoanPhoto(db, loan.id, await putBlob(db, new Blob(['jpeg'], { type: 'image/jpeg' })));
    await extendLoan(db, loan.id, '2026-03-30', 'Démarche en cours');
    await returnItems(db, loan.id, {
      returns: [
        {
          itemId: tablet.id,
          date: '2026-03-20',
          outcome: 'endommage',
          etat: 'abime',
          accessoires: ['chargeur'],
          nextStatus: 'en_reparation',
          note: 'Écran fêlé',
        },
      ],
    });
    await returnItems(db, loan.id, {
      returns: [
        {
          itemId: dongle.id,
          date: '2026-03-25',
          outcome: 'bon_etat',
          accessoires: [],
          nextStatus: 'disponible',
        },
      ],
      depositReturned: true,
      depositReturnedDate: '2026-03-25',
    });
    await setDepositReturned(db, loan.id, false, '2026-03-26');
    await setItemStatus(db, tablet.id, 'disponible', 'Réparée');
    await saveAgreementTemplate(db, { title: 'Convention de prêt', body: 'Prêt à {{beneficiaire.nom}}' });

    expect(await db.outbox.count()).toBeGreaterThan(20);
    expect(await refusals()).toEqual([]);

    await deleteActivity(db, session.id);
    await deleteBeneficiary(db, anonymous.id);
    await deleteLieu(db, lieu.id);
    expect(await refusals()).toEqual([]);
  });
});
