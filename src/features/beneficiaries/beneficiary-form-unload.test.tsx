// The unload copy (localStorage) holds personal data only as long as it must: written only when
// the page hides while the IndexedDB draft is behind, without the base the stored draft already
// holds, and removed when the page comes back from the back-forward cache.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { saveBeneficiary } from '../../data/beneficiaries';
import type { Draft, SillonDB } from '../../data/db';
import { adoptDraftBackups, draftBackupKeys, readDraftBackup, writeDraftBackup } from '../../data/drafts';
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
  localStorage.clear();
  await db.delete();
});

const notes = () => screen.getByRole('textbox', { name: /^Notes/ });

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

const pageShow = (persisted: boolean) => {
  const event = new Event('pageshow');
  Object.defineProperty(event, 'persisted', { value: persisted });
  window.dispatchEvent(event);
};

describe('the unload copy of a draft', () => {
  it('is not written when the IndexedDB draft already holds what was typed', async () => {
    const user = userEvent.setup({ delay: null });
    renderAt('/beneficiaires/nouveau');
    await user.type(await screen.findByRole('textbox', { name: /^Prénom/ }), 'Odette');
    await waitFor(async () =>
      expect((await db.drafts.get('beneficiary:new'))?.data).toMatchObject({ prenom: 'Odette' }),
    );
    window.dispatchEvent(new Event('pagehide'));
    expect(draftBackupKeys()).toEqual([]);
  });

  it('leaves out the base the stored draft holds; adopted, the draft keeps that base', async () => {
    const user = userEvent.setup({ delay: null });
    const b = await synced();
    const id = `beneficiary:${b.id}`;
    renderAt(`/beneficiaires/${b.id}/modifier`);
    await user.type(await screen.findByRole('textbox', { name: /^Notes/ }), 'Aide');
    await waitFor(async () => expect((await db.drafts.get(id))?.data).toMatchObject({ notes: 'Aide' }));
    expect((await db.drafts.get(id))?.base).toMatchObject({ version: 3, record: { prenom: 'Paul' } });
    await user.type(notes(), ' CAF');
    window.dispatchEvent(new Event('pagehide'));
    const [key] = draftBackupKeys();
    expect(localStorage.getItem(key!)).not.toContain('CAF');
    const copy = readDraftBackup(db.name, id)! as unknown as Record<string, unknown> & Draft;
    expect(copy).toMatchObject({ id, data: { notes: 'Aide CAF' } });
    expect(copy).not.toHaveProperty('base');

    // The tab is killed: the IndexedDB draft is the one before « CAF »; the copy is adopted over it.
    cleanup();
    await waitFor(async () => expect((await db.drafts.get(id))?.data).toMatchObject({ notes: 'Aide CAF' }));
    await db.drafts.update(id, {
      data: { ...copy.data!, notes: 'Aide' },
      updatedAt: '2000-01-01T00:00:00.000Z',
    });
    writeDraftBackup(db.name, copy);
    await adoptDraftBackups(db);
    expect(await db.drafts.get(id)).toMatchObject({
      data: { notes: 'Aide CAF' },
      base: { version: 3, record: { prenom: 'Paul' } },
    });
    expect(draftBackupKeys()).toEqual([]);
  });

  it('is removed when the page comes back from the back-forward cache', async () => {
    const user = userEvent.setup({ delay: null });
    renderAt('/beneficiaires/nouveau');
    await user.type(await screen.findByRole('textbox', { name: /^Prénom/ }), 'Odette');
    window.dispatchEvent(new Event('pagehide'));
    expect(draftBackupKeys()).toHaveLength(1);
    pageShow(false);
    expect(draftBackupKeys()).toHaveLength(1);
    pageShow(true);
    expect(draftBackupKeys()).toEqual([]);
    await waitFor(async () =>
      expect((await db.drafts.get('beneficiary:new'))?.data).toMatchObject({ prenom: 'Odette' }),
    );
  });
});
