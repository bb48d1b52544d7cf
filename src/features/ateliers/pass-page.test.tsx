// @vitest-environment jsdom
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SillonDB, useDatabase } from '../../data/db';
import { setIdentity } from '../../data/meta';
import { createCycle, createSession } from '../../data/workshops';
import { toDay } from '../../domain/dates';
import { cycleInputSchema, sessionInputSchema } from '../../domain/workshops';
import { PassPage } from './pass-page';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`pass-page-${n}-${Date.now()}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  setIdentity({});
  await db.delete();
});

describe('Pass Numérique page', () => {
  it('records a pass against a session, lists it to validate, validates then pays it, and refuses an expired one', async () => {
    const user = userEvent.setup();
    const today = toDay(new Date());
    const cycle = await createCycle(
      db,
      cycleInputSchema.parse({ titre: 'Premiers pas', thematiques: ['prendre_en_main_du_materiel'] }),
    );
    const session = await createSession(
      db,
      cycle.id,
      sessionInputSchema.parse({
        date: today,
        debut: '14:00',
        fin: '16:00',
        commune: { codeInsee: '46127', nom: 'Gramat', codePostal: '46500' },
      }),
    );
    render(<RouterProvider router={createMemoryRouter([{ path: '/', element: <PassPage /> }])} />);
    const code = await screen.findByRole('textbox', { name: /^Code du pass/ });
    await user.click(screen.getByRole('button', { name: 'Enregistrer le pass' }));
    expect(await screen.findByText('Veuillez renseigner le code du pass')).toBeInTheDocument();
    await user.type(code, 'APTIC-46001');
    await user.selectOptions(screen.getByRole('combobox', { name: /^Session d’atelier/ }), session.id);
    await user.click(screen.getByRole('button', { name: 'Enregistrer le pass' }));
    expect(await screen.findByText('Pass APTIC-46001 enregistré : à valider.')).toBeInTheDocument();
    const waiting = await screen.findByRole('list', { name: 'Pass à valider' });
    expect(waiting).toHaveTextContent('APTIC-46001');
    expect(waiting).toHaveTextContent('10 €');
    const stored = (await db.passes.toArray())[0]!;
    expect(stored).toMatchObject({
      code: 'APTIC-46001',
      valeur: 10,
      status: 'a_valider',
      sessionId: session.id,
    });
    expect((await db.outbox.toArray()).some((e) => e.table === 'passes')).toBe(true);

    await user.click(within(waiting).getByRole('button', { name: 'Valider le pass APTIC-46001' }));
    const owed = await screen.findByRole('list', { name: 'Validés, en attente de paiement' });
    await user.click(within(owed).getByRole('button', { name: 'Marquer payé le pass APTIC-46001' }));
    await screen.findByText('Aucun pass à valider.');
    expect((await db.passes.get(stored.id))?.status).toBe('paye');

    // A pass of a year long past is no longer accepted.
    await user.type(screen.getByRole('textbox', { name: /^Code du pass/ }), 'OLD-1');
    const year = screen.getByRole('spinbutton', { name: /^Année du pass/ });
    await user.clear(year);
    await user.type(year, String(Number(today.slice(0, 4)) - 2));
    await user.selectOptions(screen.getByRole('combobox', { name: /^Session d’atelier/ }), session.id);
    await user.click(screen.getByRole('button', { name: 'Enregistrer le pass' }));
    expect(await screen.findByText(/n’est accepté que jusqu’au 31 janvier/)).toBeInTheDocument();
    expect(await db.passes.count()).toBe(1);
  });
});
