// The agreement template editor stays open after a save: the next save goes on from the saved
// template (its fields and version), not from the one the editor first opened on.
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SillonDB, useDatabase } from '../../data/db';
import { TemplatePage } from './template-page';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`template-page-${Date.now()}-${n}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const renderPage = () =>
  render(
    <RouterProvider
      router={createMemoryRouter([{ path: '/prets/modele', element: <TemplatePage /> }], {
        initialEntries: ['/prets/modele'],
      })}
    />,
  );

/** What a sync does once the server took every change: the outbox empties, the version moves on. */
const acknowledged = async (serverVersion: number) => {
  const [entry] = await db.outbox.toArray();
  await db.outbox.clear();
  await db.settings.update(entry!.recordId, { serverVersion });
};

describe('agreement template editor', () => {
  it('saves twice in a row: the second save sends only its own change, against the version after the first', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage();
    const title = await screen.findByRole('textbox', { name: /^Titre/ });
    await user.clear(title);
    await user.type(title, 'Convention A');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByText(/Modèle enregistré/);
    await waitFor(async () => expect(await db.outbox.count()).toBe(1));
    await acknowledged(1);

    // The editor opened again on the stored template (version 1): two saves follow.
    await user.clear(await screen.findByRole('textbox', { name: /^Titre/ }));
    await user.type(screen.getByRole('textbox', { name: /^Titre/ }), 'Convention B');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByText(/Modèle enregistré/);
    await waitFor(async () => expect(await db.outbox.count()).toBe(1));
    expect((await db.outbox.toArray())[0]).toMatchObject({
      patch: { title: 'Convention B' },
      baseVersion: 1,
    });
    await acknowledged(2);

    const name = screen.getByRole('textbox', { name: /^Nom de la structure/ });
    await user.clear(name);
    await user.type(name, 'EPN de Figeac');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByText(/Modèle enregistré/);
    await waitFor(async () => expect(await db.outbox.count()).toBe(1));
    const [third] = await db.outbox.toArray();
    expect(third!.patch).toEqual({ structureName: 'EPN de Figeac' });
    expect(third!.baseVersion).toBe(2);
  });

  it('after a save, typing is drafted again and a colleague’s change is taken into the open editor', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage();
    const title = await screen.findByRole('textbox', { name: /^Titre/ });
    await user.clear(title);
    await user.type(title, 'Convention A');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByText(/Modèle enregistré/);
    await acknowledged(1);
    await user.type(await screen.findByRole('textbox', { name: /^Nom de la structure/ }), 'EPN');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByText(/Modèle enregistré/);
    await acknowledged(2);

    const [stored] = await db.settings.toArray();
    await db.settings.put({ ...stored!, title: 'Convention du collègue', serverVersion: 3 });
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: /^Titre/ })).toHaveValue('Convention du collègue'),
    );
    await user.type(screen.getByRole('textbox', { name: /^Nom de la structure/ }), ' Figeac');
    await waitFor(async () =>
      expect((await db.drafts.toArray())[0]?.data).toMatchObject({ structureName: 'EPN Figeac' }),
    );
  });
});
