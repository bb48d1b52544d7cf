import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { activities, beneficiaries, lieux } from '../../../tests/fixtures/stats-dataset';
import { SillonDB, useDatabase } from '../../data/db';
import { getMeta, setIdentity } from '../../data/meta';
import { StatsPage } from './stats-page';

configure({ asyncUtilTimeout: 10_000 });

let db: SillonDB;
let n = 0;
const getContext = HTMLCanvasElement.prototype.getContext;
beforeEach(async () => {
  n += 1;
  db = useDatabase(new SillonDB(`stats-page-${n}`));
  await db.activities.bulkPut(activities);
  await db.beneficiaries.bulkPut(beneficiaries);
  await db.lieux.bulkPut(lieux);
  // jsdom draws no canvas: Chart.js reports it on the console, the tables carry the figures.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  HTMLCanvasElement.prototype.getContext = () => null;
});
afterEach(async () => {
  cleanup();
  setIdentity({});
  vi.restoreAllMocks();
  HTMLCanvasElement.prototype.getContext = getContext;
  await db.delete();
});

const figure = (id: string) => within(screen.getByTestId(`figure-${id}`)).getAllByRole('definition')[0]!;

/** The fixture's month: March 2026 (see src/domain/stats.test.ts for the hand counts). */
const showMarch2026 = async () => {
  await userEvent.click(await screen.findByLabelText('Personnalisée'));
  fireEvent.change(screen.getByLabelText('Du'), { target: { value: '2026-03-01' } });
  fireEvent.change(screen.getByLabelText('Au'), { target: { value: '2026-03-31' } });
  await waitFor(() => expect(figure('accompagnements')).toHaveTextContent('13'));
};

describe('statistics page', () => {
  it('shows the period figures and follows the type filter', async () => {
    render(<StatsPage />);
    await showMarch2026();
    expect(figure('beneficiaires')).toHaveTextContent('11');
    expect(figure('nouveaux')).toHaveTextContent('8');
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'collectif');
    await waitFor(() => expect(figure('accompagnements')).toHaveTextContent('8'));
    expect(figure('individuels')).toHaveTextContent('0');
  });

  it('charts the timeline of a busy period, and says an empty one has no data instead of a chart of zeros', async () => {
    render(<StatsPage />);
    await showMarch2026();
    // The card (the first region of that name: its table's region inside bears it too).
    const timeline = () => screen.getAllByRole('region', { name: 'Nombre d’accompagnements' })[0]!;
    expect(within(timeline()).getByRole('img')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Du'), { target: { value: '2025-01-01' } });
    fireEvent.change(screen.getByLabelText('Au'), { target: { value: '2025-01-31' } });
    await waitFor(() => expect(figure('accompagnements')).toHaveTextContent('0'));
    expect(within(timeline()).queryByRole('img')).toBeNull();
    expect(within(timeline()).getAllByText('Aucune donnée sur la période').length).toBeGreaterThan(0);
  });

  it('recomputes when records change under the screen (a sync)', async () => {
    render(<StatsPage />);
    await showMarch2026();
    const a1 = activities.find((a) => a.id === 'A1')!;
    await db.activities.put({ ...a1, id: 'A10', date: '2026-03-25', updatedAt: '2026-03-25T10:00:00.000Z' });
    await waitFor(() => expect(figure('accompagnements')).toHaveTextContent('14'));
  });

  it('refuses an inverted period next to the field and keeps the last figures', async () => {
    render(<StatsPage />);
    await showMarch2026();
    fireEvent.change(screen.getByLabelText('Au'), { target: { value: '2026-02-01' } });
    expect(
      await screen.findByText('La date de fin doit être postérieure ou égale à la date de début'),
    ).toBeVisible();
    expect(figure('accompagnements')).toHaveTextContent('13');
  });

  it('offers « Toute la structure » or one advisor to a coordinateur', async () => {
    setIdentity({ userId: 'u1', role: 'coordinateur', name: 'Camille' });
    render(<StatsPage />);
    await showMarch2026();
    const advisor = screen.getByLabelText('Conseiller');
    expect(
      within(advisor)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Toute la structure', 'Moi (Camille)', expect.stringMatching(/^Conseiller 1/)]);
    await userEvent.selectOptions(advisor, 'u2');
    // u2 logged A3 and A4: 1 + 8.
    await waitFor(() => expect(figure('accompagnements')).toHaveTextContent('9'));
  });

  it('shows a conseiller their own figures, with no advisor filter', async () => {
    setIdentity({ userId: 'u1', role: 'conseiller' });
    render(<StatsPage />);
    await userEvent.click(await screen.findByLabelText('Personnalisée'));
    fireEvent.change(screen.getByLabelText('Du'), { target: { value: '2026-03-01' } });
    fireEvent.change(screen.getByLabelText('Au'), { target: { value: '2026-03-31' } });
    // u1 logged A1, A2, A5, A6: 4 accompagnements.
    await waitFor(() => expect(figure('accompagnements')).toHaveTextContent('4'));
    expect(screen.queryByLabelText('Conseiller')).toBeNull();
  });

  it('keeps the structure name typed for the reports', async () => {
    render(<StatsPage />);
    const input = await screen.findByLabelText('Nom de la structure');
    await userEvent.type(input, 'Tiers-lieu du Lot');
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer le nom' }));
    expect(await screen.findByText('Nom enregistré.')).toBeVisible();
    expect(await getMeta(db, 'structureName')).toBe('Tiers-lieu du Lot');
  });
});
