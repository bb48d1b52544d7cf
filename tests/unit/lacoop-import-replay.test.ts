// @vitest-environment node
// « Exporter pour La Coop » read back by La Coop's own import rules, replayed here from its source
// (inclusion-numerique/coop-mediation-numerique@46aa33b,
// features/beneficiaire/abilities/importer-beneficiaires/analyse/getBeneficiaireImportSheet.ts and
// analyseImportBeneficiairesExcel.ts, action/importer-beneficiaires.validation.ts,
// communes/communesClient.ts): the sheet « Bénéficiaires » by name, cells by position from row 4
// until a row whose ten cells are empty, a cell's value as text (`v.toString().trim()`, 0 counting as
// empty), the year as a number, the genre by its first letter (F, M, N, else « Genre invalide »),
// the commune looked up by its Code INSEE in La Coop's communes.csv with the Code postal cell equal
// to that table's (every code of the commune, in its order) and the name equal case aside. Invalid
// phones and e-mails are dropped silently; a nom or prénom over 100 characters drops the row.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import readExcelFile from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';

import { lacoopImportToXlsx } from '../../src/data/export-files';
import type { Beneficiary, CommuneRef } from '../../src/domain/beneficiary';
import { LACOOP_NAMES, LACOOP_POSTAL_CODES, LACOOP_UNKNOWN } from '../../src/domain/lacoop-communes';
import { buildLacoopImportFile } from '../../src/domain/lacoop-template';
import { normalizePhone } from '../../src/domain/phone';

type Cell = string | number | boolean | Date | null;

// La Coop's communes.csv, rebuilt from the COG and the committed differences. A few of its lines,
// copied from La Coop's file and its communesClient.spec.ts, check the rebuild itself.
const require = createRequire(import.meta.url);
const cog = new Map(
  (
    JSON.parse(
      readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8'),
    ) as {
      code: string;
      nom: string;
      type: string;
      codesPostaux?: string[];
    }[]
  )
    .filter(
      (c) =>
        (c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal') && c.codesPostaux?.length,
    )
    .map((c) => [c.code, c]),
);
const findCommuneByInsee = (code: string) => {
  const c = cog.get(code);
  if (!c || LACOOP_UNKNOWN.includes(code)) return null;
  return {
    codeInsee: code,
    nom: LACOOP_NAMES[code] ?? c.nom,
    codePostal: LACOOP_POSTAL_CODES[code] ?? c.codesPostaux!.join(', '),
  };
};

const asString = (cell: Cell | undefined): string | null =>
  cell != null && cell !== 0 ? String(cell instanceof Date ? cell.toISOString() : cell).trim() || null : null;
const asNumber = (cell: Cell | undefined): number | null => {
  if (typeof cell === 'number') return cell;
  if (cell == null) return null;
  const n = Number(cell);
  return Number.isNaN(n) ? null : n;
};
const parseGenre = (raw: string | null) =>
  !raw
    ? { value: 'non_communique' }
    : raw.startsWith('F')
      ? { value: 'feminin' }
      : raw.startsWith('M')
        ? { value: 'masculin' }
        : raw.startsWith('N')
          ? { value: 'non_communique' }
          : { error: 'Genre invalide' };

/** La Coop's analysis then its validation's projection, on the rows read back. */
const laCoopImport = (rows: Cell[][], year: number) => {
  const analysed: {
    values: (string | number | null | undefined)[];
    errors: Record<string, string>;
    parsed: Record<string, unknown>;
  }[] = [];
  for (let r = 3; ; r++) {
    const row = rows[r] ?? [];
    if (Array.from({ length: 10 }, (_, c) => asString(row[c])).every((v) => v === null)) break;
    const [
      nom,
      prenom,
      ,
      communeNom,
      communeCodeInsee,
      communeCodePostal,
      numeroTelephone,
      email,
      genre,
      notes,
    ] = Array.from({ length: 10 }, (_, c) => asString(row[c]));
    const anneeNaissance = asNumber(row[2]);
    const errors: Record<string, string> = {};
    if (!nom) errors.nom = 'Le nom est obligatoire';
    if (!prenom) errors.prenom = 'Le prénom est obligatoire';
    let commune: ReturnType<typeof findCommuneByInsee> = null;
    if (communeCodeInsee) {
      commune = findCommuneByInsee(communeCodeInsee);
      if (commune) {
        if (commune.codePostal !== communeCodePostal)
          errors.communeCodePostal = 'Le code postal de la commune ne correspond pas';
        if (commune.nom.toLocaleLowerCase() !== communeNom?.toLocaleLowerCase())
          errors.communeNom = 'Le nom de la commune ne correspond pas';
      } else errors.communeCodeInsee = 'Code commune non trouvé';
    }
    const g = parseGenre(genre ?? null);
    if (g.error) errors.genre = g.error;
    if (
      anneeNaissance &&
      (!Number.isInteger(anneeNaissance) || anneeNaissance < 1900 || anneeNaissance > year)
    )
      errors.anneeNaissance = 'Veuillez renseigner une année de naissance valide';
    analysed.push({
      values: [
        nom,
        prenom,
        anneeNaissance,
        communeNom,
        communeCodeInsee,
        communeCodePostal,
        numeroTelephone,
        email,
        genre,
        notes,
      ],
      errors,
      parsed: {
        genre: g.value,
        commune,
        anneeNaissance: anneeNaissance || null,
        numeroTelephone,
        email,
        notes,
        nom,
        prenom,
      },
    });
  }
  const imported = analysed
    .filter(
      (a) =>
        a.parsed.nom &&
        a.parsed.prenom &&
        String(a.parsed.nom).length <= 100 &&
        String(a.parsed.prenom).length <= 100,
    )
    .map((a) => ({
      nom: a.parsed.nom,
      prenom: a.parsed.prenom,
      anneeNaissance: a.parsed.anneeNaissance,
      commune: a.parsed.commune,
      telephone: normalizePhone(a.parsed.numeroTelephone as string | null) ?? null,
      email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(a.parsed.email ?? ''))
        ? String(a.parsed.email).toLowerCase()
        : null,
      genre: a.parsed.genre,
      notes: a.parsed.notes,
    }));
  return {
    status: analysed.some((a) => Object.keys(a.errors).length > 0) ? 'error' : 'ok',
    analysed,
    imported,
  };
};

