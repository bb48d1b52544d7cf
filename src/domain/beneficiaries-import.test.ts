import { describe, expect, it } from 'vitest';

import {
  analyseImportSheet,
  detectLayout,
  IMPORT_MESSAGES,
  ImportFileError,
  parseGenre,
  type CommuneDirectory,
  type DirectoryCommune,
  type ImportCell,
} from './beneficiaries-import';
import { normalize } from './text';

const NOW = new Date('2026-04-10T12:00:00Z');

const COMMUNES: DirectoryCommune[] = [
  { codeInsee: '46042', nom: 'Cahors', codesPostaux: ['46000'] },
  { codeInsee: '39274', nom: 'Lajoux', codesPostaux: ['01410', '39310'] },
  { codeInsee: '46268', nom: 'Saint Géry-Vers', codesPostaux: ['46090', '46330'] },
  { codeInsee: '47001', nom: 'Agen', codesPostaux: ['47000'] },
  { codeInsee: '46200', nom: 'Sauliac', codesPostaux: ['46330'] },
  { codeInsee: '47900', nom: 'Sauliac', codesPostaux: ['47500'] },
];
const directory: CommuneDirectory = {
  byInsee: (code) => COMMUNES.find((c) => c.codeInsee === code),
  byName: (nom) => COMMUNES.filter((c) => normalize(c.nom) === normalize(nom)),
};

const TEMPLATE_HEAD: ImportCell[][] = [
  ["Instructions d'utilisation :  \n- Nom et Prénom sont obligatoires", null],
  [
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
  ],
  [null, null, null, 'Nom', 'Code INSEE', 'Code postal', null, null, null, null],
];
const template = (...people: ImportCell[][]) =>
  analyseImportSheet([...TEMPLATE_HEAD, ...people], directory, NOW);

describe('the layout of a file to import', () => {
  it('recognises La Coop’s template (people from row 4) and its « Bénéficiaires » export (below its header)', () => {
    expect(detectLayout(TEMPLATE_HEAD)).toMatchObject({ layout: 'modele', dataIndex: 3 });
    const exportRows: ImportCell[][] = [
      ['Informations export'],
      ...Array.from({ length: 11 }, () => []),
      [
        'Nom',
        'Prénom',
        'Année de naissance',
        'Nom de la commune',
        'Code INSEE',
        'Code postal',
        'N° de téléphone',
      ],
    ];
    expect(detectLayout(exportRows)).toMatchObject({ layout: 'export', headerIndex: 12, dataIndex: 13 });
  });

  it('refuses a file with neither, in French', () => {
    expect(() =>
      detectLayout([
        ['Prénom', 'Nom'],
        ['Alice', 'Martin'],
      ]),
    ).toThrow(IMPORT_MESSAGES.unknownLayout);
    expect(() => template()).toThrow(ImportFileError);
  });
});

