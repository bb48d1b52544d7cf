import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { Field } from './field';

afterEach(cleanup);

describe('a date, time or month field', () => {
  it('says its French format in its description, with its own hint, and is marked French', () => {
    render(
      <>
        <Field label="Date de retour prévue" format="date" hint="Au plus tard dans 3 mois" required>
          {(f) => <input {...f} type="date" />}
        </Field>
        <Field label="Début" format="time">
          {(f) => <input {...f} type="time" />}
        </Field>
        <Field label="Mois" format="month">
          {(f) => <input {...f} type="month" />}
        </Field>
        <Field label="Nom">{(f) => <input {...f} />}</Field>
      </>,
    );
    const date = screen.getByLabelText(/^Date de retour prévue/);
    expect(date).toHaveAccessibleDescription('Format : jj/mm/aaaa. Au plus tard dans 3 mois');
    expect(date).toHaveAttribute('lang', 'fr');
    expect(screen.getByText(/Format : jj\/mm\/aaaa/)).toBeVisible();
    expect(screen.getByLabelText('Début')).toHaveAccessibleDescription('Format : hh:mm (24 h)');
    expect(screen.getByLabelText('Mois')).toHaveAccessibleDescription('Format : mm/aaaa');
    const name = screen.getByLabelText('Nom');
    expect(name).not.toHaveAttribute('lang');
    expect(name).not.toHaveAttribute('aria-describedby');
  });

  it('is how every date, time and month input of the app is made', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) return walk(full);
        return name.endsWith('.tsx') && !name.endsWith('.test.tsx') ? [full] : [];
      });
    const missing: string[] = [];
    let seen = 0;
    for (const file of walk(resolve(__dirname, '..'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/type=(?:"|\{?')(date|time|month|datetime-local|week)['"]/g)) {
        seen += 1;
        // The Field that wraps it, opened last before the input and not closed since.
        const before = text.slice(0, m.index);
        const open = before.lastIndexOf('<Field');
        const field = open >= 0 && !before.slice(open).includes('</Field>') ? before.slice(open) : '';
        if (!/format=/.test(field)) missing.push(`${file.replace(/^.*\/src\//, 'src/')}: ${m[0]}`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
