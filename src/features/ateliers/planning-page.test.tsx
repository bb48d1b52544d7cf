// @vitest-environment jsdom
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SillonDB, useDatabase } from '../../data/db';
import { createCycle, createSession } from '../../data/workshops';
import { toDay } from '../../domain/dates';
import { addDays, weekStart } from '../../domain/planning';
import { cycleInputSchema, sessionInputSchema } from '../../domain/workshops';
import { PlanningPage } from './planning-page';
import { PosterPage } from './poster-page';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`planning-page-${n}-${Date.now()}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const GRAMAT = { codeInsee: '46127', nom: 'Gramat', codePostal: '46500' };
const FIGEAC = { codeInsee: '46102', nom: 'Figeac', codePostal: '46100' };

describe('planning and poster', () => {
  it('shows this week’s sessions by commune, the next week’s on demand, and a poster of the cycle', async () => {
    const user = userEvent.setup();
    const monday = weekStart(toDay(new Date()));
    const cycle = await createCycle(
      db,
      cycleInputSchema.parse({
        titre: 'Premiers pas',
        thematiques: ['prendre_en_main_du_materiel'],
        inscription: 'En mairie, 05 65 00 00 00',
      }),
    );
    const at = (date: string, commune: typeof GRAMAT, extra = {}) =>
      createSession(
        db,
        cycle.id,
        sessionInputSchema.parse({ date, debut: '14:00', fin: '16:00', commune, ...extra }),
      );
    await at(addDays(monday, 1), GRAMAT);
    await at(addDays(monday, 3), FIGEAC);
    await at(addDays(monday, 2), FIGEAC, { annulee: true });
    await at(addDays(monday, 8), GRAMAT);
    const router = createMemoryRouter(
      [
        { path: '/', element: <PlanningPage /> },
        { path: '/ateliers/:id/affiche', element: <PosterPage /> },
      ],
      { initialEntries: ['/'] },
    );
    render(<RouterProvider router={router} />);
    const figeac = await screen.findByRole('region', { name: 'Figeac' });
    expect(within(figeac).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('region', { name: 'Gramat' })).toHaveTextContent('Premiers pas');
    await user.click(screen.getByRole('button', { name: 'Semaine suivante' }));
    expect(await screen.findByRole('region', { name: 'Gramat' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Figeac' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Exporter le calendrier (iCal)' })).toBeInTheDocument();

    await router.navigate(`/ateliers/${cycle.id}/affiche`);
    const poster = await screen.findByRole('article');
    expect(poster).toHaveTextContent('Premiers pas');
    expect(poster).toHaveTextContent('En mairie, 05 65 00 00 00');
    expect(within(poster).getAllByRole('listitem')).toHaveLength(3);
  });
});