const commune = (codeInsee: string, nom: string, codePostal: string): CommuneRef => ({
  codeInsee,
  nom,
  codePostal,
});
const person = (id: string, fields: Partial<Beneficiary>): Beneficiary => ({
  id,
  createdAt: '2026-01-05T10:00:00Z',
  updatedAt: '2026-01-05T10:00:00Z',
  anonyme: false,
  trancheAge: 'non_communique',
  sortKey: id,
  searchTokens: [],
  ...fields,
});

const people: Beneficiary[] = [
  person('P1', {
    nom: 'Martin',
    prenom: 'Alice',
    anneeNaissance: 1950,
    commune: commune('46042', 'Cahors', '46000'),
    telephone: '+33612345678',
    email: 'alice.martin@orange.fr',
    genre: 'feminin',
    notes: 'Préfère le matin\nAppeler avant de passer',
  }),
  // Lajoux: La Coop's table lists « 01410, 39310 »; Sillon stores the one code she lives under.
  person('P2', {
    nom: 'Roux',
    prenom: 'Léon',
    commune: commune('39274', 'Lajoux', '39310'),
    genre: 'masculin',
  }),
  // Boissey: La Coop's table has its codes in another order than the COG's.
  person('P3', {
    nom: 'Blanc',
    prenom: 'Inès',
    commune: commune('01050', 'Boissey', '01190'),
    anneeNaissance: 2001,
  }),
  // La Réunion: an overseas phone and a three-code commune.
  person('P4', {
    nom: 'Payet',
    prenom: 'Jean-Marc',
    commune: commune('97411', 'Saint-Denis', '97417'),
    telephone: '+262262202020',
    genre: 'non_communique',
  }),
  person('P5', { nom: 'Grava', prenom: 'Maëlle', telephone: '+590690000001', anneeNaissance: 1988 }),
  // Paris as a whole: La Coop knows it by arrondissement only.
  person('P6', { nom: 'Ott', prenom: 'Zoé', commune: commune('75056', 'Paris', '75116') }),
  // A commune created after La Coop's table: written without its commune.
  person('P7', { nom: 'Vidal', prenom: 'Hugo', commune: commune('12218', 'Conques-en-Rouergue', '12320') }),
  // Left out: anonymous, deleted, a name La Coop would drop.
  person('P8', { anonyme: true, genre: 'feminin' }),
  person('P9', { nom: 'Supprimé', prenom: 'Jean', deleted: true }),
  person('P10', { nom: 'X'.repeat(101), prenom: 'Trop' }),
];

