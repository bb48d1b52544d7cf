// @vitest-environment node
// Every produced XLSX is read back with read-excel-file. The expected cells below were written from
// La Coop's worksheet builders (inclusion-numerique/coop-mediation-numerique@46aa33b:
// features/activites/use-cases/list/export/buildAccompagnementsWorksheet.ts, its spec's row numbers,
// libs/worksheet/addExportMetadata.ts, worksheet/buildWorksheetHelpers.ts,
// worksheet/statistiques/buildStatistiquesWorksheet.ts,
// features/beneficiaire/abilities/exporter-beneficiaires/implementation/build-beneficiaires-worksheet.ts)
// applied by hand to the fixed data set of tests/fixtures/stats-dataset.ts, not from Sillon's output.
import Papa from 'papaparse';
import readExcelFile from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';

import { beneficiaries, CAHORS, PERIOD, statsInput } from '../../tests/fixtures/stats-dataset';
import {
  accompagnementsHeader,
  BENEFICIAIRES_HEADER,
  buildAccompagnementsSheet,
  buildBeneficiairesSheet,
  buildStatistiquesSheet,
  type Advisor,
  type ExportContext,
} from '../domain/exports';
import { computeStats, type StatsFilters } from '../domain/stats';
import { sheetToCsv, sheetsToXlsx } from './export-files';

type Cell = string | number | boolean | Date | null;
const read = async (blob: Blob) => (await readExcelFile(blob)) as { sheet: string; data: Cell[][] }[];
/** A row without its trailing empty cells (read-excel-file pads rows to the sheet's width). */
const trim = (row: Cell[] | undefined): Cell[] => {
  const cells = [...(row ?? [])];
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
  return cells;
};

const context: ExportContext = {
  user: { prenom: 'Alice', nom: 'Marchal', roleLabel: 'Conseiller Numérique' },
  // 10 April 2026, 14:05 in Paris.
  generatedAt: new Date('2026-04-10T12:05:00Z'),
  timeZone: 'Europe/Paris',
};
const advisors = new Map<string, Advisor>([
  ['u1', { id: 'u1', prenom: 'Alice', nom: 'Marchal', conseillerNumerique: true }],
  ['u2', { id: 'u2', prenom: 'Paul', nom: 'Vidal', conseillerNumerique: false }],
]);
const input = { ...statsInput(), advisors, year: 2026 };
const noFilter = { periode: '01.03.2026 - 31.03.2026' };

// addExportMetadata then addFilters, as the spec of buildAccompagnementsWorksheet reads them.
const HEAD_ROWS = (total: number): Cell[][] => [
  ['Informations export'],
  ['Nom', 'Marchal'],
  ['Prénom', 'Alice'],
  ['Rôle', 'Conseiller Numérique'],
  ['Total', total],
  ["Date d'export", '10/04/2026'],
  ["Heure d'export", '14:05'],
  [],
  ['Filtres'],
  ['Période', '01.03.2026 - 31.03.2026'],
  ['Source', '-'],
  ['Lieux d’accompagnement', '-'],
  ['Communes', '-'],
  ['Départements', '-'],
  ['Type d’accompagnement', '-'],
  ['Rôle', '-'],
  ['Thématiques non administratives', '-'],
  ['Thématiques administratives', '-'],
  ['Tags', '-'],
  [],
  [],
];

const SELF_HEADER = [
  'Date',
  'Enregistré le',
  'Dernière modification le',
  'Type',
  'Participants',
  'Bénéficiaire',
  'Canaux d’accompagnement',
  'Nom du lieu',
  'Adresse',
  'Commune',
  'Code postal',
  'Code Insee',
  'Durée (min)',
  'Nom de l’atelier',
  'Matériel numérique utilisé',
  'Thématique(s) d’accompagnement',
  'Tags',
  'Nom de la démarche administrative',
  'Niveau d’autonomie (ou de l’atelier)',
  'Bénéficiaire réorienté',
  'Structure de redirection',
  'Commune du bénéficiaire',
  'Code postal du bénéficiaire',
  'Code Insee du bénéficiaire',
  'Genre du bénéficiaire',
  'Tranche d’âge du bénéficiaire',
  'Statut du bénéficiaire',
  'Notes supplémentaires',
  'ID CRA',
];

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const col = (name: string) => SELF_HEADER.indexOf(name);

