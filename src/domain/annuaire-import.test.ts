import { describe, expect, it } from 'vitest';

import {
  describeReport,
  fileErrorOf,
  lieuxFileProblem,
  MAX_LIEUX_FILE_BYTES,
  validCount,
  type LieuxImportReport,
} from './annuaire-import';

const report = (extra: Partial<LieuxImportReport> = {}): LieuxImportReport => ({
  total: 6,
  created: 3,
  updated: 1,
  unchanged: 1,
  outside: 0,
  errors: [{ ligne: 5, id: 'bad-cp', messages: ['Code postal : …'] }],
  imported: false,
  ...extra,
});

describe('the import of a file of lieux, as the screen checks and says it', () => {
  it('accepts a CSV or JSON file by its name (or its type when it has no extension), up to the limit', () => {
    const file = (name: string, type = '', size = 1000) => lieuxFileProblem({ name, type, size });
    expect(file('cartographie-46.csv')).toBeUndefined();
    expect(file('LIEUX.JSON', 'application/json')).toBeUndefined();
    expect(file('export', 'text/csv')).toBeUndefined();
    expect(file('lieux.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toMatch(
      /^Format non reconnu \(« lieux\.xlsx »\) : choisissez un fichier \.csv ou \.json/,
    );
    expect(file('photo.pdf', 'text/csv')).toMatch(/^Format non reconnu/);
    expect(file('vide.csv', 'text/csv', 0)).toBe('Le fichier est vide.');
    expect(file('national.csv', 'text/csv', MAX_LIEUX_FILE_BYTES)).toBeUndefined();
    expect(file('national.csv', 'text/csv', MAX_LIEUX_FILE_BYTES + 1)).toMatch(
      /^Fichier trop volumineux \(40 Mo\) : au plus 40 Mo\./,
    );
    expect(file('gros.json', '', 52.4 * 1024 * 1024)).toMatch(/^Fichier trop volumineux \(52 Mo\)/);
  });

  it('tells a whole file refused from bad rows, and says what the import does or would do', () => {
    expect(fileErrorOf(report())).toBeUndefined();
    expect(
      fileErrorOf(
        report({
          total: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          errors: [{ ligne: 0, messages: ['Ce fichier JSON est illisible.'] }],
        }),
      ),
    ).toBe('Ce fichier JSON est illisible.');
    expect(validCount(report({ outside: 4 }))).toBe(5);
    expect(describeReport(report(), { dryRun: true })).toBe(
      'Aperçu, rien n’est encore importé : 3 lieux nouveaux, 1 mis à jour, 1 inchangé, 1 ligne refusée.',
    );
    expect(describeReport(report({ imported: true, outside: 2 }))).toBe(
      'Import terminé : 3 lieux nouveaux, 1 mis à jour, 1 inchangé, 1 ligne refusée, 2 hors du territoire.',
    );
    expect(describeReport(report(), { strict: true })).toBe(
      'Rien n’a été importé : 1 ligne refusée (import sans erreur demandé).',
    );
  });
});