describe('a row of La Coop’s template', () => {
  it('reads the ten cells by position, as La Coop does', () => {
    const [row] = template([
      'Martin',
      'Alice',
      1950,
      'Cahors',
      '46042',
      '46000',
      '06 12 34 56 78',
      'Alice.Martin@orange.fr',
      'Féminin',
      'Préfère le matin',
    ]).rows;
    expect(row!.line).toBe(4);
    expect(row!.errors).toEqual([]);
    expect(row!.input).toMatchObject({
      anonyme: false,
      nom: 'Martin',
      prenom: 'Alice',
      anneeNaissance: 1950,
      commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
      telephone: '+33612345678',
      email: 'alice.martin@orange.fr',
      genre: 'feminin',
      notes: 'Préfère le matin',
    });
  });

  it('gives each error of a row in French and does not import it', () => {
    const { rows } = template(
      [null, 'Albert', 'nuage', null, 0, 0, null, null, null, null],
      ['Exemple', null, 1970, null, 0, 0, null, null, null, null],
      ['Roux', 'Chloé', 1850, 'Cahors', '46042', '46100', null, null, 'Autre', null],
      ['Petit', 'Jules', 1990, 'Figeac', '46042', '46000', null, null, null, null],
      ['Blanc', 'Léon', 1990, 'Nulle-part', '99999', '99999', null, null, null, null],
    );
    expect(rows.map((r) => [r.line, r.errors.map((e) => `${e.field}: ${e.message}`), r.input])).toEqual([
      [4, ['nom: Le nom est obligatoire', `anneeNaissance: ${IMPORT_MESSAGES.anneeNaissance}`], undefined],
      [5, ['prenom: Le prénom est obligatoire'], undefined],
      [
        6,
        [
          `anneeNaissance: ${IMPORT_MESSAGES.anneeNaissance}`,
          `genre: ${IMPORT_MESSAGES.genre}`,
          'commune: Le code postal de la commune ne correspond pas',
        ],
        undefined,
      ],
      [7, ['commune: Le nom de la commune ne correspond pas'], undefined],
      [8, ['commune: Code commune non trouvé'], undefined],
    ]);
  });

  it('leaves out an invalid phone or e-mail (La Coop ignores them) and says so', () => {
    const [row] = template([
      'Martin',
      'Alice',
      null,
      null,
      null,
      null,
      '12 34',
      'pas-une-adresse',
      'F',
      null,
    ]).rows;
    expect(row!.errors).toEqual([]);
    expect(row!.warnings.map((w) => w.field)).toEqual(['telephone', 'email']);
    expect(row!.input).not.toHaveProperty('telephone', expect.anything());
    expect(row!.input?.email).toBeUndefined();
  });

  it('takes genre by its first letter, « Homme » and « Femme » too', () => {
    expect(['Féminin', 'F', 'femme', 'Masculin', 'Homme', 'N', '', 'X'].map(parseGenre)).toEqual([
      'feminin',
      'feminin',
      'feminin',
      'masculin',
      'masculin',
      'non_communique',
      'non_communique',
      undefined,
    ]);
  });

  it('gives a phone typed in a number cell its leading 0, and reads overseas and « (+33) » numbers', () => {
    const { rows } = template(
      ['A', 'A', null, null, null, null, 612345678, null, null, null],
      ['B', 'B', null, null, null, null, '0262 20 20 20', null, null, null],
      ['C', 'C', null, null, null, null, '(+33) 6 12 34 56 78', null, null, null],
    );
    expect(rows.map((r) => r.input?.telephone)).toEqual(['+33612345678', '+262262202020', '+33612345678']);
  });

  it('accepts La Coop’s list of codes postaux for a commune that has several, keeping the commune’s own', () => {
    const { rows } = template(
      ['Roux', 'Chloé', null, 'Lajoux', '39274', '01410, 39310', null, null, null, null],
      ['Roux', 'Paul', null, 'Lajoux', '39274', '01410', null, null, null, null],
      ['Roux', 'Zoé', null, 'LAJOUX', '39274', null, null, null, null, null],
    );
    expect(rows.map((r) => r.input?.commune?.codePostal)).toEqual(['39310', '01410', '39310']);
  });

  it('finds a commune by its name when the Code INSEE is empty, narrowed by its code postal', () => {
    const { rows } = template(
      ['A', 'A', null, 'saint gery vers', null, null, null, null, null, null],
      ['B', 'B', null, 'Sauliac', null, '47500', null, null, null, null],
      ['C', 'C', null, 'Sauliac', null, null, null, null, null, null],
      ['D', 'D', null, 'Atlantide', null, null, null, null, null, null],
    );
    expect(rows.map((r) => r.input?.commune?.codeInsee ?? r.errors[0]?.message)).toEqual([
      '46268',
      '47900',
      IMPORT_MESSAGES.communeNameAmbiguous,
      IMPORT_MESSAGES.communeNameUnknown,
    ]);
  });

  it('reads past an empty row, marks a person repeated in the file and the template’s example', () => {
    const { rows } = template(
      ['Exemple', 'Léa', 1970, null, null, null, '0102030405', null, 'Féminin', null],
      ['Martin', 'Alice', 1950, null, null, null, null, null, null, null],
      [null, null, null, null, 0, 0, null, null, null, null],
      ['MARTIN', 'alice', null, null, null, null, null, null, null, null],
      ['Martin', 'Alice', 1951, null, null, null, null, null, null, null],
    );
    expect(rows.map((r) => [r.line, r.example ?? false, r.sameAsLine])).toEqual([
      [4, true, undefined],
      [5, false, undefined],
      [7, false, 5],
      [8, false, undefined],
    ]);
  });

  it('applies the form’s limits (a nom of more than 100 characters)', () => {
    const [row] = template(['M'.repeat(101), 'Alice', null, null, null, null, null, null, null, null]).rows;
    expect(row!.input).toBeUndefined();
    expect(row!.errors).toEqual([{ field: 'nom', message: 'Au plus 100 caractères' }]);
  });
});

describe('a row of a « Bénéficiaires » export', () => {
  const head: ImportCell[][] = [
    ['Informations export'],
    ['Nom', 'Marchal'],
    ...Array.from({ length: 10 }, () => []),
    [
      'Nom',
      'Prénom',
      'Année de naissance',
      'Nom de la commune',
      'Code INSEE',
      'Code postal',
      'N° de téléphone',
      'E-mail',
      'Genre',
      'Tranche d’âge',
      'Statut',
      'Nombre d’accompagnements',
      'Notes supplémentaires',
    ],
  ];

  it('reads its columns by header, « - » as nothing, genre and statut by their labels', () => {
    const { layout, rows } = analyseImportSheet(
      [
        ...head,
        [
          'Martin',
          'Alice',
          1950,
          'Cahors',
          '46042',
          '46000',
          '+33612345678',
          '-',
          'Femme',
          '70 ans et plus',
          'Retraité',
          3,
          '',
        ],
        [
          'Durand',
          'Bruno',
          '-',
          '-',
          '-',
          '-',
          '-',
          '-',
          'Homme',
          'Non communiqué',
          'Sans emploi',
          0,
          'Vu deux fois',
        ],
        [
          'Petit',
          'Jules',
          '-',
          '-',
          '-',
          '-',
          '-',
          '-',
          'Non communiqué',
          'Non communiqué',
          'Inconnu',
          0,
          '',
        ],
      ],
      directory,
      NOW,
    );
    expect(layout).toBe('export');
    expect(rows.map((r) => r.input)).toEqual([
      {
        anonyme: false,
        nom: 'Martin',
        prenom: 'Alice',
        anneeNaissance: 1950,
        commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
        telephone: '+33612345678',
        genre: 'feminin',
        statutSocial: 'retraite',
      },
      {
        anonyme: false,
        nom: 'Durand',
        prenom: 'Bruno',
        genre: 'masculin',
        statutSocial: 'sans_emploi',
        notes: 'Vu deux fois',
      },
      { anonyme: false, nom: 'Petit', prenom: 'Jules' },
    ]);
    expect(rows[2]!.warnings).toEqual([{ field: 'statutSocial', message: IMPORT_MESSAGES.statutDropped }]);
  });
});
