import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { saveBeneficiary } from '../../data/beneficiaries';
import { SillonDB, useDatabase } from '../../data/db';
import { getDraft } from '../../data/drafts';
import { createLieu } from '../../data/lieux';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { toDay } from '../../domain/dates';
import { activityRoutes } from './routes';

// IndexedDB and lazy routes are slow on a loaded machine: wait up to 10 s, never a fixed time.
configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`activity-form-${n}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const renderAt = (path: string) => {
  const router = createMemoryRouter(activityRoutes, { initialEntries: [path] });
  const view = render(<RouterProvider router={router} />);
  return { router, ...view };
};

const submitButton = () => screen.getByRole('button', { name: 'Enregistrer' });
/** The first render loads the lazy route and its defaults from IndexedDB. */
const ready = () => screen.findByRole('button', { name: 'Enregistrer' }, { timeout: 10_000 });
const lieuSelect = () => screen.getByRole('combobox', { name: /^Lieu d’activité/ });
const group = (name: string | RegExp) => screen.getByRole('group', { name });

describe('activity form', () => {
  it('shows La Coop’s French messages next to the fields when submitted empty, and focuses the first', async () => {
    const user = userEvent.setup();
    renderAt('/activites/nouvelle/individuel');
    await user.click(await ready());

    expect(within(group(/^Durée/)).getByText('Veuillez renseigner une durée')).toBeInTheDocument();
    expect(
      within(group(/^Lieu de l’accompagnement/)).getByText('Veuillez renseigner un lieu d’accompagnement'),
    ).toBeInTheDocument();
    expect(
      within(group(/^Thématique\(s\) d’accompagnement de médiation numérique/)).getByText(
        'Veuillez renseigner au moins une thématique',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Le formulaire contient 3 erreurs : corrigez les champs signalés.'),
    ).toBeInTheDocument();
    // The date defaults to today: no message there.
    expect(screen.getByLabelText(/Date de l’accompagnement/)).toHaveValue(toDay(new Date()));
    expect(screen.getByRole('radio', { name: '15mn' })).toHaveFocus();
    expect(await db.activities.count()).toBe(0);

    // A fixed field loses its message at once.
    await user.click(screen.getByRole('radio', { name: '1h' }));
    expect(screen.queryByText('Veuillez renseigner une durée')).not.toBeInTheDocument();
  });

  it('keeps everything typed after a failed validation', async () => {
    const user = userEvent.setup();
    renderAt('/activites/nouvelle/individuel');
    await ready();
    const notes = screen.getByLabelText(/Notes sur l’accompagnement/);
    await user.type(notes, 'Rendez-vous CAF à reprendre');
    await user.click(screen.getByRole('checkbox', { name: /E-mail/ }));
    await user.click(screen.getByRole('radio', { name: 'À domicile' }));
    await user.click(submitButton());

    expect(await screen.findByText('Veuillez renseigner la commune')).toBeInTheDocument();
    expect(screen.getByLabelText(/Notes sur l’accompagnement/)).toHaveValue('Rendez-vous CAF à reprendre');
    expect(screen.getByRole('checkbox', { name: /E-mail/ })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'À domicile' })).toBeChecked();
  });

  it('shows the administrative sub-thématiques only with « Aide aux démarches administratives », and drops them when unchecked', async () => {
    const user = userEvent.setup();
    renderAt('/activites/nouvelle/individuel');
    await ready();
    const demarches = screen.getByRole('checkbox', { name: /Aide aux démarches administratives/ });
    expect(screen.queryByRole('checkbox', { name: /Logement/ })).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/Préciser le nom de la démarche/)).not.toBeInTheDocument();

    await user.click(demarches);
    await user.click(screen.getByRole('checkbox', { name: /Logement/ }));
    await user.type(screen.getByLabelText(/Préciser le nom de la démarche/), 'Demande d’APL');

    await user.click(demarches);
    expect(screen.queryByRole('checkbox', { name: /Logement/ })).not.toBeInTheDocument();
    await user.click(demarches);
    expect(screen.getByRole('checkbox', { name: /Logement/ })).not.toBeChecked();
    expect(screen.getByLabelText(/Préciser le nom de la démarche/)).toHaveValue('');
  });

  it('autosaves a draft and restores it after the form is closed, until it is abandoned', async () => {
    const user = userEvent.setup();
    const first = renderAt('/activites/nouvelle/individuel');
    await ready();
    await user.type(screen.getByLabelText(/Notes sur l’accompagnement/), 'Brouillon de test');
    await user.click(screen.getByRole('checkbox', { name: /Bureautique/ }));
    await user.click(screen.getByRole('radio', { name: '45mn' }));
    await waitFor(async () => {
      const draft = await getDraft(db, 'activity:new:individuel');
      expect(draft?.data).toMatchObject({
        notes: 'Brouillon de test',
        duree: '45',
        thematiques: ['bureautique'],
      });
    });
    expect((await getDraft(db, 'activity:new:individuel'))?.path).toBe('/activites/nouvelle/individuel');
    first.unmount();

    renderAt('/activites/nouvelle/individuel');
    await ready();
    expect(screen.getByText(/Brouillon restauré/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Notes sur l’accompagnement/)).toHaveValue('Brouillon de test');
    expect(screen.getByRole('checkbox', { name: /Bureautique/ })).toBeChecked();
    expect(screen.getByRole('radio', { name: '45mn' })).toBeChecked();

    await user.click(screen.getByRole('button', { name: 'Abandonner le brouillon' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Abandonner' }));
    await waitFor(() => expect(screen.getByLabelText(/Notes sur l’accompagnement/)).toHaveValue(''));
    expect(screen.queryByText(/Brouillon restauré/)).not.toBeInTheDocument();
    expect(await getDraft(db, 'activity:new:individuel')).toBeUndefined();
  });

  it('saves, shows the activity, forgets the draft and remembers the lieu and durée for next time', async () => {
    const user = userEvent.setup();
    await createLieu(db, { nom: 'Médiathèque de Figeac' });
    const { router } = renderAt('/activites/nouvelle/individuel');
    await ready();
    await user.click(screen.getByRole('radio', { name: '1h30' }));
    await user.click(screen.getByRole('radio', { name: 'Lieu d’activité' }));
    await user.selectOptions(lieuSelect(), 'Médiathèque de Figeac');
    await user.click(screen.getByRole('checkbox', { name: /Navigation sur internet/ }));
    await user.click(screen.getByRole('radio', { name: 'Autonome' }));
    await user.click(screen.getByRole('radio', { name: 'Oui' }));
    await user.selectOptions(screen.getByLabelText(/Structure de redirection/), 'Autre');
    await user.click(submitButton());

    expect(
      await screen.findByText('L’activité a été enregistrée.', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    const [saved] = await db.activities.toArray();
    expect(saved).toMatchObject({
      type: 'individuel',
      duree: 90,
      typeLieu: 'lieu_activite',
      thematiques: ['navigation_sur_internet'],
      autonomie: 'autonome',
      orienteVersStructure: true,
      structureDeRedirection: 'autre',
    });
    expect(router.state.location.pathname).toBe(`/activites/${saved!.id}`);
    expect(await screen.findByText('Médiathèque de Figeac')).toBeInTheDocument();
    expect(await getDraft(db, 'activity:new:individuel')).toBeUndefined();

    await router.navigate('/activites/nouvelle/individuel');
    await waitFor(() => expect(screen.getByRole('radio', { name: '1h30' })).toBeChecked(), {
      timeout: 10_000,
    });
    expect(lieuSelect()).toHaveDisplayValue('Médiathèque de Figeac');
  });

  it('a workshop derives « Non communiqué » and refuses a breakdown above the total', async () => {
    const user = userEvent.setup();
    renderAt('/activites/nouvelle/collectif');
    await ready();
    await user.type(screen.getByLabelText('Nombre de participants anonymes'), '5');
    const genre = group('Genre');
    await user.type(within(genre).getByLabelText('Masculin'), '2');
    expect(within(genre).getByText('Non communiqué : 3')).toBeInTheDocument();
    await user.type(within(genre).getByLabelText('Féminin'), '4');
    await user.click(submitButton());
    expect(
      within(group('Genre')).getByText('La somme dépasse le nombre de participants anonymes'),
    ).toBeInTheDocument();
    expect(within(group('Genre')).getByLabelText('Féminin')).toHaveValue(4);
  });

  it('a workshop needs at least one participant', async () => {
    const user = userEvent.setup();
    renderAt('/activites/nouvelle/collectif');
    await user.click(await ready());
    expect(
      screen.getByText('Veuillez renseigner au moins un bénéficiaire suivi ou anonyme'),
    ).toBeInTheDocument();
  });

  it('adds the beneficiary named in the address to what was typed (from her fiche or just created)', async () => {
    const user = userEvent.setup();
    const germaine = await saveBeneficiary(
      db,
      undefined,
      beneficiaryInputSchema().parse({ prenom: 'Germaine', nom: 'Lacombe' }),
    );
    const first = renderAt('/activites/nouvelle/collectif');
    await ready();
    expect(screen.getByRole('link', { name: 'Créer un bénéficiaire' })).toHaveAttribute(
      'href',
      '/beneficiaires/nouveau?retour=%2Factivites%2Fnouvelle%2Fcollectif',
    );
    await user.type(screen.getByLabelText('Titre de l’atelier'), 'Atelier e-mail');
    await waitFor(async () =>
      expect((await getDraft(db, 'activity:new:collectif'))?.data).toMatchObject({
        titreAtelier: 'Atelier e-mail',
      }),
    );
    first.unmount();

    renderAt(`/activites/nouvelle/collectif?beneficiaire=${germaine.id}`);
    await ready();
    expect(screen.getByLabelText('Titre de l’atelier')).toHaveValue('Atelier e-mail');
    expect(await screen.findByText('Germaine LACOMBE')).toBeInTheDocument();
    expect(screen.getByText('1 participant au total')).toBeInTheDocument();
    await waitFor(async () =>
      expect((await getDraft(db, 'activity:new:collectif'))?.data).toMatchObject({
        beneficiaryIds: [germaine.id],
      }),
    );
  });
});
