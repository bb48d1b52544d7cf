import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SillonDB, useDatabase } from '../../data/db';
import { getDraft } from '../../data/drafts';
import { createLieu } from '../../data/lieux';
import { settingsRoutes } from './routes';

// IndexedDB and lazy routes are slow on a loaded machine: wait up to 10 s, never a fixed time.
configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`settings-${n}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
  Reflect.deleteProperty(navigator, 'storage');
});

const renderSettings = async () => {
  const router = createMemoryRouter(settingsRoutes, { initialEntries: ['/parametres'] });
  render(<RouterProvider router={router} />);
  await screen.findByRole('heading', { level: 1, name: 'Paramètres' }, { timeout: 10_000 });
};

const lieuxSection = () => screen.getByRole('region', { name: 'Mes lieux d’activité' });

describe('settings: Mes lieux d’activité', () => {
  it('adds a lieu after a French message for a missing name, keeping what was typed', async () => {
    const user = userEvent.setup();
    await renderSettings();
    await user.click(screen.getByRole('button', { name: 'Ajouter un lieu' }));
    await user.type(screen.getByLabelText('Adresse'), '2 boulevard Pasteur');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le lieu' }));

    expect(screen.getByText('Veuillez renseigner le nom du lieu')).toBeInTheDocument();
    expect(screen.getByLabelText(/Nom du lieu/)).toHaveFocus();
    expect(screen.getByLabelText('Adresse')).toHaveValue('2 boulevard Pasteur');
    expect(await db.lieux.count()).toBe(0);

    await user.type(screen.getByLabelText(/Nom du lieu/), 'Médiathèque de Figeac');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le lieu' }));

    const list = await within(lieuxSection()).findByRole('list', {}, { timeout: 10_000 });
    expect(within(list).getByText('Médiathèque de Figeac')).toBeInTheDocument();
    expect(within(list).getByText('2 boulevard Pasteur')).toBeInTheDocument();
    const [saved] = await db.lieux.toArray();
    expect(saved).toMatchObject({ nom: 'Médiathèque de Figeac', adresse: '2 boulevard Pasteur' });
    expect(await db.outbox.where('recordId').equals(saved!.id).count()).toBe(1);
  });

  it('edits a lieu and deletes it after confirmation, as a tombstone', async () => {
    const user = userEvent.setup();
    const lieu = await createLieu(db, { nom: 'Mairie de Gourdon', adresse: 'Place de la mairie' });
    await renderSettings();

    await user.click(
      await screen.findByRole('button', { name: 'Modifier Mairie de Gourdon' }, { timeout: 10_000 }),
    );
    // The edit form opens with the lieu read from IndexedDB: wait for it rather than expect it at once.
    const nom = await screen.findByLabelText(/Nom du lieu/, {}, { timeout: 10_000 });
    await user.clear(nom);
    await user.type(nom, 'France Services de Gourdon');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le lieu' }));
    expect(
      await screen.findByText('Le lieu « France Services de Gourdon » est enregistré.'),
    ).toBeInTheDocument();
    expect((await db.lieux.get(lieu.id))?.nom).toBe('France Services de Gourdon');

    await user.click(screen.getByRole('button', { name: 'Supprimer France Services de Gourdon' }));
    const dialog = screen.getByRole('dialog', { name: 'Supprimer ce lieu d’activité ?' });
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect((await db.lieux.get(lieu.id))?.deleted).toBeUndefined();

    await user.click(screen.getByRole('button', { name: 'Supprimer France Services de Gourdon' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Supprimer' }));
    await waitFor(() =>
      expect(within(lieuxSection()).getByText('Aucun lieu d’activité enregistré.')).toBeInTheDocument(),
    );
    expect(await db.lieux.get(lieu.id)).toMatchObject({ deleted: true });
    const ops = (await db.outbox.where('recordId').equals(lieu.id).toArray()).map((e) => e.op);
    expect(ops).toEqual(['put', 'put', 'delete']);
  });
});

describe('settings: a half-filled lieu form', () => {
  it('is kept as a draft and opens again with what was typed', async () => {
    const user = userEvent.setup();
    await renderSettings();
    await user.click(screen.getByRole('button', { name: 'Ajouter un lieu' }));
    await user.type(screen.getByLabelText(/Nom du lieu/), 'Tiers-lieu de Souillac');
    await waitFor(async () =>
      expect((await getDraft(db, 'lieu:new'))?.data).toMatchObject({ nom: 'Tiers-lieu de Souillac' }),
    );
    expect((await getDraft(db, 'lieu:new'))?.path).toBe('/parametres#lieux');
    cleanup();

    await renderSettings();
    expect(await screen.findByText(/Brouillon restauré/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Nom du lieu/)).toHaveValue('Tiers-lieu de Souillac');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le lieu' }));
    await screen.findByText('Le lieu « Tiers-lieu de Souillac » est enregistré.');
    expect(await getDraft(db, 'lieu:new')).toBeUndefined();
    expect((await db.lieux.toArray()).map((l) => l.nom)).toEqual(['Tiers-lieu de Souillac']);
  });
});

describe('settings: Stockage', () => {
  it('says whether persistent storage is granted, asks for it, and shows usage in French', async () => {
    let persisted = false;
    // jsdom has no StorageManager: a stand-in with the browser's interface.
    Object.defineProperty(navigator, 'storage', {
      configurable: true,
      value: {
        persisted: async () => persisted,
        persist: async () => {
          persisted = true;
          return true;
        },
        estimate: async () => ({ usage: 3 * 1024 * 1024, quota: 2 * 1024 * 1024 * 1024 }),
      },
    });
    const user = userEvent.setup();
    await renderSettings();
    expect(await screen.findByTestId('storage-persisted', {}, { timeout: 10_000 })).toHaveTextContent(
      /^Non accordé/,
    );
    expect(screen.getByTestId('storage-usage')).toHaveTextContent('3 Mo sur 2 Go disponibles (0,1 %)');

    await user.click(screen.getByRole('button', { name: 'Demander le stockage persistant' }));
    await waitFor(() => expect(screen.getByTestId('storage-persisted')).toHaveTextContent(/^Accordé/), {
      timeout: 10_000,
    });
    expect(screen.queryByRole('button', { name: 'Demander le stockage persistant' })).not.toBeInTheDocument();
  });

  it('shows the version and the départements available offline', async () => {
    await renderSettings();
    expect(screen.getByTestId('app-version')).toHaveTextContent('test');
    expect(screen.getByText('Départements 46, 47')).toBeInTheDocument();
  });
});
