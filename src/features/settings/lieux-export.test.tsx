import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { SillonDB, useDatabase } from '../../data/db';
import { createLieu } from '../../data/lieux';
import { parseLieuxCsv, parseLieuxJson } from '../../domain/lieu-mediation-files';
import { settingsRoutes } from './routes';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
const downloads: { name: string; blob: Blob }[] = [];
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`lieux-export-${n}`));
  await db.open();
  downloads.length = 0;
  let lastBlob: Blob | undefined;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    lastBlob = blob;
    return 'blob:test';
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: lastBlob! });
  });
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await db.delete();
});

const renderSettings = async () => {
  const router = createMemoryRouter(settingsRoutes, { initialEntries: ['/parametres'] });
  render(<RouterProvider router={router} />);
  await screen.findByRole('heading', { level: 1, name: 'Paramètres' }, { timeout: 10_000 });
};

const commune = { codeInsee: '46102', nom: 'Figeac', codePostal: '46100' };
const text = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });

describe('settings: a lieu d’activité in the national schema, exported for the cartographie', () => {
  it('edits the schema’s fields with French choices and checks the hours', async () => {
    const user = userEvent.setup();
    const lieu = await createLieu(db, {
      nom: 'Médiathèque de Figeac',
      adresse: '2 boulevard Pasteur',
      commune,
    });
    await renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Modifier Médiathèque de Figeac' }));
    await user.click(await screen.findByText(/Fiche pour la cartographie nationale/));

    const services = screen.getByRole('group', { name: 'Services proposés' });
    await user.click(within(services).getByRole('checkbox', { name: 'Aide aux démarches administratives' }));
    const acces = screen.getByRole('group', { name: 'Modalités d’accès' });
    await user.click(within(acces).getByRole('checkbox', { name: 'Se présenter' }));
    await user.click(
      within(screen.getByRole('group', { name: 'Publics spécifiquement adressés' })).getByRole('checkbox', {
        name: 'Seniors',
      }),
    );
    await user.type(screen.getByLabelText('Horaires d’ouverture'), 'le mardi matin');
    await user.type(screen.getByLabelText('SIRET ou RNA de la structure'), '214 601 023 00013');
    await user.type(screen.getByLabelText('Téléphone'), '05 65 34 66 44');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le lieu' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Horaires illisibles : « le mardi matin »/);
    expect((await db.lieux.get(lieu.id))?.services).toBeUndefined();

    const hours = screen.getByLabelText('Horaires d’ouverture');
    await user.clear(hours);
    await user.type(hours, 'Tu-Fr 10:00-12:30; Sa 10:00-17:00');
    expect(screen.getByText('Mardi : 10h00 – 12h30')).toBeInTheDocument();
    expect(screen.getByText('Samedi : 10h00 – 17h00')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Enregistrer le lieu' }));
    await screen.findByText('Le lieu « Médiathèque de Figeac » est enregistré.');
    expect(await db.lieux.get(lieu.id)).toMatchObject({
      services: ['Aide aux démarches administratives'],
      modalites_acces: ['Se présenter'],
      publics_specifiquement_adresses: ['Seniors'],
      horaires: 'Tu-Fr 10:00-12:30; Sa 10:00-17:00',
      pivot: '21460102300013',
      telephone: '05 65 34 66 44',
    });
    const [put] = (await db.outbox.where('recordId').equals(lieu.id).toArray()).slice(-1);
    expect(put?.schemaVersion).toBe(2);
  });

  it('names the lieu that fails with what is missing and downloads the valid ones as CSV and JSON', async () => {
    const user = userEvent.setup();
    await createLieu(db, {
      nom: 'Médiathèque de Figeac',
      adresse: '2 boulevard Pasteur',
      commune,
      pivot: '21460102300013',
      services: ['Aide aux démarches administratives', 'Loisirs et créations numériques'],
      frais_a_charge: ['Gratuit'],
    });
    await createLieu(db, { nom: 'Salle des fêtes', adresse: 'Rue du Stade', commune });
    await renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Préparer l’export' }));

    expect(await screen.findByText('1 lieu prêt, 1 à compléter.')).toBeInTheDocument();
    const refused = screen.getByText('Salle des fêtes', { selector: '.lieux-export__refused strong' });
    expect(refused.closest('li')).toHaveTextContent(
      'Salle des fêtes : Services : choisissez au moins un service proposé ; SIRET ou RNA (pivot) : valeur obligatoire manquante',
    );

    await user.click(screen.getByRole('button', { name: 'Télécharger le CSV (1 lieu)' }));
    await user.click(screen.getByRole('button', { name: 'Télécharger le JSON (1 lieu)' }));
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads[0]!.name).toMatch(/^lieux-mediation-numerique-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await text(downloads[0]!.blob);
    expect(csv).toContain('"Aide aux démarches administratives|Loisirs et créations numériques"');
    const fromCsv = parseLieuxCsv(csv);
    expect(fromCsv.errors).toEqual([]);
    expect(fromCsv.lieux.map((l) => [l.nom, l.code_insee, l.frais_a_charge])).toEqual([
      ['Médiathèque de Figeac', '46102', ['Gratuit']],
    ]);
    expect(parseLieuxJson(await text(downloads[1]!.blob)).lieux).toEqual(fromCsv.lieux);
  });
});