describe('« Liste des accompagnements », an advisor’s own (sheet « Activités »)', () => {
  const sheet = buildAccompagnementsSheet(input, PERIOD, noFilter, context, false);

  it('has the Informations export and Filtres blocks, the table header on row 22', async () => {
    const [activites] = await read(await sheetsToXlsx([sheet]));
    expect(activites!.sheet).toBe('Activités');
    // 13 accompagnements in March (src/domain/stats.test.ts).
    expect(activites!.data.slice(0, 21).map(trim)).toEqual(HEAD_ROWS(13));
    expect(trim(activites!.data[21])).toEqual(SELF_HEADER);
    expect(activites!.data).toHaveLength(22 + 13);
  });

  it('writes each cell as La Coop does, empty cells where La Coop leaves them empty', async () => {
    const [activites] = await read(await sheetsToXlsx([sheet]));
    const rows = activites!.data.slice(22);
    const byId = (id: string) => rows.filter((r) => r[col('ID CRA')] === id);
    // Most recent first: A6 (31 March) … A1 and A2 (2 March).
    expect(rows.map((r) => r[col('ID CRA')])).toEqual(['A6', 'A5', ...Array(8).fill('A4'), 'A3', 'A1', 'A2']);
    // A2: an individual session at home in Figeac; created 09:00Z, modified 09:30Z (Paris: 10:00, 10:30).
    expect(byId('A2')[0]).toEqual([
      day('2026-03-02'),
      '01/03/2026 à 10:00',
      '01/03/2026 à 10:30',
      'Accompagnement individuel',
      1,
      'Bruno Durand',
      'À domicile',
      null,
      null,
      'Figeac',
      '46100',
      '46102',
      31,
      null,
      'Téléphone',
      'Aide aux démarches administratives\nSocial - Santé',
      null,
      'Carte vitale',
      null,
      'Oui',
      'Administration (mairie, préfecture…)',
      'Figeac',
      '46100',
      '46102',
      'Masculin',
      '40 - 59 ans',
      'En emploi',
      null,
      'A2',
    ]);
    // A1: at the médiathèque (the lieu's name, address and commune), autonomie « 3/3 »; B1 born in
    // 1950 is « 70 ans et plus » in 2026.
    const a1 = byId('A1')[0]!;
    expect(a1.slice(col('Nom du lieu'), col('Durée (min)') + 1)).toEqual([
      'Médiathèque de Cahors',
      '185 avenue Jean Jaurès',
      'Cahors',
      '46000',
      '46042',
      30,
    ]);
    expect(a1[col('Niveau d’autonomie (ou de l’atelier)')]).toBe('3/3');
    expect(a1[col('Bénéficiaire réorienté')]).toBeNull();
    expect(a1.slice(col('Genre du bénéficiaire'), col('Statut du bénéficiaire') + 1)).toEqual([
      'Féminin',
      '70 ans et plus',
      'Retraité',
    ]);
    // A4: a workshop of 8, « i/N », identified participants first, anonymous ones after; niveau « 1/3 ».
    const a4 = byId('A4');
    expect(a4.map((r) => r[col('Participants')])).toEqual(['1/8', '2/8', '3/8', '4/8', '5/8', '6/8', '7/8', '8/8']);
    expect(a4.map((r) => r[col('Bénéficiaire')])).toEqual([
      'Bruno Durand',
      'Chloé Bernard',
      ...Array(6).fill('Bénéficiaire anonyme'),
    ]);
    expect(a4[0]![col('Nom de l’atelier')]).toBe('Découvrir la tablette');
    expect(a4[0]![col('Niveau d’autonomie (ou de l’atelier)')]).toBe('1/3');
    expect(a4[2]![col('Genre du bénéficiaire')]).toBe('Masculin');
    expect(a4[7]![col('Genre du bénéficiaire')]).toBe('Non communiqué');
    expect(a4[7]![col('Commune du bénéficiaire')]).toBeNull();
    // A5: « à distance », no beneficiary: anonymous; no structure commune known: no commune.
    const a5 = byId('A5')[0]!;
    expect(a5[col('Bénéficiaire')]).toBe('Bénéficiaire anonyme');
    expect(a5[col('Canaux d’accompagnement')]).toBe('À distance');
    expect(a5[col('Commune')]).toBeNull();
    // A6: the notes, on the first (and only) row; B3 is an anonymous record.
    const a6 = byId('A6')[0]!;
    expect(a6[col('Notes supplémentaires')]).toBe('Première visite');
    expect(a6[col('Matériel numérique utilisé')]).toBe('Pas de matériel');
    expect(a6[col('Bénéficiaire')]).toBe('Bénéficiaire anonyme');
  });

  it('places an « à distance » session in the structure employeuse’s commune', async () => {
    const withStructure = buildAccompagnementsSheet({ ...input, structureCommune: CAHORS }, PERIOD, noFilter, context, false);
    const [activites] = await read(await sheetsToXlsx([withStructure]));
    const a5 = activites!.data.find((r) => r[col('ID CRA')] === 'A5')!;
    expect(a5.slice(col('Commune'), col('Code Insee') + 1)).toEqual(['Cahors', '46000', '46042']);
  });
});

