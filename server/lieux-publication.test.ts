// @vitest-environment node
// Round trip of the structure's own lieux d'activité, on both databases: pushed by a tablet with the
// national schema's fields (the server checks them, the opening hours included), pulled, exported
// as the cartographie's CSV and as JSON (src/domain/lieu-publication.ts, validated by the schema's
// library), imported again through the server's import (server/lieux-import.ts) into another
// structure's directory: the same lieux, field for field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { lieuOfRecord, type AnnuaireLieu } from '../src/domain/annuaire';
import { newId } from '../src/domain/ids';
import type { Lieu } from '../src/domain/lieu';
import { fromSchemaLieuxDeMediationNumerique } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { parseLieuxFile } from '../src/domain/lieu-mediation-files';
import { publicationFiles, publishLieux } from '../src/domain/lieu-publication';
import { TABLE_SCHEMA_VERSIONS } from '../src/domain/schema-versions';
import { createPasswordHasher } from './crypto';
import { importLieuxFile } from './lieux-import';
import type { Principal, Store } from './store';
import { DATABASE_KINDS, openTestStore, seedStructure, signedInDevice, type TestStore } from './test-support';

const cheap = createPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

const mediatheque = {
  nom: 'Médiathèque de Figeac',
  adresse: '2 boulevard Pasteur',
  commune: { codeInsee: '46102', nom: 'Figeac', codePostal: '46100' },
  pivot: '21460102300013',
  services: ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien'],
  publics_specifiquement_adresses: ['Seniors', 'Familles et/ou enfants'],
  prise_en_charge_specifique: ['Surdité'],
  frais_a_charge: ['Gratuit'],
  modalites_acces: ['Se présenter', 'Téléphoner'],
  modalites_accompagnement: ['Accompagnement individuel', 'Dans un atelier collectif'],
  dispositif_programmes_nationaux: ['Conseillers numériques'],
  autres_formations_labels: ['Pass numérique Lot'],
  horaires: 'Tu-Fr 10:00-12:30,14:00-18:00; Sa 10:00-17:00; PH off',
  telephone: '05 65 34 66 44',
  courriels: ['mediatheque@ville-figeac.fr'],
  site_web: ['https://www.ville-figeac.fr'],
  presentation_resume: 'Ateliers numériques et accompagnement individuel, sans rendez-vous le mercredi.',
};
const mairie = {
  nom: 'Mairie de Lacapelle-Marival — ordinateur public',
  adresse: 'Place de la Halle',
  commune: { codeInsee: '46143', nom: 'Lacapelle-Marival', codePostal: '46120' },
  pivot: '21460143700019',
  services: ['Accès internet et matériel informatique'],
  frais_a_charge: ['Gratuit'],
};
/** An older tablet's lieu: no schema field, so not publishable (no SIRET, no service). */
const ancien = { nom: 'Salle des fêtes', adresse: 'Rue du Stade', commune: mairie.commune };

describe.each(DATABASE_KINDS)('the structure’s lieux published and imported again on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  let structureId: string;
  let otherId: string;
  let lea: Principal;
  let carto: Principal;

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    const s = await seedStructure(store, 'Lot Numérique', ['lea@ex.fr'], {}, cheap);
    structureId = s.structureId;
    lea = await signedInDevice(store, structureId, s.users['lea@ex.fr']!.userId);
    const other = await seedStructure(store, 'Cartographie', ['carto@ex.fr'], {}, cheap);
    otherId = other.structureId;
    carto = await signedInDevice(store, otherId, other.users['carto@ex.fr']!.userId);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const mutation = (
    seq: number,
    patch: Record<string, unknown>,
    schemaVersion = TABLE_SCHEMA_VERSIONS.lieux,
  ) => ({
    seq,
    table: 'lieux' as const,
    recordId: newId(),
    op: 'put' as const,
    patch,
    baseVersion: 0,
    at: new Date().toISOString(),
    schemaVersion,
  });

  it('checks the schema’s fields of a pushed lieu, its hours in OSM syntax, and still takes an older tablet’s', async () => {
    const bad = await store.push(lea, {
      deviceId: lea.deviceId,
      mutations: [mutation(1, { ...mediatheque, horaires: 'le mardi matin' })],
    });
    expect(bad.refused?.[0]).toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/Horaires illisibles : « le mardi matin »/),
    });
    const service = await store.push(lea, {
      deviceId: lea.deviceId,
      mutations: [mutation(2, { ...mediatheque, services: ['Cours de guitare'] })],
    });
    expect(service.refused?.[0]?.code).toBe('invalid');
    const ok = await store.push(lea, {
      deviceId: lea.deviceId,
      mutations: [mutation(3, mediatheque), mutation(4, mairie), mutation(5, ancien, 1)],
    });
    expect(ok.refused).toBeUndefined();
  });

  it('exports the valid ones as CSV and JSON the library reads, names the other, and imports them equal', async () => {
    const page = await store.pull(lea, 0, 1000);
    if (page === 'resync') throw new Error('resync');
    const lieux = page.records
      .filter((r) => r.table === 'lieux' && !r.deleted)
      .map((r) => ({ ...r.data, id: r.id }) as unknown as Lieu);
    expect(lieux).toHaveLength(3);

    const publication = publishLieux(lieux, '2026-12-02');
    expect(publication.refused).toEqual([
      {
        id: expect.any(String),
        nom: 'Salle des fêtes',
        messages: [
          'Services : choisissez au moins un service proposé',
          'SIRET ou RNA (pivot) : valeur obligatoire manquante',
        ],
      },
    ]);
    expect(publication.lieux.map((l) => l.nom).sort()).toEqual([mairie.nom, mediatheque.nom].sort());
    const { csv, json } = publicationFiles(publication);
    // Lists joined with `|`, as the cartographie nationale's CSV has them.
    expect(csv).toContain('"Aide aux démarches administratives|Maîtrise des outils numériques du quotidien"');
    // The library reads the JSON back (it throws on a lieu outside the schema).
    expect(fromSchemaLieuxDeMediationNumerique(JSON.parse(json))).toHaveLength(2);

    for (const [name, text] of [
      ['lieux.csv', csv],
      ['lieux.json', json],
    ] as const) {
      const report = await importLieuxFile(store, text, name, { structureId: otherId, by: 'admin' });
      // The JSON brings the same lieux (same ids, same date_maj) as the CSV before it.
      expect(report).toMatchObject(
        name === 'lieux.csv'
          ? { errors: [], total: 2, created: 2, imported: true }
          : { errors: [], total: 2, created: 0, updated: 0, unchanged: 2 },
      );
      expect(parseLieuxFile(text, name).lieux).toEqual(publication.lieux);
    }
    const other = await store.pull(carto, 0, 1000);
    if (other === 'resync') throw new Error('resync');
    const imported = other.records
      .filter((r) => r.table === 'annuaire')
      .map((r) => lieuOfRecord(r.data as unknown as AnnuaireLieu));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(imported.sort(byId)).toEqual([...publication.lieux].sort(byId));
    const media = imported.find((l) => l.nom === mediatheque.nom)!;
    expect(media).toMatchObject({
      code_insee: '46102',
      code_postal: '46100',
      commune: 'Figeac',
      horaires: mediatheque.horaires,
      modalites_acces: mediatheque.modalites_acces,
      source: 'Sillon',
    });
  });
});
