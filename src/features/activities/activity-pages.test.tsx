import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createActivity } from '../../data/activities';
import { SillonDB, useDatabase } from '../../data/db';
import { getDraft, saveDraft } from '../../data/drafts';
import { createLieu, deleteLieu } from '../../data/lieux';
import { activityInputSchema } from '../../domain/activity';
import { activityRoutes } from './routes';

// IndexedDB and lazy routes are slow on a loaded machine: wait up to 10 s, never a fixed time.
configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`activity-pages-${n}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const renderAt = (path: string) => {
  const router = createMemoryRouter(activityRoutes, { initialEntries: [path] });
  render(<RouterProvider router={router} />);
  return router;
};

const seed = (overrides: Record<string, unknown>) =>
  createActivity(
    db,
    activityInputSchema.parse({
      type: 'individuel',
      date: '2026-11-20',
      duree: 37,
      typeLieu: 'a_distance',
      thematiques: ['email'],
      materiel: ['telephone'],
      beneficiaryIds: [],
      ...overrides,
    }),
  );

describe('editing an activity', () => {
  it('opens with its values (a durée off the chips as « Personnaliser »), drafts the edit and saves only what changed', async () => {
    const user = userEvent.setup();
    const activity = await seed({ notes: 'Première séance' });
    const router = renderAt(`/activites/${activity.id}/modifier`);
    await screen.findByRole('heading', { level: 1, name: 'Modifier l’accompagnement individuel' });
    await screen.findByRole('button', { name: 'Enregistrer' });
    expect(screen.getByRole('radio', { name: 'Personnaliser' })).toBeChecked();
    expect(screen.getByRole('spinbutton', { name: 'Heures' })).toHaveValue(0);
    expect(screen.getByRole('spinbutton', { name: 'Minutes' })).toHaveValue(37);
    expect(screen.getByRole('radio', { name: 'À distance' })).toBeChecked();
    expect(screen.getByLabelText(/Notes sur l’accompagnement/)).toHaveValue('Première séance');

    const minutes = screen.getByRole('spinbutton', { name: 'Minutes' });
    await user.clear(minutes);
    await user.type(minutes, '75');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(
      within(screen.getByRole('group', { name: 'Durée personnalisée' })).getByText(
        'Les heures vont de 0 à 23 et les minutes de 0 à 59',
      ),
    ).toBeInTheDocument();
    await waitFor(async () =>
      expect((await getDraft(db, `activity:${activity.id}`))?.path).toBe(
        `/activites/${activity.id}/modifier`,
      ),
    );

    await user.clear(minutes);
    await user.type(minutes, '50');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByText('L’activité a été enregistrée.');
    expect(router.state.location.pathname).toBe(`/activites/${activity.id}`);
    expect(screen.getByText('50mn')).toBeInTheDocument();
    const last = (await db.outbox.toArray()).at(-1);
    expect(last).toMatchObject({ recordId: activity.id, op: 'put', patch: { duree: 50 } });
    expect(Object.keys(last!.patch)).toEqual(['duree']);
    expect(await getDraft(db, `activity:${activity.id}`)).toBeUndefined();
  });

  it('keeps offering the activity’s lieu after the lieu was deleted', async () => {
    const lieu = await createLieu(db, { nom: 'Ancienne mairie' });
    const activity = await seed({ typeLieu: 'lieu_activite', lieuId: lieu.id });
    await deleteLieu(db, lieu.id);
    renderAt(`/activites/${activity.id}/modifier`);
    await screen.findByRole('button', { name: 'Enregistrer' });
    expect(screen.getByRole('combobox', { name: /^Lieu d’activité/ })).toHaveDisplayValue(
      'Ancienne mairie (supprimé)',
    );
  });
});

describe('activity detail and list', () => {
  it('deletes after confirmation, as a tombstone, and the list no longer shows it', async () => {
    const user = userEvent.setup();
    const kept = await seed({ date: '2026-11-19', thematiques: ['bureautique'] });
    const activity = await seed({
      type: 'collectif',
      titreAtelier: 'Atelier tablette',
      participantsAnonymes: { total: 4, genre: { feminin: 3 } },
    });
    const router = renderAt(`/activites/${activity.id}`);
    await screen.findByRole('heading', { level: 1, name: 'Atelier collectif du 20 novembre 2026' });
    expect(screen.getByText('Genre — Féminin : 3 · Non communiqué : 1')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Supprimer' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Annuler' }));
    expect((await db.activities.get(activity.id))?.deleted).toBeUndefined();

    await user.click(screen.getByRole('button', { name: 'Supprimer' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Supprimer' }));
    await screen.findByText('L’activité a été supprimée.');
    expect(router.state.location.pathname).toBe('/activites');
    expect(await db.activities.get(activity.id)).toMatchObject({ deleted: true });
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({ recordId: activity.id, op: 'delete' });
    await screen.findByRole('heading', { name: '1 activité' });
    expect(screen.queryByText(/Atelier tablette/)).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Bénéficiaire anonyme/ })).toHaveAttribute(
      'href',
      `/activites/${kept.id}`,
    );
  });

  it('filters the list by type', async () => {
    const user = userEvent.setup();
    await seed({});
    await seed({ type: 'collectif', titreAtelier: 'Atelier photo', participantsAnonymes: { total: 6 } });
    renderAt('/activites');
    await screen.findByRole('heading', { name: '2 activités' });
    await user.click(screen.getByRole('radio', { name: 'Ateliers collectifs' }));
    await screen.findByRole('heading', { name: '1 activité' });
    expect(screen.getByText('Atelier photo · 6 participants')).toBeInTheDocument();
    expect(screen.queryByText('Bénéficiaire anonyme')).not.toBeInTheDocument();
    // Not sent yet: its change waits in the outbox.
    expect(screen.getByText('Non synchronisée')).toBeInTheDocument();
    await db.outbox.clear();
    await waitFor(() => expect(screen.queryByText('Non synchronisée')).not.toBeInTheDocument());
  });

  it('shows fifty at a time, most recent first, and more on demand', async () => {
    const user = userEvent.setup();
    for (let day = 1; day <= 51; day += 1) {
      await seed({ date: `2026-${day > 28 ? '10' : '09'}-${String(((day - 1) % 28) + 1).padStart(2, '0')}` });
    }
    renderAt('/activites');
    await screen.findByRole('heading', { name: '50 activités les plus récentes' });
    const rows = () => screen.getAllByRole('link', { name: /Bénéficiaire anonyme/ });
    expect(rows()).toHaveLength(50);
    expect(rows()[0]).toHaveTextContent('23 octobre 2026');
    await user.click(screen.getByRole('button', { name: 'Afficher plus d’activités' }));
    await screen.findByRole('heading', { name: '51 activités' });
    expect(rows().at(-1)).toHaveTextContent('1 septembre 2026');
    expect(screen.queryByRole('button', { name: 'Afficher plus d’activités' })).not.toBeInTheDocument();
  });

  it('offers the activity drafts to resume', async () => {
    await saveDraft(db, {
      id: 'activity:new:collectif',
      kind: 'activity',
      path: '/activites/nouvelle/collectif',
      title: 'Atelier collectif (nouveau)',
      data: {},
    });
    renderAt('/activites');
    const drafts = await screen.findByRole('region', { name: 'Saisies à reprendre' });
    expect(within(drafts).getByText('Atelier collectif (nouveau)')).toBeInTheDocument();
    expect(within(drafts).getByRole('link', { name: 'Reprendre' })).toHaveAttribute(
      'href',
      '/activites/nouvelle/collectif',
    );
  });
});
