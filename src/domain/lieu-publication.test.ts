import { describe, expect, it } from 'vitest';

import { lieuInputSchema, type Lieu } from './lieu';
import { parseLieuxCsv } from './lieu-mediation-files';
import { lieuMediationRowOf, publicationFiles, publishLieux } from './lieu-publication';
import { upgradePatch } from './record-check';
import { RECORD_SCHEMAS } from './record-schemas';

const base: Lieu = {
  id: '5f0c1a7e-8a55-4a0e-9c1e-2b8f1d6c9a01',
  nom: 'France Services de Gramat',
  adresse: '2 place de la République',
  commune: { codeInsee: '46128', nom: 'Gramat', codePostal: '46500' },
  pivot: '21460128500015',
  services: ['Aide aux démarches administratives'],
  modalites_acces: ['Se présenter', 'Contacter par mail'],
  courriels: ['gramat@france-services.fr'],
  horaires: 'Mo-Fr 09:00-12:00',
  createdAt: '2026-10-01T08:00:00.000Z',
  updatedAt: '2026-11-15T16:30:00.000Z',
};

describe('a lieu d’activité as a row of the national schema', () => {
  it('maps its commune, its lists, its id and the day of its last change', () => {
    expect(lieuMediationRowOf(base, '2026-12-02')).toEqual({
      id: base.id,
      nom: 'France Services de Gramat',
      adresse: '2 place de la République',
      commune: 'Gramat',
      code_postal: '46500',
      code_insee: '46128',
      pivot: '21460128500015',
      services: ['Aide aux démarches administratives'],
      modalites_acces: ['Se présenter', 'Contacter par mail'],
      courriels: ['gramat@france-services.fr'],
      horaires: 'Mo-Fr 09:00-12:00',
      date_maj: '2026-11-15',
      source: 'Sillon',
    });
    const { updatedAt: _u, createdAt: _c, ...never } = base;
    expect(lieuMediationRowOf(never, '2026-12-02').date_maj).toBe('2026-12-02');
  });

  it('writes the CSV with `|` lists, readable again as the same lieu', () => {
    const publication = publishLieux([base], '2026-12-02');
    expect(publication.refused).toEqual([]);
    const { csv } = publicationFiles(publication);
    expect(csv.split('\r\n')[0]).toMatch(/^"id","nom","pivot","services",/);
    expect(csv).toContain('"Se présenter|Contacter par mail"');
    expect(parseLieuxCsv(csv).lieux).toEqual(publication.lieux);
  });

  it('names what is missing or wrong, in French, and keeps the valid lieux', () => {
    const publication = publishLieux(
      [{ id: 'a', nom: 'Sans rien' }, { ...base, id: 'b', nom: 'Mauvais téléphone', telephone: 'ABC' }, base],
      '2026-12-02',
    );
    expect(publication.lieux.map((l) => l.id)).toEqual([base.id]);
    expect(publication.refused).toEqual([
      {
        id: 'a',
        nom: 'Sans rien',
        messages: [
          'Services : choisissez au moins un service proposé',
          'SIRET ou RNA (pivot) : valeur obligatoire manquante',
          'Adresse : valeur obligatoire manquante',
          'Commune : valeur obligatoire manquante',
          'Code postal : valeur obligatoire manquante',
        ],
      },
      { id: 'b', nom: 'Mauvais téléphone', messages: ["Téléphone : Le téléphone ABC n'est pas valide"] },
    ]);
  });
});

describe('the lieux table with the schema’s fields', () => {
  it('checks the form’s input: empty lists absent, SIRET without spaces, the enumerations', () => {
    const ok = lieuInputSchema.parse({
      nom: 'Médiathèque',
      pivot: '214 601 285 00015',
      services: [],
      courriels: ['a@b.fr'],
      telephone: '05 65 00 00 00',
    });
    expect(ok).toMatchObject({ pivot: '21460128500015', courriels: ['a@b.fr'] });
    expect(ok.services).toBeUndefined();
    const bad = lieuInputSchema.safeParse({
      nom: 'X',
      pivot: '123',
      telephone: 'ABC',
      services: ['Cours de guitare'],
      site_web: ['www'],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['pivot', 'SIRET (14 chiffres) ou RNA (W et 9 caractères) attendu'],
      ['telephone', 'Numéro de téléphone invalide (ex. 05 65 00 00 00)'],
      ['services.0', expect.stringMatching(/./)],
      ['site_web.0', 'Adresse de site invalide (https://… attendu)'],
    ]);
  });

  it('keeps an older tablet’s lieu valid: version 1 changes are upgraded unchanged', () => {
    const older = { nom: 'Salle des fêtes', adresse: 'Rue du Stade' };
    expect(RECORD_SCHEMAS.lieux.version).toBe(2);
    expect(upgradePatch('lieux', older, 1)).toEqual(older);
    expect(RECORD_SCHEMAS.lieux.structural.safeParse(older).success).toBe(true);
    expect(RECORD_SCHEMAS.lieux.structural.safeParse({ ...older, services: ['Cours'] }).success).toBe(false);
  });
});
