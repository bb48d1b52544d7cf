import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';

import { getDb } from '../../data/db';
import { setMeta } from '../../data/meta';
import { saveRecord } from '../../data/records';
import { SESSION_KEY, loadIdentity } from '../../data/sync/session';
import type { Beneficiary } from '../../domain/beneficiary';
import type { Role } from '../../domain/sync';
import { BeneficiaryPage } from '../beneficiaries/beneficiary-page';
import { SyncPage } from './sync-page';

const renderAt = (path: string, routes: { path: string; element: React.ReactNode }[]) =>
  render(<RouterProvider router={createMemoryRouter(routes, { initialEntries: [path] })} />);

const signIn = async (role: Role) => {
  const db = getDb();
  await setMeta(db, SESSION_KEY, {
    token: 'x'.repeat(43),
    user: {
      userId: 'u1',
      name: 'Léa',
      email: 'lea@ex.fr',
      role,
      structureId: 's1',
      structureName: 'Tiers-lieu',
    },
    signedInAt: new Date().toISOString(),
  });
  await loadIdentity(db);
};

/** A beneficiary the server knows (version 3), then a change of it that the server refused. */
const refusedEdit = async () => {
  const db = getDb();
  const b = await saveRecord<Beneficiary>(db, 'beneficiaries', undefined, { prenom: 'Anne', nom: 'Vidal' });
  await db.outbox.clear();
  await db.beneficiaries.update(b.id, { serverVersion: 3, createdBy: 'u2' });
  await saveRecord<Beneficiary>(db, 'beneficiaries', b.id, { email: 'pas-une-adresse' });
  const [entry] = await db.outbox.toArray();
  await db.outbox.put({
    ...entry!,
    refused: {
      code: 'invalid',
      message: 'Enregistrement invalide : email (Veuillez renseigner une adresse e-mail valide)',
      fields: { email: 'Veuillez renseigner une adresse e-mail valide' },
      at: new Date().toISOString(),
      current: {
        version: 3,
        deleted: false,
        data: { anonyme: false, prenom: 'Anne', nom: 'Vidal', createdBy: 'u2' },
      },
    },
  });
  return b;
};

describe('refused changes and records set aside', () => {
  beforeEach(async () => {
    const db = getDb();
    await Promise.all(db.tables.map((t) => t.clear()));
  });

  it('shows a refused change on the record, with a way to correct it', async () => {
    await signIn('conseiller');
    const b = await refusedEdit();
    renderAt(`/beneficiaires/${b.id}`, [
      { path: '/beneficiaires/:id', element: <BeneficiaryPage /> },
      { path: '/beneficiaires/:id/modifier', element: <p>Formulaire</p> },
    ]);
    const notice = await screen.findByTestId('refused');
    expect(notice).toHaveTextContent('Refusé par le serveur : Veuillez renseigner une adresse e-mail valide');
    // Created by a colleague: a conseiller is not offered its deletion (the server would refuse it).
    expect(screen.queryByRole('button', { name: 'Supprimer' })).not.toBeInTheDocument();
    await userEvent.click(within(notice).getByRole('link', { name: 'Corriger' }));
    expect(await screen.findByText('Formulaire')).toBeInTheDocument();
  });

  it('lists refused changes in Synchronisation and discards one back to the server’s state', async () => {
    await signIn('conseiller');
    const b = await refusedEdit();
    renderAt('/', [{ path: '/', element: <SyncPage /> }]);
    const section = await screen.findByTestId('refused-changes');
    expect(section).toHaveTextContent('Bénéficiaire · Anne Vidal');
    expect(section).toHaveTextContent('Fiche invalide');
    expect(section).toHaveTextContent('Adresse e-mail : Veuillez renseigner une adresse e-mail valide');
    await userEvent.click(within(section).getByRole('button', { name: 'Annuler ma modification' }));
    const dialog = await screen.findByRole('dialog', { name: 'Annuler la modification refusée ?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Annuler ma modification' }));
    await waitFor(() => expect(screen.queryByTestId('refused-changes')).not.toBeInTheDocument());
    const restored = await getDb().beneficiaries.get(b.id);
    expect(restored).toMatchObject({ nom: 'Vidal', serverVersion: 3 });
    expect(restored).not.toHaveProperty('email');
    expect(await getDb().outbox.count()).toBe(0);
  });

  it('shows the coordinateur the records set aside, and only them', async () => {
    const db = getDb();
    await db.setAside.put({
      key: 'beneficiaries:0190a0a0-0000-7000-8000-00000000000a',
      table: 'beneficiaries',
      id: '0190a0a0-0000-7000-8000-00000000000a',
      version: 12,
      fields: { prenom: 'Entrée invalide : chaîne de caractères attendu, nombre reçu' },
      at: new Date().toISOString(),
    });
    await signIn('conseiller');
    const view = renderAt('/', [{ path: '/', element: <SyncPage /> }]);
    await screen.findByTestId('pending-count');
    expect(screen.queryByTestId('set-aside')).not.toBeInTheDocument();
    view.unmount();
    await signIn('coordinateur');
    renderAt('/', [{ path: '/', element: <SyncPage /> }]);
    const section = await screen.findByTestId('set-aside');
    expect(section).toHaveTextContent('1 fiche mise de côté');
    expect(section).toHaveTextContent('0190a0a0-0000-7000-8000-00000000000a');
    expect(section).toHaveTextContent('Prénom : Entrée invalide');
  });
});