describe('« Liste des accompagnements » of a team', () => {
  const TEAM_HEADER = accompagnementsHeader(true);

  it('names every advisor, writes their role and La Coop’s ID - Conum flag, no beneficiary name nor notes', async () => {
    const sheet = buildAccompagnementsSheet(input, PERIOD, noFilter, context, true);
    const [activites] = await read(await sheetsToXlsx([sheet]));
    expect(trim(activites!.data[21])).toEqual([
      ...SELF_HEADER.slice(0, 3),
      'Prénom du médiateur',
      'Nom du médiateur',
      'Rôle',
      'ID - Conum',
      'Type',
      'Participants',
      ...SELF_HEADER.slice(6, -2),
      'ID CRA',
    ]);
    const rows = activites!.data.slice(22);
    const t = (name: string) => TEAM_HEADER.indexOf(name);
    const a3 = rows.find((r) => r[t('ID CRA')] === 'A3')!;
    const a1 = rows.find((r) => r[t('ID CRA')] === 'A1')!;
    expect(a3.slice(3, 7)).toEqual(['Paul', 'Vidal', 'Médiateur', false]);
    expect(a1.slice(3, 7)).toEqual(['Alice', 'Marchal', 'Conseiller Numérique', true]);
  });

  it('lists a chosen advisor in « Médiateurs »: the header moves down one row', async () => {
    const filters: StatsFilters = { ...PERIOD, advisorId: 'u2' };
    const sheet = buildAccompagnementsSheet(input, filters, { ...noFilter, mediateurs: ['Paul Vidal'] }, context, true);
    const [activites] = await read(await sheetsToXlsx([sheet]));
    expect(trim(activites!.data[19])).toEqual(['Médiateurs', 'Paul Vidal']);
    expect(trim(activites!.data[4])).toEqual(['Total', 9]);
    expect(trim(activites!.data[22])).toEqual(TEAM_HEADER);
    expect(activites!.data).toHaveLength(23 + 9);
  });
});

