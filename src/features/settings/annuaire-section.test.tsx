import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createOwnAnnuaireLieu } from '../../data/annuaire';
import { SillonDB, useDatabase } from '../../data/db';
import { getDraft, saveDraft } from '../../data/drafts';
import { lieuOfRecord } from '../../domain/annuaire';
import { checkLieuMediation } from '../../domain/lieu-mediation-check';
import { checkRecord } from '../../domain/record-check';
import { settingsRoutes } from './routes';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`annuaire-section-${n}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const renderSettings = async () => {
  const router = createMemoryRouter(settingsRoutes, { initialEntries: ['/parametres#annuaire'] });
  render(<RouterProvider router={router} />);
  await screen.findByRole('heading', { level: 1, name: 'Paramètres' }, { timeout: 10_000 });
};
const section = () => screen.getByRole('region', { name: 'Lieux de l’annuaire ajoutés par la structure' });

describe('settings: the structure’s own lieux of the directory', () => {
  it('adds one in the national schema after French messages for what the schema requires', async () => {
    const user = userEvent.setup();
    await renderSettings();
    await user.click(within(section()).getByRole('button', { name: 'Ajouter un lieu à l’annuaire' }));
    const form = await within(section()).findByRole('form', { name: 'Nouveau lieu de l’annuaire' });
    await user.type(within(form).getByLabelText(/Nom du lieu/), 'Permanence CAF de Gramat');
    await user.click(within(form).getByRole('button', { name: 'Enregistrer le lieu' }));
    expect(within(form).getByText('Veuillez renseigner l’adresse')).toBeInTheDocument();
    expect(within(form).getByText(/Veuillez renseigner le SIRET/)).toBeInTheDocument();
    expect(within(form).getByText('Choisissez au moins un service proposé')).toBeInTheDocument();
    expect(await db.annuaire.count()).toBe(0);

    await user.type(within(form).getByLabelText(/^Adresse/), '2 place de la République');
    await user.click(
      within(within(form).getByRole('group', { name: 'Services proposés' })).getByRole('checkbox', {
        name: 'Aide aux démarches administratives',
      }),
    );
    await user.type(within(form).getByLabelText('SIRET ou RNA de la structure'), '21460123400018');
    await user.type(within(form).getByLabelText('Horaires d’ouverture'), 'Tu 09:00-12:00');
    await user.click(within(form).getByRole('button', { name: 'Enregistrer le lieu' }));
    // Without a commune the schema still refuses it.
    expect(within(form).getByText('Veuillez renseigner la commune')).toBeInTheDocument();
    expect(await db.annuaire.count()).toBe(0);
    await waitFor(async () =>
      expect((await getDraft(db, 'annuaire:new'))?.data).toMatchObject({ pivot: '21460123400018' }),
    );

    // The page opened again resumes the draft; with the commune (picked offline) it is saved.
    cleanup();
    const draft = (await getDraft(db, 'annuaire:new'))!;
    await saveDraft(db, {
      ...draft,
      data: {
        ...(draft.data as object),
        commune: { codeInsee: '46128', nom: 'Gramat', codePostal: '46500' },
      },
    });
    await renderSettings();
    expect(await within(section()).findByText(/Brouillon restauré/)).toBeInTheDocument();
    await user.click(within(section()).getByRole('button', { name: 'Enregistrer le lieu' }));
    await screen.findByText('Le lieu « Permanence CAF de Gramat » est enregistré dans l’annuaire.');
    const [saved] = await db.annuaire.toArray();
    expect(saved).toMatchObject({
      origine: 'structure',
      schemaId: saved!.id,
      nom: 'Permanence CAF de Gramat',
      adresse: '2 place de la République',
      commune: 'Gramat',
      code_postal: '46500',
      code_insee: '46128',
      pivot: '21460123400018',
      services: ['Aide aux démarches administratives'],
      horaires: 'Tu 09:00-12:00',
    });
    expect(checkLieuMediation(lieuOfRecord(saved!)).ok).toBe(true);
    expect(await db.outbox.where('recordId').equals(saved!.id).count()).toBe(1);
    expect(within(section()).getByText('Aide aux démarches administratives')).toBeInTheDocument();
  });

  it('edits one (only what changed travels, with a new date_maj) and removes it as a tombstone', async () => {
    const user = userEvent.setup();
    const lieu = await createOwnAnnuaireLieu(db, {
      nom: 'Mairie de Lacapelle-Marival',
      pivot: '21460143700019',
      services: ['Accès internet et matériel informatique'],
      adresse: 'Place de la Halle',
      commune: 'Lacapelle-Marival',
      code_postal: '46120',
      code_insee: '46143',
      date_maj: '2026-11-01',
    });
    expect(lieu).toMatchObject({ origine: 'structure', schemaId: lieu.id });
    // What the server checks on a push: the record schema, then the national schema's library.
    expect(checkRecord('annuaire', lieu as never, { level: 'full', now: new Date() }).ok).toBe(true);
    expect(checkLieuMediation(lieuOfRecord(lieu)).ok).toBe(true);

    await renderSettings();
    const list = await within(section()).findByRole('list');
    expect(within(list).getByText('Mairie de Lacapelle-Marival')).toBeInTheDocument();
    expect(within(list).getByText('Place de la Halle, 46120 Lacapelle-Marival')).toBeInTheDocument();
    await user.click(
      within(list).getByRole('button', { name: 'Modifier Mairie de Lacapelle-Marival (annuaire)' }),
    );
    const form = await within(section()).findByRole('form');
    await user.click(
      within(within(form).getByRole('group', { name: 'Frais à charge' })).getByRole('checkbox', {
        name: 'Gratuit',
      }),
    );
    await user.click(within(form).getByRole('button', { name: 'Enregistrer le lieu' }));
    await screen.findByText('Le lieu « Mairie de Lacapelle-Marival » est enregistré dans l’annuaire.');
    const edited = await db.annuaire.get(lieu.id);
    expect(edited).toMatchObject({ frais_a_charge: ['Gratuit'], code_insee: '46143', nom: lieu.nom });
    expect(edited!.date_maj).not.toBe('2026-11-01');
    const entries = await db.outbox.where('recordId').equals(lieu.id).toArray();
    expect(Object.keys(entries.at(-1)!.patch).sort()).toEqual(['date_maj', 'frais_a_charge']);
    expect(checkLieuMediation(lieuOfRecord(edited!)).ok).toBe(true);

    await user.click(
      screen.getByRole('button', { name: 'Supprimer Mairie de Lacapelle-Marival (annuaire)' }),
    );
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Supprimer' }));
    await waitFor(() =>
      expect(within(section()).getByText('Aucun lieu ajouté par la structure.')).toBeInTheDocument(),
    );
    expect(await db.annuaire.get(lieu.id)).toMatchObject({ deleted: true });
  });
});
