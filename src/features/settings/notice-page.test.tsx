import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SillonDB, useDatabase } from '../../data/db';
import { settingsRoutes } from './routes';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  db = useDatabase(new SillonDB(`notice-${++n}-${Date.now()}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

describe('/parametres/information', () => {
  it('prints the notice with the structure’s contact, kept in its settings', async () => {
    const user = userEvent.setup();
    const router = createMemoryRouter(settingsRoutes, { initialEntries: ['/parametres/information'] });
    render(<RouterProvider router={router} />);
    const notice = await screen.findByRole('article', { name: 'Vos données personnelles' });
    expect(notice).toHaveTextContent('Qui conserve vos données ?');
    expect(notice).toHaveTextContent('puis 3 mois après le retour du matériel');
    await user.type(screen.getByRole('textbox', { name: /Contact de la structure/ }), 'contact@ex.fr');
    expect(notice).toHaveTextContent('Pour toute question ou demande : contact@ex.fr.');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le contact' }));
    expect(await screen.findByText('Contact enregistré.')).toBeInTheDocument();
    await waitFor(async () =>
      expect((await db.settings.toArray())[0]).toMatchObject({ structureContact: 'contact@ex.fr' }),
    );
    expect(screen.getByRole('button', { name: 'Imprimer' })).toBeInTheDocument();
  });
});
