import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { saveBeneficiary } from '../../data/beneficiaries';
import { SillonDB, useDatabase } from '../../data/db';
import { setIdentity } from '../../data/meta';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { PrivacySection, MaybePrivacySection } from './privacy-section';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`privacy-${n}-${Date.now()}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  setIdentity({});
  await db.delete();
});

const DAY = 86_400_000;
const person = (prenom: string, nom: string, daysAgo: number) =>
  saveBeneficiary(
    db,
    undefined,
    beneficiaryInputSchema().parse({ anonyme: false, prenom, nom }),
    new Date(Date.now() - daysAgo * DAY),
  );

const renderSection = (element = <PrivacySection />) =>
  render(<RouterProvider router={createMemoryRouter([{ path: '/', element }])} />);

describe('settings: Données personnelles (RGPD)', () => {
  it('lists the fiches due within 30 days and keeps one with « Conserver »', async () => {
    const user = userEvent.setup();
    const old = await person('Jeanne', 'Durand', 350);
    await person('Paul', 'Roche', 200);
    await saveBeneficiary(
      db,
      undefined,
      beneficiaryInputSchema().parse({ anonyme: true }),
      new Date(Date.now() - 400 * DAY),
    );
    renderSection();
    const list = await screen.findByRole('list', { name: 'Anonymisées dans les 30 prochains jours' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list).toHaveTextContent('Jeanne DURAND');
    expect(list).toHaveTextContent('Anonymisation prévue le');
    await user.click(within(list).getByRole('button', { name: 'Conserver la fiche de Jeanne DURAND' }));
    expect(await screen.findByText('Fiche de Jeanne DURAND conservée un an de plus.')).toBeInTheDocument();
    expect(
      await screen.findByText('Aucune fiche ne sera anonymisée dans les 30 prochains jours.'),
    ).toBeInTheDocument();
    const last = (await db.outbox.toArray()).at(-1);
    expect(last).toMatchObject({ table: 'beneficiaries', recordId: old.id });
    expect(Object.keys(last!.patch)).toEqual(['keptAt']);
  });

  it('saves the structure’s delay for signed agreements, refusing what is not a number of months', async () => {
    const user = userEvent.setup();
    renderSection();
    const input = await screen.findByRole('spinbutton', { name: /Conventions de prêt signées/ });
    expect(input).toHaveValue(3);
    await user.clear(input);
    await user.type(input, '200');
    await user.click(screen.getByRole('button', { name: 'Enregistrer la durée' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('entre 0 et 120');
    await user.clear(input);
    await user.type(input, '6');
    await user.click(screen.getByRole('button', { name: 'Enregistrer la durée' }));
    expect(await screen.findByText('Durée enregistrée.')).toBeInTheDocument();
    await waitFor(async () =>
      expect((await db.settings.toArray())[0]).toMatchObject({ agreementRetentionMonths: 6 }),
    );
  });

  it('saves the structure’s idle time before the lock, 10 minutes by default, 1 to 60', async () => {
    const user = userEvent.setup();
    renderSection();
    const input = await screen.findByRole('spinbutton', { name: /Verrouillage des tablettes après/ });
    expect(input).toHaveValue(10);
    await user.clear(input);
    await user.type(input, '0');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le délai' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('entre 1 et 60');
    await user.clear(input);
    await user.type(input, '5');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le délai' }));
    expect(await screen.findByText(/Délai de verrouillage enregistré/)).toBeInTheDocument();
    await waitFor(async () => expect((await db.settings.toArray())[0]).toMatchObject({ lockIdleMinutes: 5 }));
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({ table: 'settings' });
  });

  it('is a coordinateur’s only', async () => {
    setIdentity({ role: 'conseiller', userId: 'u1' });
    renderSection(<MaybePrivacySection />);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('heading', { name: 'Données personnelles (RGPD)' })).not.toBeInTheDocument();
  });
});