describe('« Exporter pour La Coop » read by La Coop’s import', () => {
  it('rebuilds La Coop’s commune table faithfully', () => {
    expect(findCommuneByInsee('39274')).toEqual({
      codeInsee: '39274',
      nom: 'Lajoux',
      codePostal: '01410, 39310',
    });
    expect(findCommuneByInsee('01082')).toEqual({ codeInsee: '01082', nom: 'Chanay', codePostal: '01420' });
    expect(findCommuneByInsee('01050')?.codePostal).toBe('01380, 01190');
    expect(findCommuneByInsee('97411')?.codePostal).toBe('97400, 97417, 97490');
    expect(findCommuneByInsee('75116')?.codePostal).toBe('75016');
    expect(findCommuneByInsee('75056')).toBeNull();
  });

  it('is the template’s sheet, rows 1–3 as the template, people from row 4', async () => {
    const file = buildLacoopImportFile(people, 2026);
    const sheets = (await readExcelFile(await lacoopImportToXlsx(file.rows))) as {
      sheet: string;
      data: Cell[][];
    }[];
    expect(sheets.map((s) => s.sheet)).toEqual(['Bénéficiaires']);
    const rows = sheets[0]!.data;
    expect(
      String(rows[0]![0]).startsWith("Instructions d'utilisation :  \n- Nom et Prénom sont obligatoires"),
    ).toBe(true);
    expect(rows[1]).toEqual([
      'Nom',
      'Prénom',
      'Année de naissance',
      'Commune',
      null,
      null,
      'N° de téléphone',
      'E-mail',
      'Genre',
      'Notes supplémentaires',
    ]);
    expect(rows[2]).toEqual([null, null, null, 'Nom', 'Code INSEE', 'Code postal', null, null, null, null]);
    expect(rows).toHaveLength(3 + 7);
  });

  it('gets every person back intact, with no error, and says who was left out', async () => {
    const file = buildLacoopImportFile(people, 2026);
    expect(file.people.map((b) => b.id)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7']);
    expect(file.leftOut.map((l) => [l.beneficiary.id, l.reason])).toEqual([['P10', 'nom_trop_long']]);
    expect(file.communesUnknown.map((b) => b.id)).toEqual(['P7']);
    const [sheet] = (await readExcelFile(await lacoopImportToXlsx(file.rows))) as {
      sheet: string;
      data: Cell[][];
    }[];
    const result = laCoopImport(sheet!.data, 2026);
    expect(result.analysed.map((a) => a.errors)).toEqual(Array(7).fill({}));
    expect(result.status).toBe('ok');
    expect(result.imported).toEqual([
      {
        nom: 'Martin',
        prenom: 'Alice',
        anneeNaissance: 1950,
        commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
        telephone: '+33612345678',
        email: 'alice.martin@orange.fr',
        genre: 'feminin',
        notes: 'Préfère le matin\nAppeler avant de passer',
      },
      {
        nom: 'Roux',
        prenom: 'Léon',
        anneeNaissance: null,
        commune: { codeInsee: '39274', nom: 'Lajoux', codePostal: '01410, 39310' },
        telephone: null,
        email: null,
        genre: 'masculin',
        notes: null,
      },
      {
        nom: 'Blanc',
        prenom: 'Inès',
        anneeNaissance: 2001,
        commune: { codeInsee: '01050', nom: 'Boissey', codePostal: '01380, 01190' },
        telephone: null,
        email: null,
        genre: 'non_communique',
        notes: null,
      },
      {
        nom: 'Payet',
        prenom: 'Jean-Marc',
        anneeNaissance: null,
        commune: { codeInsee: '97411', nom: 'Saint-Denis', codePostal: '97400, 97417, 97490' },
        telephone: '+262262202020',
        email: null,
        genre: 'non_communique',
        notes: null,
      },
      {
        nom: 'Grava',
        prenom: 'Maëlle',
        anneeNaissance: 1988,
        commune: null,
        telephone: '+590690000001',
        email: null,
        genre: 'non_communique',
        notes: null,
      },
      {
        nom: 'Ott',
        prenom: 'Zoé',
        anneeNaissance: null,
        commune: { codeInsee: '75116', nom: 'Paris 16e Arrondissement', codePostal: '75016' },
        telephone: null,
        email: null,
        genre: 'non_communique',
        notes: null,
      },
      {
        nom: 'Vidal',
        prenom: 'Hugo',
        anneeNaissance: null,
        commune: null,
        telephone: null,
        email: null,
        genre: 'non_communique',
        notes: null,
      },
    ]);
  });

  it('would have lost people and codes with the cells as plain numbers, which this file avoids', async () => {
    const file = buildLacoopImportFile([people[2]!], 2026);
    const [sheet] = (await readExcelFile(await lacoopImportToXlsx(file.rows))) as {
      sheet: string;
      data: Cell[][];
    }[];
    // « 01050 » stays text: a number would read back « 1050 » and La Coop would not find the commune.
    expect(sheet!.data[3]![4]).toBe('01050');
    expect(typeof sheet!.data[3]![2]).toBe('number');
  });
});
