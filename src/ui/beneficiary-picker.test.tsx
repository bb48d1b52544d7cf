import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Beneficiary } from '../domain/beneficiary';
import { BeneficiaryPicker } from './beneficiary-picker';

const person = (id: string, prenom: string, nom: string): Beneficiary => ({
  id,
  anonyme: false,
  prenom,
  nom,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  trancheAge: 'non_communique',
  sortKey: `${nom} ${prenom}`.toLowerCase(),
  searchTokens: [prenom.toLowerCase(), nom.toLowerCase()],
  commune: { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
});

const ALICE = person('a', 'Alice', 'Martin');
const BOB = person('b', 'Bob', 'Marty');
const all = [ALICE, BOB];
const search = async (q: string) =>
  all.filter((b) => b.searchTokens.some((t) => t.startsWith(q.toLowerCase())));

const Harness = ({
  multiple,
  initial = [],
  getByIds,
}: {
  multiple?: boolean;
  initial?: string[];
  getByIds?: (ids: string[]) => Promise<Beneficiary[]>;
}) => {
  const [value, setValue] = useState<string[]>(initial);
  return (
    <>
      <BeneficiaryPicker
        label="Bénéficiaire"
        value={value}
        onChange={setValue}
        search={search}
        getByIds={getByIds}
        multiple={multiple}
        createAction={(q) => <button type="button">Créer « {q} »</button>}
      />
      <output data-testid="value">{value.join(',')}</output>
    </>
  );
};

afterEach(cleanup);

describe('BeneficiaryPicker', () => {
  it('picks one beneficiary, then lets the advisor change it', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByRole('combobox', { name: 'Bénéficiaire' }), 'mar');
    expect(await screen.findAllByRole('option')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Créer « mar »' })).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: /Bob MARTY/ }));
    expect(screen.getByTestId('value')).toHaveTextContent('b');
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Changer de bénéficiaire/ }));
    expect(screen.getByTestId('value')).toHaveTextContent('');
    expect(screen.getByRole('combobox')).toHaveFocus();
  });

  it('adds several beneficiaries and hides those already chosen', async () => {
    const user = userEvent.setup();
    render(<Harness multiple />);
    const input = screen.getByRole('combobox');
    await user.type(input, 'mar');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(screen.getByTestId('value')).toHaveTextContent('a');
    await user.type(input, 'mar');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([expect.stringContaining('Bob MARTY')]);
    await user.click(options[0]!);
    expect(screen.getByTestId('value')).toHaveTextContent('a,b');
    await user.click(screen.getByRole('button', { name: 'Retirer Alice MARTIN' }));
    expect(screen.getByTestId('value')).toHaveTextContent('b');
  });

  it('loads the chosen beneficiaries it only knows by id', async () => {
    const getByIds = vi.fn(async (ids: string[]) => all.filter((b) => ids.includes(b.id)));
    render(<Harness multiple initial={['a', 'zz']} getByIds={getByIds} />);
    expect(await screen.findByText('Alice MARTIN')).toBeInTheDocument();
    expect(await screen.findByText('Bénéficiaire introuvable')).toBeInTheDocument();
    expect(getByIds).toHaveBeenCalledTimes(1);
  });
});
