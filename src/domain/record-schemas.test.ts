import { describe, expect, it } from 'vitest';

import { loadSeedCommunes } from '../../scripts/seed/communes';
import * as dataset from '../../tests/fixtures/stats-dataset';
import { checkPatch, checkRecord, upgradePatch } from './record-check';
import { RECORD_SCHEMAS, type TableSchema } from './record-schemas';
import type { SyncTable } from './records';
import { SeedGenerator } from './seed';

const NOW = new Date('2026-11-20T10:00:00Z');
const full = (table: SyncTable, record: Record<string, unknown>) =>
  checkRecord(table, record, { level: 'full', now: NOW });

describe('record schemas', () => {
  it('accept every record of the demo-data seed', () => {
    const g = new SeedGenerator({ seed: 7, communes: loadSeedCommunes(), beneficiaries: 600, now: NOW });
    const refused: unknown[] = [];
    const check = (table: SyncTable, record: object) => {
      const result = full(table, record as Record<string, unknown>);
      if (!result.ok) refused.push({ table, fields: result.fields });
    };
    for (let i = 0; i < g.lieuCount; i++) check('lieux', g.lieu(i));
    for (let i = 0; i < 600; i++) check('beneficiaries', g.beneficiary(i));
    for (let i = 0; i < 3000; i++) check('activities', g.activity(i, 3000));
    for (let i = 0; i < 60; i++) check('items', g.item(i));
    expect(refused).toEqual([]);
  });

  it('accept the statistics fixture, whose short ids stand for UUIDs', () => {
    // The fixture names records « L1 », « B2 »…: each is mapped to a UUID, the rest is checked as is.
    const ids = new Map<string, string>();
    const uuid = (short: string) => {
      if (!ids.has(short))
        ids.set(short, `00000000-0000-7000-8000-${String(ids.size + 1).padStart(12, '0')}`);
      return ids.get(short)!;
    };
    const withIds = (r: Record<string, unknown>) => ({
      ...r,
      id: uuid(String(r.id)),
      structureId: uuid(String(r.structureId)),
      ...(typeof r.lieuId === 'string' ? { lieuId: uuid(r.lieuId) } : {}),
      ...(Array.isArray(r.beneficiaryIds) ? { beneficiaryIds: r.beneficiaryIds.map(String).map(uuid) } : {}),
    });
    const results = [
      ...dataset.lieux.map((r) => full('lieux', withIds(r as never))),
      ...dataset.beneficiaries.map((r) => full('beneficiaries', withIds(r as never))),
      ...dataset.activities.map((r) => full('activities', withIds(r as never))),
    ];
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  // Legend: table, a valid record, what breaks it, the field the refusal names.
  const beneficiary = {
    anonyme: false,
    prenom: 'Léa',
    nom: 'Roux',
    trancheAge: 'non_communique',
    sortKey: 'roux lea',
  };
  const activity = {
    type: 'individuel',
    date: '2026-03-02',
    duree: 45,
    typeLieu: 'a_distance',
    thematiques: ['email'],
    materiel: [],
    beneficiaryIds: [],
  };
  const item = { type: 'tablette', inventoryNumber: 'T-1', accessoires: [], status: 'disponible' };
  const id = '01890a5d-ac96-774b-bcce-b302099a8057';
  const loan = {
    itemIds: [id],
    beneficiaryId: id,
    startDate: '2026-03-01',
    plannedReturnDate: '2026-03-15',
    extensions: [],
    handover: [],
    returns: [],
    status: 'en_cours',
  };
  const event = { itemId: id, date: '2026-03-01T10:00:00.000Z', kind: 'creation' };
  const cases: [SyncTable, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['beneficiaries', beneficiary, { prenom: 12 }, 'prenom'],
    ['beneficiaries', beneficiary, { statutSocial: 'chomeur' }, 'statutSocial'],
    ['beneficiaries', beneficiary, { email: 'pas-une-adresse' }, 'email'],
    ['beneficiaries', beneficiary, { telephone: '12' }, 'telephone'],
    ['beneficiaries', beneficiary, { commune: { codeInsee: '46042', nom: 'Cahors' } }, 'commune.codePostal'],
    ['beneficiaries', beneficiary, { searchTokens: 'roux' }, 'searchTokens'],
    ['beneficiaries', beneficiary, { createdAt: 'hier' }, 'createdAt'],
    ['activities', activity, { duree: 24 * 60 }, 'duree'],
    ['activities', activity, { thematiques: ['papiers_elections_citoyennete'] }, 'thematiques'],
    [
      'activities',
      activity,
      { type: 'individuel', beneficiaryIds: [id, id.replace('8057', '8058')] },
      'beneficiaryIds',
    ],
    [
      'activities',
      activity,
      { participantsAnonymes: { total: 2, dejaAccompagne: 3 } },
      'participantsAnonymes.dejaAccompagne',
    ],
    [
      'activities',
      activity,
      { lieuCommune: { codeInsee: '4604', nom: 'X', codePostal: '00000' } },
      'lieuCommune.codeInsee',
    ],
    ['lieux', { nom: 'Salle' }, { nom: '' }, 'nom'],
    ['items', item, { status: 'vendu' }, 'status'],
    ['items', item, { valeurAcquisition: 12.345 }, 'valeurAcquisition'],
    ['items', item, { dateAcquisition: '2026-13-01' }, 'dateAcquisition'],
    ['loans', loan, { plannedReturnDate: '2026-02-01' }, 'plannedReturnDate'],
    [
      'loans',
      loan,
      {
        returns: [
          {
            itemId: id.replace('8057', '8059'),
            date: '2026-03-10',
            outcome: 'bon_etat',
            accessoires: [],
            nextStatus: 'disponible',
          },
        ],
      },
      'returns',
    ],
    [
      'loans',
      loan,
      {
        agreement: { text: 'T', beneficiarySignature: 'x', advisorSignature: 'y', pdf: 'z', signedAt: 'now' },
      },
      'agreement.beneficiarySignature',
    ],
    ['loans', loan, { status: 'perdu' }, 'status'],
    ['itemEvents', event, { kind: 'vol' }, 'kind'],
    ['settings', { title: 'T', body: 'B' }, { body: 'x'.repeat(20_001) }, 'body'],
    ['settings', { title: 'T', body: 'B' }, { police: 'Arial' }, ''],
  ];

  it.each(cases)('%s: refuse %j', (table, valid, change, field) => {
    expect(full(table, valid)).toEqual({ ok: true });
    const result = full(table, { ...valid, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.fields).join(' ')).toContain(field);
  });

  it('check a tombstone structurally: a deletion anonymises, so nothing is required', () => {
    expect(full('beneficiaries', { deleted: true, genre: 'feminin' })).toEqual({ ok: true });
    expect(full('beneficiaries', { deleted: true, genre: 'autre' }).ok).toBe(false);
    expect(full('activities', { deleted: true, intrus: 1 }).ok).toBe(false);
  });

  it('check structurally without a clock, and fully with the server’s', () => {
    const later = { ...beneficiary, anneeNaissance: 2030 };
    expect(checkRecord('beneficiaries', later, { level: 'structural' })).toEqual({ ok: true });
    expect(full('beneficiaries', later).ok).toBe(false);
    // The rules across fields are the forms': only the full level applies them.
    const nameless = { anonyme: false, nom: 'Roux' };
    expect(checkRecord('beneficiaries', nameless, { level: 'structural' })).toEqual({ ok: true });
    expect(full('beneficiaries', nameless)).toMatchObject({
      ok: false,
      fields: { prenom: 'Veuillez renseigner un prénom' },
    });
  });

  it('answer in French', () => {
    expect(full('beneficiaries', { ...beneficiary, anonyme: 'oui' })).toMatchObject({
      ok: false,
      fields: { anonyme: expect.stringMatching(/booléen attendu/) },
    });
  });

  it('refuse a patch with unknown field names or a deletion that is not a boolean', () => {
    expect(checkPatch('beneficiaries', { nom: 'A', id: 'ignored', createdBy: 'ignored' })).toEqual({
      ok: true,
    });
    expect(checkPatch('beneficiaries', { nom: 'A', couleur: null })).toMatchObject({
      ok: false,
      fields: { couleur: 'Champ inconnu' },
    });
    expect(checkPatch('beneficiaries', { deleted: 'yes' })).toMatchObject({
      ok: false,
      fields: { deleted: expect.any(String) },
    });
  });

  it('upgrade a change written at an older table version step by step, and know no future version', () => {
    const registry = {
      ...RECORD_SCHEMAS,
      lieux: {
        ...RECORD_SCHEMAS.lieux,
        version: 3,
        upgrades: [
          // v1 → v2: « name » became « nom »; v2 → v3: the address lost its trailing spaces.
          ({ name, ...rest }) => (name === undefined ? rest : { ...rest, nom: name }),
          (patch) =>
            typeof patch.adresse === 'string' ? { ...patch, adresse: patch.adresse.trim() } : patch,
        ],
      } satisfies TableSchema,
    };
    expect(upgradePatch('lieux', { name: 'Salle', adresse: ' 1 rue ' }, 1, registry)).toEqual({
      nom: 'Salle',
      adresse: '1 rue',
    });
    expect(upgradePatch('lieux', { nom: 'Salle', adresse: ' 1 rue ' }, 3, registry)).toEqual({
      nom: 'Salle',
      adresse: ' 1 rue ',
    });
    expect(upgradePatch('lieux', { nom: 'Salle' }, 4, registry)).toBeUndefined();
    expect(upgradePatch('lieux', { nom: 'Salle' }, 0, registry)).toBeUndefined();
  });
});

describe('La Coop’s fields (issue 12)', () => {
  it('accept an anonymous individual session’s notes, strictly', () => {
    const session = {
      type: 'individuel',
      date: '2026-03-02',
      duree: 30,
      typeLieu: 'a_distance',
      thematiques: ['email'],
      beneficiaryIds: [],
      beneficiaireAnonyme: {
        dejaAccompagne: true,
        genre: 'feminin',
        commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
      },
    };
    expect(RECORD_SCHEMAS.activities.full(new Date('2026-03-02')).safeParse(session).success).toBe(true);
    const extra = { ...session, beneficiaireAnonyme: { ...session.beneficiaireAnonyme, nom: 'Durand' } };
    expect(RECORD_SCHEMAS.activities.structural.safeParse(extra).success).toBe(false);
  });

  it('accept the structure’s commune on its settings record', () => {
    const settings = {
      title: 'T',
      body: 'B',
      structureCommune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
    };
    expect(RECORD_SCHEMAS.settings.structural.safeParse(settings).success).toBe(true);
  });
});
