import { cleanup, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createActivity } from '../../data/activities';
import { saveBeneficiary } from '../../data/beneficiaries';
import { SillonDB, useDatabase } from '../../data/db';
import { activityInputSchema } from '../../domain/activity';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { activityRoutes } from './routes';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`activity-passes-${n}-${Date.now()}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const year = new Date().getFullYear();
const day = `${year}-${String(new Date().getMonth() + 1).padStart(2, '0')}-01`;

describe('Pass Numérique on an individual accompaniment', () => {
  it('records a pass typed on the activity’s page against it and its person; a code twice is refused', async () => {
    const user = userEvent.setup();
    const jeanne = await saveBeneficiary(
      db,
      undefined,
      beneficiaryInputSchema().parse({ anonyme: false, prenom: 'Jeanne', nom: 'Durand' }),
    );
    const activity = await createActivity(
      db,
      activityInputSchema.parse({
        type: 'individuel',
        date: day,
        duree: 45,
        typeLieu: 'a_distance',
        thematiques: ['email'],
        materiel: [],
        beneficiaryIds: [jeanne.id],
      }),
    );
    render(
      <RouterProvider
        router={createMemoryRouter(activityRoutes, { initialEntries: [`/activites/${activity.id}`] })}
      />,
    );
    const section = await screen.findByRole('region', { name: 'Pass Numérique reçus' });
    expect(within(section).getByText('Aucun pass reçu pour cet accompagnement.')).toBeInTheDocument();
    const code = await within(section).findByRole('textbox', { name: /^Code du pass/ });
    expect(within(section).getByLabelText(/^Reçu le/)).toHaveValue(day);
    await user.click(within(section).getByRole('button', { name: 'Enregistrer le pass' }));
    expect(await within(section).findByText('Veuillez renseigner le code du pass')).toBeInTheDocument();
    await user.type(code, 'APTIC-46007');
    await user.click(within(section).getByRole('button', { name: 'Enregistrer le pass' }));
    expect(await within(section).findByText('Pass APTIC-46007 enregistré : à valider.')).toBeInTheDocument();
    const list = await within(section).findByRole('list', { name: 'Pass Numérique reçus' });
    expect(list).toHaveTextContent(/APTIC-46007 · 10,00\s€ · À valider/);
    const stored = await db.passes.toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      code: 'APTIC-46007',
      valeur: 10,
      annee: year,
      dateReception: day,
      status: 'a_valider',
      activityId: activity.id,
      beneficiaryId: jeanne.id,
    });
    expect(stored[0]!.sessionId).toBeUndefined();
    expect((await db.outbox.toArray()).some((e) => e.table === 'passes')).toBe(true);

    await user.type(within(section).getByRole('textbox', { name: /^Code du pass/ }), 'aptic-46007');
    await user.click(within(section).getByRole('button', { name: 'Enregistrer le pass' }));
    expect(await within(section).findByText('Le pass aptic-46007 est déjà enregistré.')).toBeInTheDocument();
    expect(await db.passes.count()).toBe(1);
  });
});
