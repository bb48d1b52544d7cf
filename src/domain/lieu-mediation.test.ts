import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fromSchemaLieuxDeMediationNumerique } from '@gouvfr-anct/lieux-de-mediation-numerique';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';

import { hoursLines, isOpenAt, isOpenOnDay, weekHours } from './lieu-hours';
import { checkLieuMediation } from './lieu-mediation-check';
import {
  lieuxToCsv,
  lieuxToJson,
  parseLieuxCsv,
  parseLieuxFile,
  parseLieuxJson,
} from './lieu-mediation-files';
import { departementOf, SCHEMA_COLUMNS, SERVICES } from './lieu-mediation';

const fixture = (name: string) => readFileSync(join(__dirname, '../../tests/fixtures/lieux', name), 'utf8');

describe('the national schema, read from the cartographie’s CSV export', () => {
  const lot = parseLieuxCsv(fixture('cartographie-46.csv'));

  it('keeps the good rows with their lists split on « | »', () => {
    expect(lot.total).toBe(6);
    expect(lot.lieux.map((l) => l.id)).toEqual(['fs-gramat', 'mediatheque-cahors', 'tiers-lieu-figeac']);
    const gramat = lot.lieux[0]!;
    expect(gramat.services).toEqual([
      'Aide aux démarches administratives',
      'Accès internet et matériel informatique',
    ]);
    expect(gramat.dispositif_programmes_nationaux).toEqual(['France Services', 'Aidants Connect']);
    expect(gramat.latitude).toBeCloseTo(44.7803);
    expect(gramat.date_maj).toBe('2026-10-01');
    expect(gramat.complement_adresse).toBeUndefined();
    expect(lot.lieux[2]!.courriels).toEqual(['contact@lafabrique-figeac.fr', 'accueil@lafabrique-figeac.fr']);
  });

  it('reports each bad row in French with its line and what is wrong', () => {
    expect(lot.errors).toEqual([
      {
        ligne: 5,
        id: 'bad-cp',
        nom: 'Mairie de Souillac',
        messages: [expect.stringMatching(/^Code postal : Le code postal 462/)],
      },
      {
        ligne: 6,
        id: 'bad-service',
        nom: 'Espace numérique de Gourdon',
        messages: ["Services : Le service 'Cours de guitare' n'est pas une valeur admise"],
      },
      {
        ligne: 7,
        id: 'bad-hours',
        nom: 'Point numérique de Lalbenque',
        messages: [expect.stringMatching(/^Horaires : Horaires illisibles : « le mardi matin »/)],
      },
    ]);
  });

  it('names missing required values and a wrong telephone', () => {
    const agen = parseLieuxCsv(fixture('cartographie-47.csv'));
    expect(agen.lieux.map((l) => l.id)).toEqual(['declic-agen', 'caf-marmande']);
    expect(agen.errors.map((e) => [e.ligne, e.messages])).toEqual([
      [4, ["Téléphone : Le téléphone ABC n'est pas valide"]],
      [5, ['Identifiant : valeur obligatoire manquante']],
    ]);
  });

  it('leaves out the bad rows a code places outside the territory read for, not those it cannot place', () => {
    const lot = fixture('cartographie-46.csv');
    expect(parseLieuxCsv(fixture('cartographie-47.csv'), { departements: ['46'] }).errors).toEqual([]);
    expect(parseLieuxCsv(lot, { departements: ['47'] }).errors.map((e) => e.id)).toEqual(['bad-cp']);
    expect(parseLieuxCsv(lot, { departements: ['46', '47'] }).errors).toHaveLength(3);
    const json = parseLieuxJson(
      fixture('lieux.json').replaceAll('"code_postal": "47000"', '"code_postal": 47000'),
      {
        departements: ['46'],
      },
    );
    expect(json.errors).toEqual([]);
  });

  it('refuses a file that is not in the schema, and a second row with the same id', () => {
    expect(parseLieuxCsv('nom;ville\nA;B\n').errors[0]!.messages[0]).toMatch(
      /colonnes id, adresse, commune, code_postal absentes/,
    );
    const [header, first] = fixture('cartographie-46.csv').split('\r\n');
    const twice = parseLieuxCsv([header, first, first].join('\r\n'));
    expect(twice.lieux).toHaveLength(1);
    expect(twice.errors).toEqual([
      expect.objectContaining({ ligne: 3, messages: ['Identifiant déjà utilisé ligne 2'] }),
    ]);
  });

  it('reads a « ; »-separated copy saved by a spreadsheet', () => {
    const csv = Papa.unparse(Papa.parse<string[]>(fixture('cartographie-46.csv')).data.slice(0, 3), {
      delimiter: ';',
    });
    expect(parseLieuxCsv(csv).lieux.map((l) => l.nom)).toEqual([
      'France Services de Gramat',
      'Médiathèque du Grand Cahors',
    ]);
  });
});

