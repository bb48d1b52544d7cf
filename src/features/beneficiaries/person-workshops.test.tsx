// @vitest-environment jsdom
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { saveBeneficiary } from '../../data/beneficiaries';
import { SillonDB, useDatabase } from '../../data/db';
import {
  cancelSession,
  createCycle,
  createSession,
  register,
  sessionFieldsOf,
  updateSession,
} from '../../data/workshops';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { cycleInputSchema, sessionInputSchema } from '../../domain/workshops';
import { PersonWorkshops } from './person-workshops';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`person-workshops-${n}-${Date.now()}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const GRAMAT = { codeInsee: '46127', nom: 'Gramat', codePostal: '46500' };

describe('the workshops on a person’s page', () => {
  it('lists the sessions she is registered for, moved and cancelled ones saying so', async () => {
    const cycle = await createCycle(
      db,
      cycleInputSchema.parse({ titre: 'Premiers pas', thematiques: ['prendre_en_main_du_materiel'] }),
    );
    const at = (date: string, debut = '14:00', fin = '16:00') =>
      sessionInputSchema.parse({ date, debut, fin, commune: GRAMAT });
    const first = await createSession(db, cycle.id, at('2026-03-02'));
    const second = await createSession(db, cycle.id, at('2026-03-09'));
    const jeanne = await saveBeneficiary(
      db,
      undefined,
      beneficiaryInputSchema().parse({ anonyme: false, prenom: 'Jeanne', nom: 'Durand' }),
    );
    await register(db, cycle.id, jeanne.id);
    await updateSession(db, first.id, at('2026-03-03', '10:00', '12:00'), {
      version: 0,
      values: sessionFieldsOf(at('2026-03-02')),
    });
    await cancelSession(db, second.id);
    render(
      <RouterProvider
        router={createMemoryRouter([{ path: '/', element: <PersonWorkshops id={jeanne.id} /> }])}
      />,
    );
    const list = await screen.findByRole('list', { name: 'Ateliers à venir' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(
      'Premiers pas · 3 mars 2026, 10:00–12:00 · Session déplacée du 2 mars 2026, 14:00–16:00 au 3 mars 2026, 10:00–12:00',
    );
    expect(items[1]).toHaveTextContent('Premiers pas · 9 mars 2026, 14:00–16:00 · Session annulée');
    expect(within(items[0]!).getByRole('link', { name: 'Voir le cycle « Premiers pas »' })).toHaveAttribute(
      'href',
      `/ateliers/${cycle.id}`,
    );
  });
});
