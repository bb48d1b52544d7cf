// @vitest-environment node
import Papa from 'papaparse';
import readExcelFile from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';

import { PERIOD, statsInput } from '../../tests/fixtures/stats-dataset';
import {
  accompagnementsHeader,
  BENEFICIAIRES_HEADER,
  buildAccompagnementsSheet,
  buildBeneficiairesSheet,
  buildStatsSheet,
} from '../domain/exports';
import { computeStats } from '../domain/stats';
import { sheetToCsv, sheetsToXlsx } from './export-files';

// La Coop's « Liste des accompagnements », advisor's own export (domain.md §3.2, no V1 data).
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

const input = statsInput();
const accompagnements = buildAccompagnementsSheet(input, PERIOD, false);
const col = (name: string) => SELF_HEADER.indexOf(name);

describe('« Liste des accompagnements » rows', () => {
  it('has La Coop columns, the team variant with the médiateur columns', () => {
    expect(accompagnementsHeader(false)).toEqual(SELF_HEADER);
    const team = accompagnementsHeader(true);
    expect(team.slice(0, 9)).toEqual([
      'Date',
      'Enregistré le',
      'Dernière modification le',
      'Prénom du médiateur',
      'Nom du médiateur',
      'Rôle',
      'ID - Conum',
      'Type',
      'Participants',
    ]);
    expect(team).not.toContain('Bénéficiaire');
    expect(team).not.toContain('Notes supplémentaires');
    expect(team.at(-1)).toBe('ID CRA');
  });

  it('gives one row per accompagnement, most recent first, ateliers numbered i/N', () => {
    // 13 accompagnements in March (see src/domain/stats.test.ts).
    expect(accompagnements.rows).toHaveLength(13);
    expect(accompagnements.rows[0]![col('ID CRA')]).toBe('A6');
    const atelier = accompagnements.rows.filter((r) => r[col('ID CRA')] === 'A4');
    expect(atelier.map((r) => r[col('Participants')])).toEqual(
      Array.from({ length: 8 }, (_, i) => `${i + 1}/8`),
    );
    expect(atelier[0]![col('Bénéficiaire')]).toBe('Bruno DURAND');
    expect(atelier[7]![col('Bénéficiaire')]).toBe('Bénéficiaire anonyme');
    expect(atelier[0]![col('Niveau d’autonomie (ou de l’atelier)')]).toBe('1/3');
  });
});

describe('CSV export', () => {
  it('starts with a BOM, uses semicolons and reads back with the right values', () => {
    const csv = sheetToCsv(accompagnements);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';' });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual(SELF_HEADER);
    expect(rows).toHaveLength(13);
    const a2 = rows.find((r) => r[col('ID CRA')] === 'A2')!;
    expect(a2[col('Date')]).toBe('02/03/2026');
    expect(a2[col('Type')]).toBe('Accompagnement individuel');
    expect(a2[col('Canaux d’accompagnement')]).toBe('À domicile');
    expect(a2[col('Commune')]).toBe('Figeac');
    expect(a2[col('Durée (min)')]).toBe('31');
    // Multi-valued cells: one value per line.
    expect(a2[col('Thématique(s) d’accompagnement')]).toBe('Aide aux démarches administratives\nSocial - Santé');
    expect(a2[col('Nom de la démarche administrative')]).toBe('Carte vitale');
    expect(a2[col('Bénéficiaire réorienté')]).toBe('Oui');
    expect(a2[col('Structure de redirection')]).toBe('Administration (mairie, préfecture…)');
    const a1 = rows.find((r) => r[col('ID CRA')] === 'A1')!;
    expect(a1[col('Niveau d’autonomie (ou de l’atelier)')]).toBe('3/3');
    expect(a1[col('Nom du lieu')]).toBe('Médiathèque de Cahors');
    expect(a1[col('Genre du bénéficiaire')]).toBe('Féminin');
    expect(a1[col('Tranche d’âge du bénéficiaire')]).toBe('70 ans et plus');
  });

  it('respects the filters', () => {
    const csv = sheetToCsv(buildAccompagnementsSheet(input, { ...PERIOD, type: 'collectif' }, false));
    const rows = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
    expect(rows).toHaveLength(1 + 8);
  });
});

describe('XLSX export', () => {
  it('writes the three sheets, read back with read-excel-file', async () => {
    const stats = computeStats(input, PERIOD);
    const blob = await sheetsToXlsx([
      accompagnements,
      buildBeneficiairesSheet(input, PERIOD),
      buildStatsSheet(stats, {
        structureName: 'Tiers-lieu du Lot',
        period: 'du 01/03/2026 au 31/03/2026',
        filterLabels: [],
        generatedAt: '10/04/2026 10:00',
      }),
    ]);
    const sheets = await readExcelFile(blob);
    expect(sheets.map((s) => s.sheet)).toEqual(['Accompagnements', 'Bénéficiaires', 'Statistiques']);

    const [list, people, statistics] = sheets.map((s) => s.data);
    expect(list![0]).toEqual(SELF_HEADER);
    expect(list).toHaveLength(14);
    const a4 = list!.find((r) => r[col('ID CRA')] === 'A4' && r[col('Participants')] === '3/8')!;
    expect(a4[col('Durée (min)')]).toBe(120);
    expect(a4[col('Nom de l’atelier')]).toBe('Découvrir la tablette');
    expect(a4[col('Genre du bénéficiaire')]).toBe('Masculin');
    const date = a4[col('Date')] as unknown as Date;
    expect(date.toISOString().slice(0, 10)).toBe('2026-03-15');

    // Identified, non-anonymous beneficiaries of March, alphabetically: Bernard, Durand, Martin.
    expect(people![0]).toEqual(BENEFICIAIRES_HEADER);
    expect(people!.slice(1).map((r) => [r[0], r[1], r[11]])).toEqual([
      ['Bernard', 'Chloé', 1],
      ['Durand', 'Bruno', 2],
      ['Martin', 'Alice', 2],
    ]);

    const find = (label: string) => statistics!.find((r) => r[0] === label);
    expect(find('Structure')?.[1]).toBe('Tiers-lieu du Lot');
    expect(find('Accompagnements au total')?.[1]).toBe(13);
    expect(find('Nouveaux bénéficiaires')?.[1]).toBe(8);
    expect(find('2\u00a0h et plus')?.slice(1, 3)).toEqual([8, 61.5]);
    expect(find('Prêts en retard')?.[1]).toBe(2);
  });
});
