// @vitest-environment node
// The import from real files: La Coop-shaped XLSX (its template, its « Bénéficiaires » export) with
// errors on some rows, Sillon's own exports read back, duplicates against the tablet, and nothing
// written before the advisor confirms.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { beneficiaryInputSchema, type BeneficiaryInput } from '../domain/beneficiary';
import { IMPORT_MESSAGES, type ImportRow } from '../domain/beneficiaries-import';
import { communeFilesFromDisk, lacoopExportFile, lacoopTemplateFile } from '../../tests/fixtures/lacoop-import-files';
import { saveBeneficiary, searchBeneficiaries } from './beneficiaries';
import { beneficiariesExportFor } from './beneficiaries-export';
import {
  importBeneficiaries,
  importedByDefault,
  ImportInterruptedError,
  IMPORT_FILE_MESSAGES,
  previewImport,
} from './beneficiaries-import';
import { SillonDB } from './db';

const NOW = new Date('2026-04-10T12:00:00Z');
const input = (fields: Partial<BeneficiaryInput>) => beneficiaryInputSchema(NOW).parse({ anonyme: false, ...fields });
const author = {
  user: { prenom: 'Alice', nom: 'Marchal', roleLabel: 'Conseiller Numérique' },
  generatedAt: NOW.toISOString(),
  timeZone: 'Europe/Paris',
};
const options = { load: communeFilesFromDisk, departements: ['46', '47'], now: NOW };

