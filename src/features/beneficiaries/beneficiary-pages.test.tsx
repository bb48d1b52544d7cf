import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { saveBeneficiary } from '../../data/beneficiaries';
import type { SillonDB } from '../../data/db';
import { saveRecord } from '../../data/records';
import type { Activity } from '../../domain/activity';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { forgetRemembered, handOff } from '../../ui/remembered-state';
import { NEW_FROM_QUERY } from './form-state';
import { freshDatabase, renderAt } from './test-utils';

let db: SillonDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(async () => {
  cleanup();
  // A memory router's first entry is always « default »: what a test searched must not carry over.
  forgetRemembered();
  await db.delete();
});

const schema = beneficiaryInputSchema();
const create = (fields: Record<string, unknown>) =>
  saveBeneficiary(db, undefined, schema.parse({ anonyme: false, ...fields }));

describe('beneficiary list', () => {
  it('lists alphabetically 50 at a time, and searches as the advisor types', async () => {
    const user = userEvent.setup({ delay: null });
    for (let i = 0; i < 55; i += 1) await create({ prenom: 'Jean', nom: `Nom${String(i).padStart(2, '0')}` });
    await create({ prenom: 'Zélie', nom: 'Arnal', telephone: '0565112233' });
    renderAt('/beneficiaires');
    expect(await screen.findByText('56 bénéficiaires')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Bénéficiaires' });
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(50));
    expect(within(list).getAllByRole('link')[0]).toHaveTextContent('Zélie ARNAL');
    await user.click(screen.getByRole('button', { name: 'Afficher plus' }));
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(56));
    expect(screen.queryByRole('button', { name: 'Afficher plus' })).not.toBeInTheDocument();

    const search = screen.getByRole('searchbox', { name: 'Rechercher un bénéficiaire' });
    await user.type(search, 'zelie');
    await waitFor(() => expect(screen.getAllByRole('link', { name: /ARNAL|NOM/ })).toHaveLength(1));
    expect(screen.getByTestId('list-status')).toHaveTextContent('1 résultat');
    await user.clear(search);
    await user.type(search, '05 65');
    await screen.findByRole('link', { name: /Zélie ARNAL/ });
    await user.clear(search);
    await user.type(search, 'dupuis');
    expect(await screen.findByText('Aucun bénéficiaire ne correspond à « dupuis ».')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Créer « dupuis »' })).toHaveAttribute(
      'href',
      '/beneficiaires/nouveau',
    );
  });

  it('keeps the search out of the address, and finds it again back from a fiche', async () => {
    const user = userEvent.setup({ delay: null });
    await create({ prenom: 'Zélie', nom: 'Arnal', telephone: '0565112233' });
    const { router } = renderAt('/beneficiaires');
    const search = await screen.findByRole('searchbox', { name: 'Rechercher un bénéficiaire' });
    await user.type(search, 'arnal');
    await user.click(await screen.findByRole('link', { name: /Zélie ARNAL/ }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Zélie ARNAL' })).toBeInTheDocument();
    const addresses = () => router.state.location.pathname + router.state.location.search;
    expect(addresses()).not.toMatch(/arnal/i);
    expect(JSON.stringify(router.state.location.state ?? null)).not.toMatch(/arnal/i);
    await router.navigate(-1);
    const back = await screen.findByRole('searchbox', { name: 'Rechercher un bénéficiaire' });
    await waitFor(() => expect(back).toHaveValue('arnal'));
    expect(await screen.findByRole('link', { name: /Zélie ARNAL/ })).toBeInTheDocument();
    expect(screen.getByTestId('list-status')).toHaveTextContent('1 résultat');
    expect(router.state.location.search).toBe('');

    // « Créer « … » » hands what was searched to the form, in memory only.
    await user.clear(back);
    await user.type(back, 'dupuis');
    await user.click(await screen.findByRole('link', { name: 'Créer « dupuis »' }));
    expect(await screen.findByRole('textbox', { name: /^Nom/ })).toHaveValue('dupuis');
    expect(addresses()).toBe('/beneficiaires/nouveau');
    expect(JSON.stringify(router.state.location.state)).not.toMatch(/dupuis/i);
  });

  it('a new form opened another way is not prefilled by an earlier search', async () => {
    handOff(NEW_FROM_QUERY, 'dupuis');
    renderAt('/beneficiaires/nouveau');
    expect(await screen.findByRole('textbox', { name: /^Nom/ })).toHaveValue('');
  });

  it('invites to create the first beneficiary when there is none', async () => {
    renderAt('/beneficiaires');
    expect(await screen.findByText('Aucun bénéficiaire enregistré pour le moment.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Enregistrer un premier bénéficiaire' })).toHaveAttribute(
      'href',
      '/beneficiaires/nouveau',
    );
  });
});

describe('beneficiary fiche', () => {
  it('shows the fields, the sessions, and deletes after confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    const b = await create({
      prenom: 'Louise',
      nom: 'Fabre',
      anneeNaissance: 1990,
      pasDeTelephone: true,
      commune: { codeInsee: '47001', nom: 'Agen', codePostal: '47000' },
      statutSocial: 'en_emploi',
    });
    const session = await saveRecord<Activity>(db, 'activities', undefined, {
      type: 'individuel',
      date: '2026-03-14',
      duree: 90,
      typeLieu: 'lieu_activite',
      thematiques: ['email'],
      materiel: [],
      beneficiaryIds: [b.id],
    });
    renderAt(`/beneficiaires/${b.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Louise FABRE' })).toBeInTheDocument();
    expect(screen.getByText('Pas de téléphone')).toBeInTheDocument();
    expect(screen.getByText('Agen (47000) · code INSEE 47001')).toBeInTheDocument();
    expect(screen.getByText('En emploi')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Nouvel accompagnement' })).toHaveAttribute(
      'href',
      `/activites/nouvelle/individuel?beneficiaire=${b.id}`,
    );
    const row = (await screen.findByRole('cell', { name: '14/03/2026' })).closest('tr')!;
    expect(row).toHaveTextContent('Accompagnement individuel');
    expect(row).toHaveTextContent('1h30');
    expect(within(row).getByRole('link')).toHaveAttribute('href', `/activites/${session.id}`);

    await user.click(screen.getByRole('button', { name: 'Supprimer' }));
    const dialog = screen.getByRole('dialog', { name: 'Supprimer ce bénéficiaire ?' });
    expect(dialog).toHaveTextContent('Vos statistiques ne seront pas impactées');
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect((await db.beneficiaries.get(b.id))?.deleted).toBeUndefined();

    await user.click(screen.getByRole('button', { name: 'Supprimer' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Supprimer' }));
    expect(await screen.findByText('Le bénéficiaire a été supprimé.')).toBeInTheDocument();
    const stored = await db.beneficiaries.get(b.id);
    expect(stored).toMatchObject({
      deleted: true,
      statutSocial: 'en_emploi',
      trancheAge: 'vingt_cinq_trente_neuf',
    });
    expect(stored?.nom).toBeUndefined();
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({ op: 'delete', recordId: b.id });
  });
});

describe('document titles', () => {
  it('the fiche and its edit form keep the name out of the document title (the browser history of a shared tablet)', async () => {
    const b = await create({ prenom: 'Louise', nom: 'Fabre', pasDeTelephone: true });
    renderAt(`/beneficiaires/${b.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Louise FABRE' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Fiche bénéficiaire · Sillon'));
    cleanup();
    renderAt(`/beneficiaires/${b.id}/modifier`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Modifier Louise FABRE' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Modifier un bénéficiaire · Sillon'));
    expect(document.title).not.toMatch(/Louise|FABRE/i);
  });
});
