import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';

import { getDb } from '../../data/db';
import { setMeta } from '../../data/meta';
import { saveRecord } from '../../data/records';
import type { StoredConflict } from '../../data/sync/apply';
import { SESSION_KEY, loadIdentity } from '../../data/sync/session';
import type { Beneficiary } from '../../domain/beneficiary';
import { ConflictsPage } from './conflicts-page';
import { SyncPage } from './sync-page';

const renderAt = (element: React.ReactNode) =>
  render(<RouterProvider router={createMemoryRouter([{ path: '/', element }])} />);

describe('sync screens', () => {
  beforeEach(async () => {
    const db = getDb();
    await Promise.all(db.tables.map((t) => t.clear()));
    await setMeta(db, SESSION_KEY, {
      token: 'x'.repeat(43),
      user: {
        userId: 'u1',
        name: 'Léa Martin',
        email: 'lea@ex.fr',
        role: 'coordinateur',
        structureId: 's1',
        structureName: 'Tiers-lieu',
      },
      signedInAt: new Date().toISOString(),
    });
    await loadIdentity(db);
  });

  it('shows what waits to be sent and protects sign-out with unsynced changes', async () => {
    await saveRecord<Beneficiary>(getDb(), 'beneficiaries', undefined, { prenom: 'Anne', nom: 'Vidal' });
    renderAt(<SyncPage />);
    expect(await screen.findByText('Léa Martin · Coordinateur·rice · Tiers-lieu')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('pending-count')).toHaveTextContent('1'));
    expect(screen.getByTestId('last-success')).toHaveTextContent('jamais');
    expect(screen.getByRole('link', { name: 'Comptes et appareils de la structure' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Se déconnecter' }));
    const dialog = await screen.findByRole('dialog', { name: 'Modifications non synchronisées' });
    expect(dialog).toHaveTextContent('1 modification n’a pas encore été envoyée');
    expect(screen.getByRole('button', { name: 'Exporter' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Synchroniser d’abord' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('lets a person take back the value that lost a conflict', async () => {
    const db = getDb();
    const b = await saveRecord<Beneficiary>(db, 'beneficiaries', undefined, { prenom: 'Paul', nom: 'Roche' });
    await db.outbox.clear();
    const conflict: StoredConflict = {
      id: '0190a0a0-0000-7000-8000-000000000001',
      table: 'beneficiaries',
      recordId: b.id,
      field: 'nom',
      keptValue: 'Roche',
      lostValue: 'Rocher',
      lostBy: 'u1',
      keptBy: 'u2',
      detectedAt: new Date().toISOString(),
    };
    await db.conflicts.put(conflict);
    renderAt(<ConflictsPage />);
    expect(await screen.findByTestId('lost-value')).toHaveTextContent('Rocher (par vous)');
    expect(screen.getByTestId('kept-value')).toHaveTextContent('Roche (par un·e collègue)');
    await userEvent.click(screen.getByRole('button', { name: 'Reprendre la valeur écartée' }));
    expect(await screen.findByText(/Aucun conflit/)).toBeInTheDocument();
    expect((await db.beneficiaries.get(b.id))?.nom).toBe('Rocher');
    const [entry] = await db.outbox.toArray();
    expect(entry?.patch).toEqual({ nom: 'Rocher' });
    expect(await db.conflicts.get(conflict.id)).toMatchObject({
      resolution: 'lost',
      resolutionPending: true,
    });
  });
});
