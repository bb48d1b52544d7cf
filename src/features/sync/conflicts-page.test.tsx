import { cleanup, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { createActivity } from '../../data/activities';
import { saveBeneficiary } from '../../data/beneficiaries';
import { getDb } from '../../data/db';
import { createLieu } from '../../data/lieux';
import { setMeta } from '../../data/meta';
import type { StoredConflict } from '../../data/sync/apply';
import { MEMBERS_KEY } from '../../data/sync/members';
import { SESSION_KEY, loadIdentity } from '../../data/sync/session';
import { ConflictsPage } from './conflicts-page';

const person = (input: Record<string, unknown>) => beneficiaryInputSchema().parse(input);

const renderPage = () =>
  render(
    <RouterProvider
      router={createMemoryRouter([
        { path: '/', element: <ConflictsPage /> },
        { path: '/beneficiaires/:id', element: <p>Fiche ouverte</p> },
      ])}
    />,
  );

let n = 0;
const conflict = (over: Partial<StoredConflict>): StoredConflict => ({
  id: `0190a0a0-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  table: 'beneficiaries',
  recordId: '',
  field: 'telephone',
  keptValue: null,
  lostValue: null,
  detectedAt: '2026-03-02T09:30:00.000Z',
  ...over,
});

describe('a conflict card shows values as the rest of the app does', () => {
  beforeEach(async () => {
    const db = getDb();
    await Promise.all(db.tables.map((t) => t.clear()));
    await setMeta(db, SESSION_KEY, {
      token: 'x'.repeat(43),
      user: {
        userId: 'u-lea',
        name: 'Léa',
        email: 'lea@ex.fr',
        role: 'conseiller',
        structureId: 's1',
        structureName: 'S',
      },
      signedInAt: new Date().toISOString(),
    });
    await setMeta(db, MEMBERS_KEY, {
      at: new Date().toISOString(),
      names: { 'u-lea': 'Léa Martin', 'u-marc': 'Marc Petit' },
    });
    await loadIdentity(db);
  });
  afterEach(cleanup);

  it('formats phones, codes and names, names the colleague, and links to the record', async () => {
    const db = getDb();
    const jeanne = await saveBeneficiary(
      db,
      undefined,
      person({
        anonyme: false,
        prenom: 'Jeanne',
        nom: 'Durand',
        genre: 'feminin',
      }),
    );
    await db.conflicts.bulkPut([
      conflict({
        recordId: jeanne.id,
        keptValue: '+33755443322',
        lostValue: '+33611223344',
        keptBy: 'u-marc',
        lostBy: 'u-lea',
      }),
      conflict({
        recordId: jeanne.id,
        field: 'genre',
        keptValue: 'masculin',
        lostValue: 'feminin',
        keptBy: 'u-lea',
        lostBy: 'u-zoe',
      }),
    ]);
    renderPage();
    const [phone, genre] = await screen.findAllByTestId('conflict');
    expect(within(phone!).getByRole('heading')).toHaveTextContent('Bénéficiaire · Jeanne DURAND');
    expect(within(phone!).getByTestId('kept-value')).toHaveTextContent('07 55 44 33 22 (par Marc Petit)');
    expect(within(phone!).getByTestId('lost-value')).toHaveTextContent('06 11 22 33 44 (par vous)');
    expect(within(genre!).getByText('Genre')).toBeInTheDocument();
    expect(within(genre!).getByTestId('kept-value')).toHaveTextContent('Masculin (par vous)');
    // Someone the tablet has not heard of yet.
    expect(within(genre!).getByTestId('lost-value')).toHaveTextContent('Féminin (par un·e collègue)');
    const link = within(phone!).getByRole('link', { name: 'Ouvrir la fiche : Jeanne DURAND' });
    expect(link).toHaveAttribute('href', `/beneficiaires/${jeanne.id}`);
  });

  it('shows an activity’s lieu, date, durée and thématiques by their labels', async () => {
    const db = getDb();
    const mairie = await createLieu(db, { nom: 'Mairie de Gramat' });
    const mediatheque = await createLieu(db, { nom: 'Médiathèque de Figeac' });
    const activity = await createActivity(db, {
      type: 'individuel',
      date: '2026-03-02',
      duree: 90,
      typeLieu: 'lieu_activite',
      lieuId: mairie.id,
      thematiques: ['email'],
      materiel: [],
      beneficiaryIds: [],
    } as never);
    await db.conflicts.bulkPut([
      conflict({
        table: 'activities',
        recordId: activity.id,
        field: 'lieuId',
        keptValue: mairie.id,
        lostValue: mediatheque.id,
      }),
      conflict({ table: 'activities', recordId: activity.id, field: 'duree', keptValue: 90, lostValue: 45 }),
      conflict({
        table: 'activities',
        recordId: activity.id,
        field: 'date',
        keptValue: '2026-03-02',
        lostValue: '2026-03-01',
      }),
    ]);
    renderPage();
    const cards = await screen.findAllByTestId('conflict');
    const text = cards.map(
      (c) =>
        within(c).getByTestId('kept-value').textContent +
        ' / ' +
        within(c).getByTestId('lost-value').textContent,
    );
    expect(text.join('\n')).toMatch(/Mairie de Gramat .* \/ Médiathèque de Figeac/);
    expect(text.join('\n')).toMatch(/1h30 .* \/ 45mn/);
    expect(text.join('\n')).toMatch(/2 mars 2026 .* \/ 1 mars 2026/);
    expect(within(cards[0]!).getByRole('heading')).toHaveTextContent(
      'Activité · Accompagnement individuel · 2 mars 2026',
    );
  });

  it('summarises a deleted record kept for restoring, without a link to a page that is gone', async () => {
    const db = getDb();
    const b = await saveBeneficiary(db, undefined, person({ anonyme: false, prenom: 'Paul', nom: 'Roche' }));
    await db.beneficiaries.update(b.id, { deleted: true });
    await db.conflicts.put(
      conflict({
        recordId: b.id,
        field: 'deleted',
        keptValue: true,
        lostValue: { genre: 'masculin', statutSocial: 'retraite', anneeNaissance: 1950, anonyme: true },
        keptBy: 'u-marc',
      }),
    );
    renderPage();
    const card = await screen.findByTestId('conflict');
    expect(within(card).getByTestId('lost-value')).toHaveTextContent(
      'Genre : Masculin · Statut social : Retraité · Année de naissance : 1950 · Anonyme : Oui',
    );
    expect(within(card).getByTestId('kept-value')).toHaveTextContent('supprimée (par Marc Petit)');
    expect(within(card).queryByRole('link')).toBeNull();
  });
});
