import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { CommuneRef } from '../domain/beneficiary';
import { CommuneInput } from './commune-input';

const CAHORS: CommuneRef = { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' };
const CAJARC: CommuneRef = { codeInsee: '46045', nom: 'Cajarc', codePostal: '46160' };

const Harness = ({
  search,
  onChange,
  initial,
}: {
  search: (q: string) => Promise<CommuneRef[]>;
  onChange?: (c: CommuneRef | undefined) => void;
  initial?: CommuneRef;
}) => {
  const [value, setValue] = useState<CommuneRef | undefined>(initial);
  return (
    <form onSubmit={(e) => e.preventDefault()}>
      <CommuneInput
        label="Commune de résidence"
        value={value}
        search={search}
        onChange={(c) => {
          setValue(c);
          onChange?.(c);
        }}
      />
      <output data-testid="value">{value ? value.codeInsee : 'aucune'}</output>
    </form>
  );
};

afterEach(cleanup);

describe('CommuneInput', () => {
  it('chooses a commune with the keyboard', async () => {
    const user = userEvent.setup();
    const search = vi.fn(async (q: string) => (q.toLowerCase().startsWith('ca') ? [CAHORS, CAJARC] : []));
    render(<Harness search={search} />);
    const input = screen.getByRole('combobox', { name: 'Commune de résidence' });
    await user.type(input, 'ca');
    expect(await screen.findByRole('option', { name: 'Cahors (46000)' })).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(input.getAttribute('aria-activedescendant')).toBe(
      screen.getByRole('option', { name: 'Cajarc (46160)' }).id,
    );
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('value')).toHaveTextContent('46045');
    expect(input).toHaveValue('Cajarc (46160)');
    expect(input).toHaveAttribute('aria-expanded', 'false');
  });

  it('chooses a commune by touch and clears it when the text is edited', async () => {
    const user = userEvent.setup();
    render(<Harness search={async () => [CAHORS]} />);
    const input = screen.getByRole('combobox');
    await user.type(input, '46000');
    await user.click(await screen.findByRole('option', { name: 'Cahors (46000)' }));
    expect(screen.getByTestId('value')).toHaveTextContent('46042');
    await user.type(input, 'x');
    expect(screen.getByTestId('value')).toHaveTextContent('aucune');
    await user.tab();
    expect(screen.getByText(/Choisissez une commune dans la liste/)).toBeInTheDocument();
  });

  it('drops the answer of a stale search', async () => {
    const user = userEvent.setup();
    const pending: Record<string, (r: CommuneRef[]) => void> = {};
    const search = (q: string) => new Promise<CommuneRef[]>((resolve) => (pending[q] = resolve));
    render(<Harness search={search} />);
    await user.type(screen.getByRole('combobox'), 'caj');
    // The answer to "caj" arrives first, then the late answer to "ca": it must be ignored.
    pending['caj']!([CAJARC]);
    expect(await screen.findByRole('option', { name: 'Cajarc (46160)' })).toBeInTheDocument();
    pending['ca']!([CAHORS, CAJARC]);
    pending['c']!([CAHORS]);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('option', { name: 'Cahors (46000)' })).not.toBeInTheDocument();
  });

  it('shows a value set from outside', () => {
    render(<Harness search={async () => []} initial={CAHORS} />);
    expect(screen.getByRole('combobox')).toHaveValue('Cahors (46000)');
  });
});