describe('« Bénéficiaires » (sheet « Bénéficiaires »)', () => {
  const counts = new Map([
    ['B1', 4],
    ['B2', 2],
  ]);

  it('lists the identified beneficiaries by nom, with the header on row 13 and « - » for the unknown', async () => {
    const sheet = buildBeneficiairesSheet(
      { beneficiaries, accompagnements: counts, recherche: '', year: 2026 },
      context,
    );
    const [people] = await read(await sheetsToXlsx([sheet]));
    expect(people!.sheet).toBe('Bénéficiaires');
    expect(people!.data.slice(0, 12).map(trim)).toEqual([
      ['Informations export'],
      ['Nom', 'Marchal'],
      ['Prénom', 'Alice'],
      ['Rôle', 'Conseiller Numérique'],
      ['Total', 3],
      ["Date d'export", '10/04/2026'],
      ["Heure d'export", '14:05'],
      [],
      ['Filtres'],
      ['Recherche', '-'],
      [],
      [],
    ]);
    expect(trim(people!.data[12])).toEqual(BENEFICIAIRES_HEADER);
    // B3 is anonymous: not listed. Bernard, Durand, Martin; the Genre column is La Coop's sexLabels.
    expect(people!.data.slice(13).map(trim)).toEqual([
      ['Bernard', 'Chloé', '-', 'Cahors', '46042', '46000', '-', '-', 'Femme', '18 - 24 ans', 'Scolarisé', 0, 'Préfère le matin'],
      ['Durand', 'Bruno', '-', 'Figeac', '46102', '46100', '-', '-', 'Homme', '40 - 59 ans', 'En emploi', 2],
      ['Martin', 'Alice', 1950, 'Cahors', '46042', '46000', '+33612345678', '-', 'Femme', '70 ans et plus', 'Retraité', 4],
    ]);
  });

  it('echoes the search', async () => {
    const sheet = buildBeneficiairesSheet(
      { beneficiaries: beneficiaries.slice(0, 1), accompagnements: counts, recherche: 'martin', year: 2026 },
      context,
    );
    const [people] = await read(await sheetsToXlsx([sheet]));
    expect(trim(people!.data[4])).toEqual(['Total', 1]);
    expect(trim(people!.data[9])).toEqual(['Recherche', 'martin']);
  });
});

