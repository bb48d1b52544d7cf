import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { lacoopTemplateFile } from '../../../tests/fixtures/lacoop-import-files';
import { listBeneficiaries, saveBeneficiary } from '../../data/beneficiaries';
import type { SillonDB } from '../../data/db';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { freshDatabase, renderAt, serveCommunes } from './test-utils';

let db: SillonDB;
beforeEach(() => {
  db = freshDatabase();
  serveCommunes();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

describe('« Importer des bénéficiaires »', () => {
  it('previews the file with its errors and duplicates, and writes only once confirmed', async () => {
    const user = userEvent.setup({ delay: null });
    const existing = await saveBeneficiary(
      db,
      undefined,
      beneficiaryInputSchema().parse({
        anonyme: false,
        nom: 'Durand',
        prenom: 'Bruno',
        anneeNaissance: 1961,
      }),
    );
    const blob = await lacoopTemplateFile([
      ['Martin', 'Alice', 1950, 'Cahors', '46042', '46000', '0612345678', null, 'Féminin', null],
      [null, 'Albert', 1970, null, null, null, null, null, null, null],
      ['Durand', 'Bruno', 1961, null, null, null, null, null, 'M', null],
      ['Roux', 'Chloé', null, null, null, null, null, null, null, null],
    ]);
    renderAt('/beneficiaires/importer');
    const input = await screen.findByLabelText('Fichier à importer');
    await user.upload(input, new File([await blob.arrayBuffer()], 'modele.xlsx'));

    expect(
      await screen.findByText('modele.xlsx : 4 personnes détectées', {}, { timeout: 15000 }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('import-summary')).toHaveTextContent(
      '2 à importer · 1 déjà sur la tablette ou en double dans le fichier · 1 ligne en erreur',
    );
    const table = screen.getByRole('table', { name: 'Personnes du fichier' });
    const line = (n: number) => table.querySelector(`tr[data-line="${n}"]`) as HTMLElement;
    expect(line(5)).toHaveTextContent('Nom : Le nom est obligatoire');
    expect(within(line(6)).getByRole('link', { name: 'Bruno DURAND (1961)' })).toHaveAttribute(
      'href',
      `/beneficiaires/${existing.id}`,
    );
    expect(await db.beneficiaries.count()).toBe(1);

    // She imports the duplicate too, then confirms.
    await user.click(within(line(6)).getByRole('checkbox', { name: 'Importer quand même' }));
    await user.click(screen.getByRole('button', { name: 'Importer 3 bénéficiaires' }));
    expect(await screen.findByText('3 bénéficiaires importés.')).toBeInTheDocument();
    // The list's order (the sortKey index holds hashes: src/data/crypto/at-rest.ts).
    const names = (await listBeneficiaries(db)).items.map((b) => `${b.nom} ${b.prenom}`);
    expect(names).toEqual(['Durand Bruno', 'Durand Bruno', 'Martin Alice', 'Roux Chloé']);
    await waitFor(async () => expect(await db.outbox.count()).toBe(4));
  }, 30000);

  it('says who was written when an import stops midway, and offers the others only', async () => {
    const user = userEvent.setup({ delay: null });
    // The tablet refuses Roux's change: her slice fails whole, Martin's (the first slice) is written.
    db.outbox.hook('creating', (_key, entry) => {
      if (entry.patch.nom === 'Roux') throw new Error('disque plein');
    });
    const blob = await lacoopTemplateFile([
      ['Martin', 'Alice', 1950, null, null, null, null, null, null, null],
      ['Petit', 'Jules', 1962, null, null, null, null, null, null, null],
      ['Roux', 'Chloé', 1988, null, null, null, null, null, null, null],
    ]);
    renderAt('/beneficiaires/importer');
    await user.upload(
      await screen.findByLabelText('Fichier à importer'),
      new File([await blob.arrayBuffer()], 'modele.xlsx'),
    );
    await user.click(
      await screen.findByRole('button', { name: 'Importer 3 bénéficiaires' }, { timeout: 15000 }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'L’import s’est interrompu : 1 bénéficiaire a été enregistré, les 2 autres non.',
    );
    expect((await db.beneficiaries.toArray()).map((b) => b.nom)).toEqual(['Martin']);
    expect(await db.outbox.count()).toBe(1);
    const table = screen.getByRole('table', { name: 'Personnes du fichier' });
    expect(table).not.toHaveTextContent('Martin');
    expect(screen.getByRole('button', { name: 'Importer 2 bénéficiaires' })).toBeEnabled();
  }, 30000);

  it('says in French when the file is not one it knows', async () => {
    const user = userEvent.setup({ delay: null });
    renderAt('/beneficiaires/importer');
    await user.upload(
      await screen.findByLabelText('Fichier à importer'),
      new File(['Prénom;Nom\nA;B\n'], 'liste.csv', { type: 'text/csv' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'ses en-têtes (Nom, Prénom, Année de naissance, Commune…) sont introuvables',
    );
    expect(await db.beneficiaries.count()).toBe(0);
  });
});
