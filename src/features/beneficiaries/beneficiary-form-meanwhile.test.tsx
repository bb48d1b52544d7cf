// The beneficiary form when the record changes underneath: a pull while the form is open, and a
// draft resumed after a colleague's change. Only what the advisor changed travels, against the
// version she saw, and she sees (and decides) what a colleague changed.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { saveBeneficiary } from '../../data/beneficiaries';
import type { SillonDB } from '../../data/db';
import { draftBackupKeys, saveDraft } from '../../data/drafts';
import { beneficiaryInputSchema, type Beneficiary } from '../../domain/beneficiary';
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

/** A synced beneficiary at server version 3, nothing left in the outbox. */
const synced = async (): Promise<Beneficiary> => {
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
  await db.outbox.clear();
  await db.beneficiaries.update(b.id, { serverVersion: 3 });
  return (await db.beneficiaries.get(b.id))!;
};

/** What a pull writes: the colleague's state at a newer server version. */
const pulled = (b: Beneficiary, changes: Partial<Beneficiary>, version: number) =>
  db.beneficiaries.put({ ...(b as Beneficiary), ...changes, serverVersion: version });

describe('beneficiary form, changed meanwhile', () => {
  it('takes a colleague’s pulled phone into the open form and sends only the notes, against the new version', async () => {
    const user = userEvent.setup({ delay: null });
    const b = await synced();
    renderAt(`/beneficiaires/${b.id}/modifier`);
    expect(await screen.findByRole('textbox', { name: /^Téléphone/ })).toHaveValue('06 12 34 56 78');
    await user.type(field(/^Notes/), 'Rappeler lundi');
    await pulled(b, { telephone: '+33755443322' }, 4);

    const review = await screen.findByTestId('changed-meanwhile');
    expect(within(review).getByTestId('theirs-telephone')).toHaveTextContent('07 55 44 33 22');
    expect(within(review).getByTestId('mine-telephone')).toHaveTextContent('06 12 34 56 78');
    await waitFor(() => expect(field(/^Téléphone/)).toHaveValue('07 55 44 33 22'));
    expect(field(/^Notes/)).toHaveValue('Rappeler lundi');

    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByRole('heading', { level: 1, name: 'Paul SALVAT' });
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ patch: { notes: 'Rappeler lundi' }, baseVersion: 4 });
    expect(await db.beneficiaries.get(b.id)).toMatchObject({
      telephone: '+33755443322',
      notes: 'Rappeler lundi',
    });
  });

  it('she may keep the phone she saw: sent as her own edit, against the version she reviewed', async () => {
    const user = userEvent.setup({ delay: null });
    const b = await synced();
    renderAt(`/beneficiaires/${b.id}/modifier`);
    await user.type(await screen.findByRole('textbox', { name: /^Notes/ }), 'Rappeler lundi');
    await pulled(b, { telephone: '+33755443322' }, 4);
    await screen.findByTestId('changed-meanwhile');
    // She keeps the phone she saw: a conscious choice, sent against the version she reviewed.
    await user.click(screen.getByRole('button', { name: 'Garder la mienne' }));
    expect(field(/^Téléphone/)).toHaveValue('06 12 34 56 78');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByRole('heading', { level: 1, name: 'Paul SALVAT' });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      patch: { notes: 'Rappeler lundi', telephone: '+33612345678' },
      baseVersion: 4,
    });
  });

  it('a resumed draft shows what a colleague changed since it was written, and waits for her choice on a field both changed', async () => {
    const user = userEvent.setup({ delay: null });
    const b = await synced();
    // Her draft, written days ago against version 3: she had changed the phone and the notes.
    await saveDraft(db, {
      id: `beneficiary:${b.id}`,
      kind: 'beneficiary',
      path: `/beneficiaires/${b.id}/modifier`,
      title: 'Modification du bénéficiaire Paul SALVAT',
      data: { telephone: '06 99 88 77 66', notes: 'Nouveau numéro ?' },
      base: { version: 3, record: { ...b } },
    });
    // Meanwhile a colleague changed the phone and the address (version 5).
    await pulled(b, { telephone: '+33755443322', adresse: '2 place Chapou' }, 5);

    renderAt(`/beneficiaires/${b.id}/modifier`);
    const review = await screen.findByTestId('changed-meanwhile');
    expect(screen.getByRole('heading', { name: 'Brouillon restauré' })).toBeInTheDocument();
    const phone = review.querySelector('[data-field="telephone"]') as HTMLElement;
    expect(phone).toHaveTextContent('Vous l’aviez modifié aussi');
    expect(within(phone).getByTestId('theirs-telephone')).toHaveTextContent('07 55 44 33 22');
    expect(within(phone).getByTestId('mine-telephone')).toHaveTextContent('06 99 88 77 66');
    const address = review.querySelector('[data-field="adresse"]') as HTMLElement;
    expect(within(address).getByTestId('theirs-adresse')).toHaveTextContent('2 place Chapou');
    // Untouched by her, the address takes theirs; the phone keeps hers until she chooses.
    expect(field(/^Adresse/)).toHaveValue('2 place Chapou');
    expect(field(/^Téléphone/)).toHaveValue('06 99 88 77 66');

    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText(/Choisissez d’abord/)).toBeInTheDocument();
    expect(await db.outbox.count()).toBe(0);

    await user.click(within(phone).getByRole('button', { name: 'Prendre la sienne' }));
    expect(field(/^Téléphone/)).toHaveValue('07 55 44 33 22');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByRole('heading', { level: 1, name: 'Paul SALVAT' });
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ patch: { notes: 'Nouveau numéro ?' }, baseVersion: 5 });
    expect(await db.beneficiaries.get(b.id)).toMatchObject({
      telephone: '+33755443322',
      adresse: '2 place Chapou',
      notes: 'Nouveau numéro ?',
    });
    expect(await db.drafts.count()).toBe(0);
    expect(draftBackupKeys()).toEqual([]);
  });

  it('a draft keeps its base: resumed after a pull, her untouched fields never travel', async () => {
    const user = userEvent.setup({ delay: null });
    const b = await synced();
    const first = renderAt(`/beneficiaires/${b.id}/modifier`);
    await user.type(await screen.findByRole('textbox', { name: /^Notes/ }), 'Aide CAF');
    first.unmount();
    await waitFor(async () => expect((await db.drafts.get(`beneficiary:${b.id}`))?.base?.version).toBe(3));
    await pulled(b, { telephone: '+33755443322' }, 6);

    renderAt(`/beneficiaires/${b.id}/modifier`);
    await screen.findByTestId('changed-meanwhile');
    await waitFor(() => expect(field(/^Téléphone/)).toHaveValue('07 55 44 33 22'));
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByRole('heading', { level: 1, name: 'Paul SALVAT' });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ patch: { notes: 'Aide CAF' }, baseVersion: 6 });
  });
});
