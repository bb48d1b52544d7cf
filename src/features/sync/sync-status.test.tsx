import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { saveBeneficiary } from '../../data/beneficiaries';
import { getDb } from '../../data/db';
import { setMeta } from '../../data/meta';
import { requestSync } from '../../data/sync/scheduler';
import { SESSION_KEY, loadIdentity } from '../../data/sync/session';
import { SyncPage } from './sync-page';
import { SyncStatus } from './sync-status';

const person = (input: Record<string, unknown>) => beneficiaryInputSchema().parse(input);

const setOnLine = (value: boolean) => {
  Object.defineProperty(navigator, 'onLine', { value, configurable: true });
  window.dispatchEvent(new Event(value ? 'online' : 'offline'));
};

const signed = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Sillon-Server': 'sillon-sync' },
  });

/** What the network answers; each test says it, then a sync runs through the real engine. */
const answer = (respond: (url: string, init?: RequestInit) => Promise<Response>) =>
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => respond(String(input), init)),
  );

/** A server that accepts everything and has nothing new. */
const healthyServer = async (url: string, init?: RequestInit) => {
  if (url.endsWith('/api/health')) return signed({ status: 'ok' });
  if (url.includes('/api/sync/push')) {
    const { mutations } = JSON.parse(String(init?.body)) as { mutations: { seq: number }[] };
    return signed({ ack: mutations.at(-1)?.seq ?? 0, conflicts: 0 });
  }
  if (url.includes('/api/sync/pull'))
    return signed({ records: [], conflicts: [], cursor: 0, more: false, latest: 0 });
  return signed({ error: 'not_found', message: 'Route inconnue' }, 404);
};

const chip = () => screen.getByTestId('sync-status');
const renderAt = (element: React.ReactNode) =>
  render(<RouterProvider router={createMemoryRouter([{ path: '/', element }])} />);

describe('the sync status says what is true', () => {
  beforeAll(async () => {
    const db = getDb();
    await Promise.all(db.tables.map((t) => t.clear()));
    await setMeta(db, SESSION_KEY, {
      token: 'x'.repeat(43),
      user: {
        userId: 'u1',
        name: 'Léa',
        email: 'lea@ex.fr',
        role: 'conseiller',
        structureId: 's1',
        structureName: 'S',
      },
      signedInAt: new Date().toISOString(),
    });
    await loadIdentity(db);
  });
  beforeEach(async () => {
    setOnLine(true);
    await getDb().outbox.clear();
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('says « Synchronisé » once the server has everything, and what waits otherwise', async () => {
    answer(healthyServer);
    renderAt(<SyncStatus />);
    await requestSync();
    await waitFor(() => expect(chip()).toHaveTextContent('Synchronisé'));
    await saveBeneficiary(getDb(), undefined, person({ anonyme: false, prenom: 'Anne', nom: 'Vidal' }));
    await waitFor(() => expect(chip()).toHaveTextContent('1 en attente'));
    await requestSync();
    await waitFor(() => expect(chip()).toHaveTextContent('Synchronisé'));
  });

  it('says « Pas de réseau » when the tablet has none', async () => {
    await saveBeneficiary(getDb(), undefined, person({ anonyme: false, prenom: 'Anne', nom: 'Vidal' }));
    answer(() => Promise.reject(new TypeError('Failed to fetch')));
    renderAt(<SyncStatus />);
    setOnLine(false);
    await waitFor(() => expect(chip()).toHaveTextContent('Pas de réseau · 1 en attente'));
    // A sync asked for anyway fails the same way, not as a server problem.
    await requestSync();
    expect(chip()).toHaveTextContent('Pas de réseau · 1 en attente');
  });

  it('says « Serveur injoignable » when the network works but the server does not answer', async () => {
    await saveBeneficiary(getDb(), undefined, person({ anonyme: false, prenom: 'Anne', nom: 'Vidal' }));
    answer(() => Promise.reject(new TypeError('Failed to fetch')));
    renderAt(<SyncStatus />);
    await requestSync();
    await waitFor(() => expect(chip()).toHaveTextContent('Serveur injoignable · 1 en attente'));
    // The same behind a reverse proxy whose server is stopped (502 from the proxy, unsigned).
    answer(async () => new Response('<h1>502 Bad Gateway</h1>', { status: 502 }));
    await requestSync();
    await waitFor(() => expect(chip()).toHaveTextContent('Serveur injoignable · 1 en attente'));
    renderAt(<SyncPage />);
    expect(await screen.findByTestId('server-state')).toHaveTextContent(
      'Injoignable : le réseau fonctionne mais le serveur ne répond pas',
    );
    expect(screen.getByTestId('sync-error')).toHaveTextContent(
      'Le réseau fonctionne mais le serveur ne répond pas',
    );
  });

  it('tells a Wi-Fi portal and a server error apart from the rest', async () => {
    answer(async () => new Response('<html>Connectez-vous au Wi-Fi</html>', { status: 200 }));
    renderAt(<SyncStatus />);
    await requestSync();
    await waitFor(() => expect(chip()).toHaveTextContent('Wi-Fi à valider'));
    answer(async (url) =>
      url.endsWith('/api/health')
        ? signed({ status: 'ok' })
        : signed({ error: 'server_error', message: 'Erreur du serveur' }, 500),
    );
    await requestSync();
    await waitFor(() => expect(chip()).toHaveTextContent('Synchronisation en échec'));
  });
});
