import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createActivity } from '../../data/activities';
import { saveBeneficiary } from '../../data/beneficiaries';
import type { SillonDB } from '../../data/db';
import { activityInputSchema } from '../../domain/activity';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { freshDatabase, renderAt } from './test-utils';

let db: SillonDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const create = (fields: Record<string, unknown>) =>
  saveBeneficiary(db, undefined, beneficiaryInputSchema().parse({ anonyme: false, ...fields }));

describe('« Fusionner deux fiches »', () => {
  it('is linked from the duplicate warning, offers each differing field, and merges once confirmed', async () => {
    const user = userEvent.setup({ delay: null });
    const kept = await create({ prenom: 'Alice', nom: 'Martin', telephone: '0612345678' });
    const other = await create({
      prenom: 'Alice',
      nom: 'Martin',
      anneeNaissance: 1950,
      telephone: '0565112233',
    });
    const s1 = await createActivity(
      db,
      activityInputSchema.parse({
        type: 'individuel',
        date: '2026-03-02',
        duree: 30,
        typeLieu: 'a_distance',
        thematiques: ['email'],
        beneficiaryIds: [other.id],
      }),
    );

    // The duplicate warning of the other's edit form links to the merge into the kept fiche.
    const view = renderAt(`/beneficiaires/${other.id}/modifier`);
    const link = await screen.findByRole('link', { name: 'Fusionner avec la fiche de Alice MARTIN' });
    expect(link).toHaveAttribute('href', `/beneficiaires/${kept.id}/fusionner/${other.id}`);
    view.unmount();
    // So does the warning on the kept fiche itself.
    const fiche = renderAt(`/beneficiaires/${kept.id}`);
    expect(
      await screen.findByRole('link', { name: 'Fusionner avec la fiche de Alice MARTIN' }),
    ).toHaveAttribute('href', `/beneficiaires/${kept.id}/fusionner/${other.id}`);
    fiche.unmount();

    const { router } = renderAt(`/beneficiaires/${kept.id}/fusionner/${other.id}`);
    expect(await screen.findByText(/1 accompagnement et 0 prêt de la fiche supprimée/)).toBeInTheDocument();
    const phone = screen.getByRole('group', { name: 'Téléphone' });
    expect(within(phone).getByRole('radio', { name: 'Garder : 06 12 34 56 78' })).toBeChecked();
    const year = screen.getByRole('group', { name: 'Année de naissance' });
    // La Coop's choice: the kept fiche has no year, the other's stays.
    expect(within(year).getByRole('radio', { name: 'Prendre : 1950' })).toBeChecked();
    expect(screen.queryByRole('group', { name: 'Nom' })).not.toBeInTheDocument();
    await user.click(within(phone).getByRole('radio', { name: 'Prendre : 05 65 11 22 33' }));
    await user.click(screen.getByRole('button', { name: 'Fusionner les deux fiches' }));
    const dialog = await screen.findByRole('dialog', { hidden: true });
    await user.click(within(dialog).getByRole('button', { name: 'Fusionner les deux fiches', hidden: true }));

    await waitFor(async () => expect((await db.beneficiaries.get(other.id))?.deleted).toBe(true));
    expect(await db.beneficiaries.get(kept.id)).toMatchObject({
      telephone: '+33565112233',
      anneeNaissance: 1950,
    });
    expect((await db.activities.get(s1.id))?.beneficiaryIds).toEqual([kept.id]);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/beneficiaires/${kept.id}`));
  });
});