describe('importing beneficiaries from a file', () => {
  let db: SillonDB;
  beforeEach(() => {
    db = new SillonDB(`benef-import-${Math.random()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('previews La Coop’s template with errors on some rows, and writes nothing', async () => {
    const file = await lacoopTemplateFile(
      [
        ['Martin', 'Alice', 1950, 'Cahors', '46042', '46000', '0612345678', 'alice@orange.fr', 'Féminin', 'Le matin'],
        [null, 'Albert', 'nuage', null, 0, 0, null, null, null, null],
        ['Roux', 'Chloé', 1988, 'Lajoux', '39274', '01410, 39310', '0262202020', null, 'F', null],
        ['Durand', 'Bruno', 1961, 'Agen', '47001', '47300', null, 'bruno@', 'Masculin', null],
        ['Petit', 'Jules', null, 'Figeac', null, null, null, null, 'Non communiqué', null],
      ],
      { example: true },
    );
    const preview = await previewImport(db, file, 'coop-numerique_import-beneficiaires.xlsx', options);
    expect(preview.layout).toBe('modele');
    expect(
      preview.rows.map((r) => [r.line, r.values.nom, r.errors.map((e) => e.message), importedByDefault(r)]),
    ).toEqual([
      [4, 'Exemple', [], false],
      [5, 'Martin', [], true],
      [6, '', ['Le nom est obligatoire', IMPORT_MESSAGES.anneeNaissance], false],
      [7, 'Roux', [], true],
      [8, 'Durand', ['Le code postal de la commune ne correspond pas'], false],
      [9, 'Petit', [], true],
    ]);
    const roux = preview.rows[3]!.input!;
    // Lajoux (Jura) was loaded from its code INSEE; La Coop's list of codes keeps the Jura one.
    expect(roux.commune).toEqual({ codeInsee: '39274', nom: 'Lajoux', codePostal: '39310' });
    expect(roux.telephone).toBe('+262262202020');
    expect(preview.rows[5]!.input!.commune).toEqual({ codeInsee: '46102', nom: 'Figeac', codePostal: '46100' });
    expect(preview.rows[4]!.warnings.map((w) => w.message)).toEqual([IMPORT_MESSAGES.emailDropped]);
    expect(await db.beneficiaries.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('writes the chosen people through the beneficiaries’ command, with their outbox entries', async () => {
    const file = await lacoopTemplateFile([
      ['Martin', 'Alice', 1950, 'Cahors', '46042', '46000', '0612345678', null, 'Féminin', null],
      ['Roux', 'Chloé', null, null, null, null, null, null, null, null],
      [null, 'Albert', null, null, null, null, null, null, null, null],
    ]);
    const preview = await previewImport(db, file, 'modele.xlsx', options);
    const created = await importBeneficiaries(db, preview.rows.filter(importedByDefault), NOW);
    expect(created.map((b) => [b.nom, b.prenom, b.trancheAge, b.sortKey])).toEqual([
      ['Martin', 'Alice', 'soixante_dix_plus', 'martin alice'],
      ['Roux', 'Chloé', 'non_communique', 'roux chloe'],
    ]);
    expect(created[0]!.searchTokens).toEqual(expect.arrayContaining(['alice', 'martin', 'cahors', '0612345678']));
    const outbox = await db.outbox.toArray();
    expect(outbox.map((e) => [e.table, e.op, e.patch.nom])).toEqual([
      ['beneficiaries', 'put', 'Martin'],
      ['beneficiaries', 'put', 'Roux'],
    ]);
  });

  it('writes a large file in slices, each one transaction of its people with their outbox entries', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({
      line: i + 2,
      input: input({ nom: `Nom${i}`, prenom: 'Alice', anneeNaissance: 1950 + (i % 50) }),
    })) as unknown as ImportRow[];
    const written: number[] = [];
    const created = await importBeneficiaries(db, rows, NOW, { onSlice: (n) => written.push(n) });
    expect(created.map((b) => b.nom)).toEqual(rows.map((_, i) => `Nom${i}`));
    expect(written.length).toBeGreaterThan(3);
    expect(written.at(-1)).toBe(120);
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((e) => e.recordId)).toEqual(created.map((b) => b.id));
    expect(outbox.every((e) => e.op === 'put' && e.baseVersion === 0 && e.patch.createdAt)).toBe(true);
    expect(await db.beneficiaries.count()).toBe(120);
    // Found as the search finds a person typed in the form.
    expect((await searchBeneficiaries(db, 'nom42')).map((b) => b.id)).toEqual([created[42]!.id]);
  });

  it('stops at a failing slice: the slices before it are written with their outbox entries, and named', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({
      line: i + 2,
      input: input({ nom: i === 50 ? 'Panne' : `Nom${i}`, prenom: 'Alice' }),
    })) as unknown as ImportRow[];
    // The outbox refuses Panne's entry: her slice's transaction fails whole (her fiche with it).
    db.outbox.hook('creating', (_key, entry) => {
      if (entry.patch.nom === 'Panne') throw new Error('disque plein');
    });
    const failure = await importBeneficiaries(db, rows, NOW).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportInterruptedError);
    const { lines, created } = failure as ImportInterruptedError;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).not.toContain(52);
    const stored = await db.beneficiaries.toArray();
    expect(stored.map((b) => b.id).sort()).toEqual(created.map((b) => b.id).sort());
    expect(stored.map((b) => b.nom).sort()).toEqual(lines.map((l) => `Nom${l - 2}`).sort());
    // Every fiche written has its change waiting, and no change waits without its fiche.
    const outbox = await db.outbox.toArray();
    expect(outbox.map((e) => e.recordId).sort()).toEqual(stored.map((b) => b.id).sort());
  });

  it('finds the people already on the tablet (same name, birth year unknown or equal)', async () => {
    const alice = await saveBeneficiary(db, undefined, input({ nom: 'Martin', prenom: 'Alice', anneeNaissance: 1950 }), NOW);
    await saveBeneficiary(db, undefined, input({ nom: 'Roux', prenom: 'Chloé', anneeNaissance: 1990 }), NOW);
    const file = await lacoopExportFile([
      ['MARTIN', 'Alice', '-', '-', '-', '-', '-', '-', 'Femme', 'Non communiqué', 'Retraité', 4, ''],
      ['Roux', 'Chloé', 1988, '-', '-', '-', '-', '-', 'Femme', '25 - 39 ans', 'En emploi', 1, ''],
      ['Roux', 'Chloé', 1988, '-', '-', '-', '-', '-', 'Femme', '25 - 39 ans', 'En emploi', 1, ''],
    ]);
    const preview = await previewImport(db, file, 'beneficiaires.xlsx', options);
    expect(preview.layout).toBe('export');
    expect(preview.rows.map((r) => [r.line, r.duplicates.map((b) => b.id), r.sameAsLine, importedByDefault(r)])).toEqual([
      [14, [alice.id], undefined, false],
      // Born in 1988, not 1990: another Chloé Roux.
      [15, [], undefined, true],
      [16, [], 15, false],
    ]);
    expect(preview.rows[1]!.input).toMatchObject({ statutSocial: 'en_emploi', genre: 'feminin' });
  });

  it('reads Sillon’s own exports back: « Exporter pour La Coop », « Bénéficiaires » and its CSV', async () => {
    const source = new SillonDB(`benef-import-source-${Math.random()}`);
    const people = [
      { nom: 'Martin', prenom: 'Alice', anneeNaissance: 1950, telephone: '06 12 34 56 78', genre: 'feminin' as const,
        commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' }, notes: 'Préfère le matin\nAppeler avant' },
      { nom: 'Roux', prenom: 'Chloé', telephone: '+262 6 92 12 34 56', email: 'chloe@example.fr',
        commune: { codeInsee: '39274', nom: 'Lajoux', codePostal: '39310' }, statutSocial: 'en_emploi' as const },
      { nom: 'Durand', prenom: 'Bruno', genre: 'masculin' as const },
    ];
    for (const p of people) await saveBeneficiary(source, undefined, input(p), NOW);
    const expected = people.map((p) => input(p)).sort((a, b) => a.nom!.localeCompare(b.nom!));
    try {
      for (const format of ['lacoop', 'xlsx', 'csv'] as const) {
        const file = await beneficiariesExportFor(source, { ...author, format, query: '' });
        const preview = await previewImport(db, file.blob, file.fileName, options);
        expect(preview.rows.every((r) => r.errors.length === 0 && r.warnings.length === 0), format).toBe(true);
        // « Exporter pour La Coop » carries no statut (La Coop's template has no column for it).
        expect(preview.rows.map((r) => r.input), format).toEqual(
          format === 'lacoop' ? expected.map(({ statutSocial: _s, ...rest }) => rest) : expected,
        );
      }
    } finally {
      await source.delete();
    }
  });

  it('refuses a file that is not a spreadsheet, or one without La Coop’s headers, in French', async () => {
    await expect(previewImport(db, new Blob(['PK not a zip']), 'x.xlsx', options)).rejects.toThrow(
      IMPORT_FILE_MESSAGES.unreadable,
    );
    await expect(previewImport(db, new Blob(['a;b\n1;2\n'], { type: 'text/csv' }), 'x.csv', options)).rejects.toThrow(
      IMPORT_MESSAGES.unknownLayout,
    );
    await expect(previewImport(db, await lacoopTemplateFile([]), 'vide.xlsx', options)).rejects.toThrow(
      IMPORT_MESSAGES.noRows,
    );
  });

  it('finds a commune written « St »/« Ste » as the commune search does', async () => {
    const file = await lacoopTemplateFile([
      ['Lacoste', 'Inès', 1970, 'St-Céré', null, '46400', null, null, null, null],
      ['Vidal', 'Paul', 1980, 'St-Céré', '46251', null, null, null, null, null],
    ]);
    const preview = await previewImport(db, file, 'modele.xlsx', options);
    for (const row of preview.rows) {
      expect([...row.errors, ...row.warnings]).toEqual([]);
      expect(row.input?.commune).toEqual({ codeInsee: '46251', nom: 'Saint-Céré', codePostal: '46400' });
    }
  });
});
