import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { saveBeneficiary } from '../../data/beneficiaries';
import type { SillonDB } from '../../data/db';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { draftBackupKeys, readDraftBackup } from '../../data/drafts';
import { Announcer } from '../../ui/announcer';
import { freshDatabase, renderAt, serveCommunes } from './test-utils';

let db: SillonDB;
beforeEach(() => {
  db = freshDatabase();
  serveCommunes();
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await db.delete();
});

const field = (name: string | RegExp) => screen.getByRole('textbox', { name });

describe('beneficiary form', () => {
  it('shows La Coop’s messages next to prénom and nom and moves the focus to the first one', async () => {
    const user = userEvent.setup({ delay: null });
    renderAt('/beneficiaires/nouveau');
    await user.click(await screen.findByRole('button', { name: 'Enregistrer' }));
    const prenom = field(/^Prénom/);
    expect(prenom).toHaveAccessibleDescription('Veuillez renseigner un prénom');
    expect(field(/^Nom/)).toHaveAccessibleDescription('Veuillez renseigner un nom');
    expect(prenom).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(prenom).toHaveFocus());
    expect(await db.beneficiaries.count()).toBe(0);
  });

  it('refuses an invalid phone number and keeps everything typed', async () => {
    const user = userEvent.setup({ delay: null });
    renderAt('/beneficiaires/nouveau');
    await user.type(await screen.findByRole('textbox', { name: /^Prénom/ }), 'Lucie');
    await user.type(field(/^Nom/), 'Garrigues');
    await user.type(field(/^Téléphone/), '12 34');
    await user.type(field(/^E-mail/), 'lucie@exemple.fr');
    await user.type(field(/^Année de naissance/), '1961');
    await user.click(screen.getByRole('radio', { name: 'Féminin' }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(field(/^Téléphone/)).toHaveAccessibleDescription(
      expect.stringContaining('Veuillez renseigner un numéro de téléphone valide'),
    );
    await waitFor(() => expect(field(/^Téléphone/)).toHaveFocus());
    expect(field(/^Prénom/)).toHaveValue('Lucie');
    expect(field(/^Nom/)).toHaveValue('Garrigues');
    expect(field(/^Téléphone/)).toHaveValue('12 34');
    expect(field(/^E-mail/)).toHaveValue('lucie@exemple.fr');
    expect(field(/^Année de naissance/)).toHaveValue('1961');
    expect(screen.getByRole('radio', { name: 'Féminin' })).toBeChecked();
    expect(await db.beneficiaries.count()).toBe(0);
    // « Pas de téléphone » settles it: the form saves.
    await user.click(screen.getByRole('checkbox', { name: 'Pas de téléphone' }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(async () => expect(await db.beneficiaries.count()).toBe(1));
    const [saved] = await db.beneficiaries.toArray();
    expect(saved).toMatchObject({
      prenom: 'Lucie',
      pasDeTelephone: true,
      email: 'lucie@exemple.fr',
      genre: 'feminin',
    });
    expect(saved?.telephone).toBeUndefined();
  });

  it('after saving, gives the focus to the fiche’s heading once it is read, never to « Chargement… », and says it', async () => {
    const user = userEvent.setup({ delay: null });
    render(<Announcer />);
    renderAt('/beneficiaires/nouveau');
    await user.type(await screen.findByRole('textbox', { name: /^Prénom/ }), 'Lucie');
    await user.type(field(/^Nom/), 'Garrigues');
    await user.click(screen.getByRole('checkbox', { name: 'Pas de téléphone' }));
    // Every element that takes the focus from now on, with its text at that moment.
    const focused: string[] = [];
    const onFocus = (e: FocusEvent) =>
      focused.push(`${(e.target as HTMLElement).tagName} ${(e.target as HTMLElement).textContent}`);
    document.addEventListener('focusin', onFocus);
    try {
      await user.keyboard('{Enter}');
      const heading = await screen.findByRole('heading', { level: 1, name: 'Lucie GARRIGUES' });
      await waitFor(() => expect(heading).toHaveFocus());
      expect(focused).toEqual(['H1 Lucie GARRIGUES']);
      expect(screen.getByTestId('announcer')).toHaveTextContent('Bénéficiaire enregistré.');
      expect(screen.getByTestId('announcer')).toHaveAttribute('aria-live', 'polite');
    } finally {
      document.removeEventListener('focusin', onFocus);
    }
  });

  it('derives the tranche d’âge from the year, never typed', async () => {
    const user = userEvent.setup({ delay: null });
    renderAt('/beneficiaires/nouveau');
    const year = String(new Date().getFullYear() - 30);
    expect(await screen.findByTestId('tranche-age')).toHaveTextContent('Non communiqué');
    await user.type(field(/^Année de naissance/), year);
    expect(screen.getByTestId('tranche-age')).toHaveTextContent('25 - 39 ans');
    expect(screen.queryByRole('textbox', { name: /Tranche/ })).not.toBeInTheDocument();
  });

  it('restores the draft after the form is closed, and lets the advisor discard it', async () => {
    const user = userEvent.setup({ delay: null });
    const first = renderAt('/beneficiaires/nouveau');
    await user.type(await screen.findByRole('textbox', { name: /^Prénom/ }), 'Marcel');
    await user.type(field(/^Nom/), 'Couderc');
    await user.type(field(/^Notes/), 'Veut envoyer des photos');
    // The tab closes before the autosave delay: unmounting flushes the draft.
    first.unmount();
    await waitFor(async () =>
      expect((await db.drafts.get('beneficiary:new'))?.data).toMatchObject({
        prenom: 'Marcel',
        nom: 'Couderc',
      }),
    );
    const draft = await db.drafts.get('beneficiary:new');
    expect(draft).toMatchObject({ kind: 'beneficiary', path: '/beneficiaires/nouveau' });
    expect(draft?.title).toContain('Marcel COUDERC');

    renderAt('/beneficiaires/nouveau');
    expect(await screen.findByRole('heading', { name: 'Brouillon restauré' })).toBeInTheDocument();
    expect(field(/^Prénom/)).toHaveValue('Marcel');
    expect(field(/^Nom/)).toHaveValue('Couderc');
    expect(field(/^Notes/)).toHaveValue('Veut envoyer des photos');

    await user.click(screen.getByRole('button', { name: 'Abandonner le brouillon' }));
    await user.click(screen.getByRole('button', { name: 'Abandonner' }));
    await waitFor(() => expect(field(/^Prénom/)).toHaveValue(''));
    expect(screen.queryByRole('heading', { name: 'Brouillon restauré' })).not.toBeInTheDocument();
    expect(await db.drafts.get('beneficiary:new')).toBeUndefined();
  });

  it('restores what was typed when the page unloaded before the draft reached IndexedDB, and leaves nothing in localStorage', async () => {
    const user = userEvent.setup({ delay: null });
    renderAt('/beneficiaires/nouveau');
    await user.type(await screen.findByRole('textbox', { name: /^Prénom/ }), 'Odette');
    // Nothing personal is kept in localStorage while the form is open.
    expect(draftBackupKeys()).toEqual([]);
    // The tab is killed right after the keystroke: pagehide copies the draft synchronously, and
    // the debounced IndexedDB write never happens.
    window.dispatchEvent(new Event('pagehide'));
    const [key] = draftBackupKeys();
    // Sealed with the account's key (src/data/crypto): the name is not in Local Storage.
    expect(localStorage.getItem(key!)).not.toContain('Odette');
    expect(readDraftBackup(db.name, 'beneficiary:new')).toMatchObject({
      id: 'beneficiary:new',
      data: { prenom: 'Odette' },
    });
    const copy = localStorage.getItem(key!);
    cleanup();
    await db.drafts.clear();
    localStorage.setItem(key!, copy!);

    renderAt('/beneficiaires/nouveau');
    expect(await screen.findByRole('heading', { name: 'Brouillon restauré' })).toBeInTheDocument();
    expect(field(/^Prénom/)).toHaveValue('Odette');
    // The copy moved to IndexedDB (the home page offers to resume it) and left localStorage.
    expect((await db.drafts.get('beneficiary:new'))?.data).toMatchObject({ prenom: 'Odette' });
    expect(draftBackupKeys()).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Annuler' }));
    await waitFor(async () => expect(await db.drafts.get('beneficiary:new')).toBeUndefined());
    expect(draftBackupKeys()).toEqual([]);
  });

  it('saves with a commune chosen offline, deletes the draft and opens the fiche', async () => {
    const user = userEvent.setup({ delay: null });
    const { router } = renderAt('/beneficiaires/nouveau');
    await user.type(await screen.findByRole('textbox', { name: /^Prénom/ }), 'Jeanne');
    await user.type(field(/^Nom/), 'Delmas');
    await user.type(field(/^Téléphone/), '06 11 22 33 44');
    await user.type(screen.getByRole('combobox', { name: /Commune de résidence/ }), 'cahors');
    await user.click(await screen.findByRole('option', { name: 'Cahors (46000)' }));
    await act(() => new Promise((r) => setTimeout(r, 500)));
    expect(await db.drafts.get('beneficiary:new')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByRole('heading', { level: 1, name: 'Jeanne DELMAS' });
    const [saved] = await db.beneficiaries.toArray();
    expect(router.state.location.pathname).toBe(`/beneficiaires/${saved!.id}`);
    expect(saved).toMatchObject({
      telephone: '+33611223344',
      commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
      trancheAge: 'non_communique',
    });
    expect(await db.drafts.count()).toBe(0);
    expect(screen.getByText('Cahors (46000) · code INSEE 46042')).toBeInTheDocument();
  });

  it('refuses a commune typed but not chosen in the list', async () => {
    const user = userEvent.setup({ delay: null });
    renderAt('/beneficiaires/nouveau');
    await user.type(await screen.findByRole('textbox', { name: /^Prénom/ }), 'Anne');
    await user.type(field(/^Nom/), 'Vialard');
    const commune = screen.getByRole('combobox', { name: /Commune de résidence/ });
    await user.type(commune, 'figea');
    await screen.findByRole('option', { name: 'Figeac (46100)' });
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(commune).toHaveAccessibleDescription(
      expect.stringContaining('Veuillez choisir une commune dans la liste, ou effacer le champ'),
    );
    await waitFor(() => expect(commune).toHaveFocus());
    expect(await db.beneficiaries.count()).toBe(0);
    await user.type(commune, 'c');
    await user.click(await screen.findByRole('option', { name: 'Figeac (46100)' }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByRole('heading', { level: 1, name: 'Anne VIALARD' });
  });

  it('warns of a duplicate while typing, with a link to it', async () => {
    const user = userEvent.setup({ delay: null });
    const existing = await saveBeneficiary(
      db,
      undefined,
      beneficiaryInputSchema().parse({
        anonyme: false,
        prenom: 'Élise',
        nom: 'Bécaud',
        anneeNaissance: 1970,
      }),
    );
    renderAt('/beneficiaires/nouveau');
    await user.type(await screen.findByRole('textbox', { name: /^Prénom/ }), 'elise');
    await user.type(field(/^Nom/), 'BECAUD');
    const link = await screen.findByRole('link', { name: 'Voir la fiche de Élise BÉCAUD' });
    expect(link).toHaveAttribute('href', `/beneficiaires/${existing.id}`);
    await user.type(field(/^Année de naissance/), '1985');
    await waitFor(() =>
      expect(screen.queryByRole('link', { name: /Voir la fiche/ })).not.toBeInTheDocument(),
    );
  });

  it('edits a beneficiary: prefilled, only the changes travel', async () => {
    const user = userEvent.setup({ delay: null });
    const b = await saveBeneficiary(
      db,
      undefined,
      beneficiaryInputSchema().parse({
        anonyme: false,
        prenom: 'Paul',
        nom: 'Salvat',
        telephone: '0612345678',
      }),
    );
    renderAt(`/beneficiaires/${b.id}/modifier`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Modifier Paul SALVAT' }),
    ).toBeInTheDocument();
    expect(field(/^Téléphone/)).toHaveValue('06 12 34 56 78');
    await user.type(field(/^Adresse/), '2 place Chapou');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByRole('heading', { level: 1, name: 'Paul SALVAT' });
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(2);
    expect(entries[1]?.patch).toEqual({ adresse: '2 place Chapou' });
  });

  it('records an anonymous beneficiary without a name', async () => {
    const user = userEvent.setup({ delay: null });
    renderAt('/beneficiaires/nouveau');
    await user.click(await screen.findByRole('radio', { name: 'Bénéficiaire anonyme' }));
    expect(screen.queryByRole('textbox', { name: /^Prénom/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Retraité' }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByRole('heading', { level: 1, name: 'Bénéficiaire anonyme' });
    const [saved] = await db.beneficiaries.toArray();
    expect(saved).toMatchObject({ anonyme: true, statutSocial: 'retraite' });
    expect(saved?.nom).toBeUndefined();
  });
});