describe('« Statistiques » (sheet « Statistiques »)', () => {
  const stats = computeStats(statsInput(), PERIOD);

  it('has La Coop’s blocks where La Coop puts them, Sillon’s own after them', async () => {
    const [sheet] = await read(await sheetsToXlsx([buildStatistiquesSheet(stats, noFilter, context)]));
    const rows = sheet!.data.map(trim);
    expect(sheet!.sheet).toBe('Statistiques');
    // No « Total » in the statistics' metadata; no « Bénéficiaires » filter row.
    expect(rows.slice(0, 8)).toEqual([
      ['Informations export'],
      ['Nom', 'Marchal'],
      ['Prénom', 'Alice'],
      ['Rôle', 'Conseiller Numérique'],
      ["Date d'export", '10/04/2026'],
      ["Heure d'export", '14:05'],
      [],
      ['Filtres'],
    ]);
    expect(rows[18]).toEqual([]);
    // Hand counts of src/domain/stats.test.ts; activités: 5 individual, 1 workshop → 83,3 % / 16,7 %.
    expect(rows.slice(19, 34)).toEqual([
      ['Statistiques générales'],
      ['Accompagnements au total', 13],
      ['Bénéficiaires accompagnés', 11],
      ['Nouveaux bénéficiaires', 8],
      ['Bénéficiaires suivis', 3],
      ['Bénéficiaires anonymes', 8],
      ['Accompagnements sur les 12 derniers mois', '03/26'],
      [null, 13],
      [],
      ['Statistiques sur vos accompagnements'],
      ['Accompagnements individuels', 5, '83,3 %'],
      ['Ateliers collectifs', 1, '16,7 %'],
      ['Nombre total de participants aux ateliers', 8],
      ['Nombre total d’activités', 6],
      [],
    ]);
    const blockAt = (title: string) => rows.findIndex((r) => r.length === 1 && r[0] === title);
    const block = (title: string) => {
      const start = blockAt(title) + 1;
      const end = rows.findIndex((r, i) => i >= start && r.length === 0);
      return rows.slice(start, end);
    };
    // Thématiques: 19 values in La Coop's order, shares of the 14 thématique accompagnements.
    const mediation = block('Thématiques Médiation numérique');
    expect(mediation).toHaveLength(19);
    expect(mediation[0]).toEqual(['Diagnostic numérique', 1, '7,1 %']);
    expect(mediation[1]).toEqual(['Prendre en main du matériel', 8, '57,1 %']);
    expect(mediation[5]).toEqual(['E-mail', 2, '14,3 %']);
    expect(mediation[3]).toEqual(['Gérer ses contenus numériques', 0, '0 %']);
    expect(block('Tags')).toEqual([]);
    expect(block('Matériel utilisés')).toEqual([
      ['Ordinateur', 2, '15,4 %'],
      ['Téléphone', 2, '15,4 %'],
      ['Tablette', 8, '61,5 %'],
      ['Autre', 0, '0 %'],
      ['Pas de matériel', 1, '7,7 %'],
    ]);
    // Type de lieu in La Coop's order.
    expect(block('Canaux des activités')).toEqual([
      ['Lieu d’activité', 10, '76,9 %'],
      ['Autre lieu', 1, '7,7 %'],
      ['À domicile', 1, '7,7 %'],
      ['À distance', 1, '7,7 %'],
    ]);
    // Durée labels with La Coop's no-break spaces.
    expect(block('Durées des activités')).toEqual([
      ['Moins de 30\u00a0min', 0, '0 %'],
      ['30min à 1\u00a0h', 2, '15,4 %'],
      ['1\u00a0h à 2\u00a0h', 3, '23,1 %'],
      ['2\u00a0h et plus', 8, '61,5 %'],
    ]);
    expect(block('Nombre d’activités par lieux')).toEqual([
      ['Mairie de Figeac', 8, '80 %'],
      ['Médiathèque de Cahors', 2, '20 %'],
    ]);
    // « Statistiques sur vos bénéficiaires » is followed directly by « Genre ».
    expect(rows[blockAt('Statistiques sur vos bénéficiaires') + 1]).toEqual(['Genre']);
    expect(block('Genre')).toEqual([
      ['Masculin', 2, '18,2 %'],
      ['Féminin', 5, '45,5 %'],
      ['Non communiqué', 4, '36,4 %'],
    ]);
    expect(block('Commune de résidence des bénéficiaires')).toEqual([
      ['Non communiqué', 8, '72,7 %'],
      ['Cahors · 46000', 2, '18,2 %'],
      ['Figeac · 46100', 1, '9,1 %'],
    ]);
    // Sillon's own figures come after La Coop's last block.
    expect(blockAt('Nombre d’activités par communes')).toBeGreaterThan(blockAt('Commune de résidence des bénéficiaires'));
    expect(block('Nombre d’activités par communes')).toEqual([
      ['Figeac · 46100', 9, '69,2 %'],
      ['Cahors · 46000', 3, '23,1 %'],
      ['Non communiqué', 1, '7,7 %'],
    ]);
    expect(block('Prêts de matériel')).toContainEqual(['Prêts en retard', 2]);
  });

  it('leaves « Nouveaux bénéficiaires » out when there are none, as La Coop', async () => {
    const none = computeStats({ ...statsInput(), previouslyAccompanied: new Set() }, { ...PERIOD, type: 'individuel', lieuId: 'L1' });
    const sheet = buildStatistiquesSheet({ ...none, general: { ...none.general, nouveauxBeneficiaires: 0 } }, noFilter, context);
    const [read1] = await read(await sheetsToXlsx([sheet]));
    expect(read1!.data.map(trim).some((r) => r[0] === 'Nouveaux bénéficiaires')).toBe(false);
  });
});

describe('CSV', () => {
  it('holds the table only, with a BOM and semicolons', () => {
    const csv = sheetToCsv(buildAccompagnementsSheet(input, PERIOD, noFilter, context, false));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';' });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual(SELF_HEADER);
    expect(rows).toHaveLength(13);
    const a2 = rows.find((r) => r[col('ID CRA')] === 'A2')!;
    expect(a2[col('Date')]).toBe('02/03/2026');
    expect(a2[col('Durée (min)')]).toBe('31');
    expect(a2[col('Thématique(s) d’accompagnement')]).toBe('Aide aux démarches administratives\nSocial - Santé');
  });

  it('respects the filters', () => {
    const csv = sheetToCsv(buildAccompagnementsSheet(input, { ...PERIOD, type: 'collectif' }, noFilter, context, false));
    const rows = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
    expect(rows).toHaveLength(1 + 8);
  });
});
