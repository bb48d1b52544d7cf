import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { annuaireRecordOf, lieuOfRecord, type AnnuaireLieu } from './annuaire';
import { communeKey, directoryCommunes, searchAnnuaire } from './annuaire-search';
import { ficheContent, ficheMessage } from './fiche-orientation';
import { parseLieuxCsv } from './lieu-mediation-files';

const lieux: AnnuaireLieu[] = ['cartographie-46.csv', 'cartographie-47.csv'].flatMap((file) =>
  parseLieuxCsv(readFileSync(join(__dirname, '../../tests/fixtures/lieux', file), 'utf8')).lieux.map(
    (lieu) => ({
      ...annuaireRecordOf(lieu, 'import'),
      id: `rec-${lieu.id}`,
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    }),
  ),
);
const names = (found: AnnuaireLieu[]) => found.map((l) => l.schemaId);
// Wednesday 9 December 2026, local time.
const wednesday = (h: number, m = 0) => new Date(2026, 11, 9, h, m);

describe('searching the directory', () => {
  it('by service, every one asked', () => {
    expect(names(searchAnnuaire(lieux, { services: ['Aide aux démarches administratives'] }))).toEqual([
      'declic-agen',
      'fs-gramat',
      'caf-marmande',
    ]);
    expect(
      names(
        searchAnnuaire(lieux, {
          services: ['Aide aux démarches administratives', 'Accès internet et matériel informatique'],
        }),
      ),
    ).toEqual(['fs-gramat']);
  });

  it('« ouvert maintenant » and « ouvert tel jour » from the OSM hours', () => {
    const admin = { services: ['Aide aux démarches administratives'] };
    // Agen: « Mo-Fr 08:30-12:30; We 14:00-18:00 » — in OSM the Wednesday rule replaces the weekday one.
    expect(names(searchAnnuaire(lieux, { ...admin, ouvert: { at: wednesday(10, 30) } }))).toEqual([
      'fs-gramat',
    ]);
    expect(names(searchAnnuaire(lieux, { ...admin, ouvert: { at: wednesday(15) } }))).toEqual([
      'declic-agen',
      'fs-gramat',
    ]);
    expect(names(searchAnnuaire(lieux, { ...admin, ouvert: { at: wednesday(13) } }))).toEqual([]);
    expect(names(searchAnnuaire(lieux, { ...admin, ouvert: { jour: '2026-12-10' } }))).toEqual([
      'declic-agen',
      'fs-gramat',
      'caf-marmande',
    ]);
    expect(names(searchAnnuaire(lieux, { ouvert: { jour: '2026-12-13' } }))).toEqual([]); // Sunday
  });

  it('by commune and the communes around it, public, accessibility, free, words', () => {
    const cahors = communeKey(lieux.find((l) => l.schemaId === 'mediatheque-cahors')!);
    expect(names(searchAnnuaire(lieux, { commune: cahors }))).toEqual(['mediatheque-cahors']);
    // Gramat is 45 km from Cahors, Figeac 50, Agen 85.
    expect(names(searchAnnuaire(lieux, { commune: cahors, alentoursKm: 60 }))).toEqual([
      'fs-gramat',
      'mediatheque-cahors',
    ]);
    expect(names(searchAnnuaire(lieux, { publics: ['Seniors'] }))).toEqual(['mediatheque-cahors']);
    expect(names(searchAnnuaire(lieux, { accessibilite: ['Surdité'] }))).toEqual(['declic-agen']);
    expect(names(searchAnnuaire(lieux, { gratuit: 'gratuit' }))).toEqual([
      'fs-gramat',
      'mediatheque-cahors',
      'caf-marmande',
    ]);
    expect(names(searchAnnuaire(lieux, { gratuit: 'sous_condition' }))).toHaveLength(4);
    expect(names(searchAnnuaire(lieux, { texte: 'mediatheque cahors' }))).toEqual(['mediatheque-cahors']);
    expect(names(searchAnnuaire(lieux, { texte: 'jaures' }))).toEqual(['mediatheque-cahors']);
    expect(names(searchAnnuaire([{ ...lieux[0]!, deleted: true }], {}))).toEqual([]);
  });

  it('lists the directory’s communes', () => {
    expect(directoryCommunes(lieux).map((c) => c.label)).toEqual([
      'Agen · 47000',
      'Cahors · 46000',
      'Figeac · 46100',
      'Gramat · 46500',
      'Marmande · 47200',
    ]);
  });

  it('gives back the lieu of the schema a record stands for', () => {
    const gramat = lieux.find((l) => l.schemaId === 'fs-gramat')!;
    expect(lieuOfRecord(gramat)).toMatchObject({
      id: 'fs-gramat',
      nom: 'France Services de Gramat',
      date_maj: '2026-10-01',
    });
    expect(lieuOfRecord(gramat)).not.toHaveProperty('origine');
  });
});

describe('the fiche d’orientation', () => {
  it('holds where, when, how to get in touch, what to bring and who sent the person', () => {
    const gramat = lieux.find((l) => l.schemaId === 'fs-gramat')!;
    const fiche = ficheContent({
      lieu: gramat,
      aApporter: 'Carte Vitale',
      advisorName: 'Léa Martin',
      beneficiaire: 'Germaine',
      from: wednesday(0),
    });
    expect(fiche).toMatchObject({
      title: 'Fiche d’orientation pour Germaine',
      adresse: ['2 place de la République', '46500 Gramat'],
      contact: [
        'Téléphone : 05 65 38 50 00',
        'Courriel : franceservices@gramat.fr',
        'Site : https://www.gramat.fr',
        'Pour y aller : Se présenter, Téléphoner',
      ],
      qr: 'https://www.gramat.fr',
    });
    expect(fiche.horaires[0]).toBe('Lundi : 09h00 – 12h00, 14h00 – 17h00');
    expect(ficheMessage(fiche)).toContain(
      'À apporter : Carte Vitale\n\nVotre conseiller·ère numérique : Léa Martin',
    );
    const noSite = ficheContent({
      lieu: lieux.find((l) => l.schemaId === 'caf-marmande')!,
      from: wednesday(0),
    });
    expect(noSite.qr).toBe(
      'https://www.openstreetmap.org/search?query=22%20boulevard%20Fourcade%2C%2047200%20Marmande',
    );
  });
});
