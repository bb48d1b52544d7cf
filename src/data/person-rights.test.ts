// @vitest-environment node
// (Node's Blob and WebCrypto, as src/data/loans.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Activity } from '../domain/activity';
import { beneficiaryInputSchema } from '../domain/beneficiary';
import type { Lieu } from '../domain/lieu';
import { itemInputSchema, loanInputSchema } from '../domain/loans';
import { personJson, personSections } from '../domain/person-export';
import { saveBeneficiary } from './beneficiaries';
import { putBlob } from './blobs';
import { SillonDB, useDatabase } from './db';
import { saveDraft } from './drafts';
import { createItem, createLoan, signAgreement } from './loans';
import { eraseBeneficiary, gatherPersonData } from './person-rights';
import { saveRecord } from './records';

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  db = useDatabase(new SillonDB(`person-rights-${++n}-${Date.now()}`));
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const seed = async () => {
  const jeanne = await saveBeneficiary(
    db,
    undefined,
    beneficiaryInputSchema().parse({
      anonyme: false,
      prenom: 'Jeanne',
      nom: 'Durand',
      telephone: '07 55 44 33 22',
      notes: 'Préfère le matin',
      genre: 'feminin',
    }),
  );
  const other = await saveBeneficiary(db, undefined, beneficiaryInputSchema().parse({ anonyme: false, prenom: 'Paul', nom: 'Roche' }));
  const lieu = await saveRecord<Lieu>(db, 'lieux', undefined, { nom: 'Médiathèque' });
  const session = await saveRecord<Activity>(db, 'activities', undefined, {
    type: 'individuel',
    date: '2026-03-14',
    duree: 45,
    typeLieu: 'lieu_activite',
    lieuId: lieu.id,
    thematiques: ['email'],
    materiel: [],
    beneficiaryIds: [jeanne.id],
    notes: 'Jeanne a créé son adresse',
  });
  const item = await createItem(db, itemInputSchema.parse({ type: 'tablette', inventoryNumber: 'TAB-1' }));
  const loan = await createLoan(
    db,
    loanInputSchema.parse({ itemIds: [item.id], beneficiaryId: jeanne.id, startDate: '2026-03-14', plannedReturnDate: '2026-04-14' }),
  );
  const sig = await putBlob(db, new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], { type: 'image/png' }));
  const pdf = await putBlob(db, new Blob(['%PDF-1.3 convention'], { type: 'application/pdf' }));
  await signAgreement(db, loan.id, {
    text: 'Convention de prêt pour Jeanne Durand',
    beneficiarySignature: sig,
    advisorSignature: sig,
    pdf,
    signedAt: '2026-03-14T10:00:00.000Z',
  });
  await saveDraft(db, {
    id: `beneficiary:${jeanne.id}`,
    kind: 'beneficiary',
    path: `/beneficiaires/${jeanne.id}/modifier`,
    title: 'Modifier Jeanne DURAND',
    data: { prenom: 'Jeanne', nom: 'Durandd' },
  });
  await saveDraft(db, {
    id: 'activity:new:individuel',
    kind: 'activity',
    path: '/activites/nouvelle/individuel',
    title: 'Nouvel accompagnement',
    data: { beneficiaryIds: [jeanne.id], notes: 'à revoir' },
  });
  await saveDraft(db, {
    id: `beneficiary:${other.id}`,
    kind: 'beneficiary',
    path: `/beneficiaires/${other.id}/modifier`,
    title: 'Modifier Paul ROCHE',
    data: { prenom: 'Paul' },
  });
  return { jeanne, other, session, loan, pdf };
};

describe('right of access', () => {
  it('gathers her fiche, sessions, loans, agreements and drafts, as JSON and readable sections', async () => {
    const { jeanne, session, loan } = await seed();
    const data = (await gatherPersonData(db, jeanne.id))!;
    const json = personJson(data, new Date('2026-04-01T00:00:00Z'), 'Espace numérique de Cahors');
    expect(json).toMatchObject({
      format: 'sillon-acces-donnees',
      structure: 'Espace numérique de Cahors',
      beneficiary: { id: jeanne.id, prenom: 'Jeanne', nom: 'Durand', telephone: '+33755443322', notes: 'Préfère le matin' },
      sessions: [{ id: session.id, notes: 'Jeanne a créé son adresse' }],
      loans: [{ id: loan.id }],
      agreements: [{ loanId: loan.id, signedAt: '2026-03-14T10:00:00.000Z' }],
    });
    expect(json.beneficiary).not.toHaveProperty('searchTokens');
    expect(json.drafts.map((d) => d.id).sort()).toEqual(['activity:new:individuel', `beneficiary:${jeanne.id}`]);
    const text = personSections(data)
      .map((s) => [s.title, ...s.lines].join('\n'))
      .join('\n');
    expect(text).toContain('Prénom : Jeanne');
    expect(text).toContain('Téléphone : +33755443322');
    expect(text).toContain('Genre : Féminin');
    expect(text).toContain('Accompagnements (1)');
    expect(text).toContain('14/03/2026 · Accompagnement individuel · 45 min');
    expect(text).toContain('Signée le 14/03/2026');
    expect(text).toContain('Brouillon « Modifier Jeanne DURAND »');
  });
});

describe('right to erasure', () => {
  it('anonymises her with her agreements, her sessions’ notes and the drafts about her, all synced', async () => {
    const { jeanne, other, session, loan } = await seed();
    const before = await db.outbox.count();
    await eraseBeneficiary(db, jeanne.id);
    const stored = await db.beneficiaries.get(jeanne.id);
    expect(stored).toMatchObject({ deleted: true, genre: 'feminin' });
    expect(stored).not.toHaveProperty('nom');
    expect(await db.loans.get(loan.id)).not.toHaveProperty('agreement');
    expect(await db.loans.get(loan.id)).toMatchObject({ beneficiaryId: jeanne.id, status: 'en_cours' });
    expect(await db.activities.get(session.id)).not.toHaveProperty('notes');
    expect((await db.drafts.toArray()).map((d) => d.id)).toEqual([`beneficiary:${other.id}`]);
    const sent = (await db.outbox.toArray()).slice(before);
    expect(sent.map((e) => `${e.table}:${e.op}`).sort()).toEqual(['activities:put', 'beneficiaries:delete', 'loans:put']);
    expect(JSON.stringify([await db.beneficiaries.toArray(), await db.loans.toArray(), await db.activities.toArray(), await db.drafts.toArray()])).not.toMatch(/Jeanne|Durand|matin/);
  });
});
