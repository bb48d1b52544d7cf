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
  signPresence,
  updateSession,
} from '../../data/workshops';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { cycleInputSchema, sessionInputSchema, type SessionInput } from '../../domain/workshops';
import { CallList } from './call-list';
import { atelierRoutes } from './routes';
import { useSessionDetails } from './use-workshops';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`session-changes-${n}-${Date.now()}`));
  await db.open();
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const GRAMAT = { codeInsee: '46127', nom: 'Gramat', codePostal: '46500' };
const slot = (date: string, debut: string, fin: string): SessionInput =>
  sessionInputSchema.parse({ date, debut, fin, commune: GRAMAT, capacite: 8 });
const renderAt = (path: string) =>
  render(<RouterProvider router={createMemoryRouter(atelierRoutes, { initialEntries: [path] })} />);

const CallListOf = ({ sessionId }: { sessionId: string }) => {
  const data = useSessionDetails(sessionId);
  return data ? <CallList data={data} readOnly={false} /> : null;
};

const seed = async () => {
  const cycle = await createCycle(
    db,
    cycleInputSchema.parse({ titre: 'Premiers pas', thematiques: ['prendre_en_main_du_materiel'] }),
  );
  const planned = slot('2026-03-02', '14:00', '16:00');
  const session = await createSession(db, cycle.id, planned);
  const jeanne = await saveBeneficiary(
    db,
    undefined,
    beneficiaryInputSchema().parse({ anonyme: false, prenom: 'Jeanne', nom: 'Durand' }),
  );
  await register(db, cycle.id, jeanne.id);
  return { cycle, session, planned, jeanne };
};

describe('a session moved, cancelled, or spanning two half-days', () => {
  it('tells the registered people « déplacée du … au … », then « annulée »; back to its slot, nothing', async () => {
    const { session, planned } = await seed();
    const moved = slot('2026-03-09', '10:00', '12:00');
    await updateSession(db, session.id, moved, { version: 0, values: sessionFieldsOf(planned) });
    expect((await db.cycleSessions.get(session.id))?.deplaceeDe).toEqual({
      date: '2026-03-02',
      debut: '14:00',
      fin: '16:00',
    });
    // Moved again: still from the slot first announced.
    const later = slot('2026-03-09', '10:00', '12:30');
    await updateSession(db, session.id, later, { version: 0, values: sessionFieldsOf(moved) });
    renderAt(`/ateliers/session/${session.id}/liste`);
    expect(
      await screen.findByText('Session déplacée du 2 mars 2026, 14:00–16:00 au 9 mars 2026, 10:00–12:30'),
    ).toBeInTheDocument();
    await cancelSession(db, session.id);
    expect(await screen.findByText('Session annulée')).toBeInTheDocument();
    await cancelSession(db, session.id, false);
    await updateSession(db, session.id, planned, { version: 0, values: sessionFieldsOf(later) });
    await screen.findByText('Jeanne DURAND');
    await expect.poll(() => screen.queryByText(/^Session (déplacée|annulée)/)).toBeNull();
    expect((await db.cycleSessions.get(session.id))?.deplaceeDe).toBeUndefined();
  });

  it('takes a morning and an afternoon signature at a session from 10:00 to 15:00', async () => {
    const { session, planned, jeanne } = await seed();
    await updateSession(db, session.id, slot('2026-03-02', '10:00', '15:00'), {
      version: 0,
      values: sessionFieldsOf(planned),
    });
    // The call list alone (the session's page also holds the advisor's pad, a canvas jsdom lacks).
    render(<CallListOf sessionId={session.id} />);
    const row = await screen.findByTestId('call-Jeanne DURAND');
    expect(
      within(row).getByRole('button', { name: /^Signer \(matin\)\s?— Jeanne DURAND$/ }),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('button', { name: /^Signer \(après-midi\)\s?— Jeanne DURAND$/ }),
    ).toBeInTheDocument();
    await signPresence(db, session.id, jeanne.id, 'b'.repeat(64), new Date(), 'apres_midi');
    expect(await within(row).findByText('Signé (après-midi)')).toBeInTheDocument();
    expect(
      within(row).getByRole('button', { name: /^Signer \(matin\)\s?— Jeanne DURAND$/ }),
    ).toBeInTheDocument();
    const stored = (await db.attendances.toArray())[0]!;
    expect(stored).toMatchObject({ present: true, signatureApresMidi: 'b'.repeat(64) });
    expect(stored.signature).toBeUndefined();
    await signPresence(db, session.id, jeanne.id, 'c'.repeat(64), new Date(), 'matin');
    expect(await within(row).findByText('Signé (matin)')).toBeInTheDocument();
    expect((await db.attendances.toArray())[0]).toMatchObject({
      signature: 'c'.repeat(64),
      signatureApresMidi: 'b'.repeat(64),
    });
  });
});