describe('the JSON form', () => {
  it('reads lists as arrays or « | » text, and numbers', () => {
    const parsed = parseLieuxJson(fixture('lieux.json'));
    expect(parsed.lieux).toHaveLength(4);
    expect(parsed.lieux[3]!.prise_en_charge_specifique).toEqual(['Surdité', 'Handicaps moteurs']);
    expect(parsed.errors).toEqual([
      { ligne: 5, id: 'json-bad', nom: 'Sans adresse', messages: ['Adresse : valeur obligatoire manquante'] },
    ]);
    expect(parseLieuxFile(fixture('lieux.json'), 'lieux.json').lieux).toHaveLength(4);
    expect(parseLieuxJson('{"x":1}').errors[0]!.messages).toEqual([
      'Ce fichier JSON ne contient pas de liste de lieux.',
    ]);
  });
});

describe('written back in the national schema', () => {
  const lieux = [
    ...parseLieuxCsv(fixture('cartographie-46.csv')).lieux,
    ...parseLieuxCsv(fixture('cartographie-47.csv')).lieux,
  ];

  it('as the cartographie’s CSV: 32 quoted columns, lists joined with « | », read back equal', () => {
    const csv = lieuxToCsv(lieux);
    const [header, first] = csv.split('\r\n');
    expect(header).toBe(SCHEMA_COLUMNS.map((c) => `"${c}"`).join(','));
    expect(SCHEMA_COLUMNS).toHaveLength(32);
    expect(first).toContain('"Aide aux démarches administratives|Accès internet et matériel informatique"');
    expect(parseLieuxCsv(csv)).toEqual({ lieux, errors: [], total: lieux.length });
  });

  it('as JSON that the published library reads, and back equal', () => {
    const json = lieuxToJson(lieux);
    expect(fromSchemaLieuxDeMediationNumerique(JSON.parse(json))).toHaveLength(lieux.length);
    expect(parseLieuxJson(json).lieux).toEqual(lieux);
  });

  it('refuses to write a lieu the library refuses', () => {
    expect(() => lieuxToCsv([{ ...lieux[0]!, code_postal: '4600' }])).toThrow(
      /France Services de Gramat — Code postal/,
    );
  });
});

describe('a single lieu', () => {
  const base = {
    id: 'x',
    nom: 'Lieu',
    pivot: '21460123400018',
    adresse: '1 rue A',
    commune: 'Cahors',
    code_postal: '46000',
    date_maj: '2026-01-02',
  };

  it('knows the enumerations in French, and refuses a bad date', () => {
    expect(SERVICES).toContain('Parentalité et éducation avec le numérique');
    expect(checkLieuMediation({ ...base, date_maj: '2026-02-31' })).toEqual({
      ok: false,
      messages: ['Date de mise à jour : Date de mise à jour invalide (AAAA-MM-JJ attendu)'],
    });
    expect(checkLieuMediation({ ...base, date_maj: '2026-01-02T10:00:00.000Z' })).toMatchObject({
      ok: true,
      lieu: { date_maj: '2026-01-02' },
    });
  });

  it('finds its département', () => {
    expect(departementOf({ code_postal: '46000' })).toBe('46');
    expect(departementOf({ code_postal: '20000', code_insee: '2A004' })).toBe('2A');
    expect(departementOf({ code_postal: '97400', code_insee: '97411' })).toBe('974');
  });
});

describe('opening hours (OSM opening_hours)', () => {
  const horaires = 'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off';
  // Wednesday 2 December 2026, local time.
  const at = (h: number, m = 0, day = 2) => new Date(2026, 11, day, h, m);

  it('says open or closed at a moment, and on a day', () => {
    expect(isOpenAt(horaires, at(10))).toBe(true);
    expect(isOpenAt(horaires, at(13))).toBe(false);
    expect(isOpenAt(horaires, at(11, 0, 6))).toBe(false); // Sunday
    expect(isOpenAt(horaires, new Date(2026, 11, 25, 10))).toBe(false); // Christmas: PH off
    expect(isOpenOnDay(horaires, at(0, 0, 5))).toBe(true); // Saturday
    expect(isOpenOnDay(horaires, at(0, 0, 6))).toBe(false);
    expect(isOpenAt(undefined, at(10))).toBeUndefined();
    expect(isOpenAt('n’importe quoi', at(10))).toBeUndefined();
  });

  it('gives the week in French', () => {
    expect(weekHours(horaires, at(0, 0, 7))![0]).toEqual({
      day: 'Lundi',
      date: '2026-12-07',
      intervals: ['09h00 – 12h00', '14h00 – 18h30'],
    });
    expect(hoursLines(horaires, at(0))).toEqual([
      'Lundi : 09h00 – 12h00, 14h00 – 18h30',
      'Mardi : 09h00 – 12h00, 14h00 – 18h30',
      'Mercredi : 09h00 – 12h00, 14h00 – 18h30',
      'Jeudi : 09h00 – 12h00, 14h00 – 18h30',
      'Vendredi : 09h00 – 12h00, 14h00 – 18h30',
      'Samedi : 08h30 – 12h00',
    ]);
  });
});
