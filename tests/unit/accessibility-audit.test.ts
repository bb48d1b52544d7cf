import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { AUDIT_DOC, renderAudit } from '../../scripts/accessibilite/audit-doc';
import {
  allCriteria,
  AUDIT,
  changeRates,
  conformityLevel,
  conformityRate,
  nonConformities,
  type Criterion,
} from '../../src/domain/accessibility-audit';

const PER_THEME = [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12];

describe('the RGAA audit', () => {
  it('is the whole RGAA 4.1 grid: 13 themes, 106 criteria, in order, each with a status and a note', () => {
    expect(AUDIT.themes.map((t) => t.criteria.length)).toEqual(PER_THEME);
    const criteria = allCriteria();
    expect(criteria).toHaveLength(106);
    AUDIT.themes.forEach((theme, t) =>
      theme.criteria.forEach((x, i) => expect(x.id).toBe(`${t + 1}.${i + 1}`)),
    );
    for (const x of criteria) {
      expect(['C', 'NC', 'NA']).toContain(x.status);
      expect(x.note.length, x.id).toBeGreaterThan(3);
    }
  });

  it('says for each non-conformity the screen and the fix', () => {
    for (const x of nonConformities()) {
      expect(x.screen, x.id).toBeTruthy();
      expect(x.fix, x.id).toBeTruthy();
    }
  });

  it('computes the RGAA rate: conforming over applicable, rounded down', () => {
    const make = (status: Criterion['status']): Criterion => ({
      id: '0',
      level: 'A',
      title: '',
      status,
      note: '',
    });
    expect(conformityRate([make('C'), make('C'), make('NC'), make('NA')])).toBe(66.6);
    expect(conformityRate([make('C'), make('NA')])).toBe(100);
    expect(conformityLevel(100)).toBe('totalement conforme');
    expect(conformityLevel(66.6)).toBe('partiellement conforme');
    expect(conformityLevel(49.9)).toBe('non conforme');
    const c = allCriteria().filter((x) => x.status === 'C').length;
    const nc = nonConformities().length;
    expect(conformityRate()).toBe(Math.floor((c / (c + nc)) * 1000) / 10);
  });

  it('follows each correction: its criteria are now conforme, and the rate it raised', () => {
    const byId = new Map(allCriteria().map((x) => [x.id, x]));
    for (const change of AUDIT.changes)
      for (const { id } of change.criteria) expect(byId.get(id)?.status, id).toBe('C');
    const rates = changeRates();
    expect(rates.at(-1)?.after).toBe(conformityRate());
    for (const { before, after } of rates) expect(after).toBeGreaterThanOrEqual(before);
    rates.slice(1).forEach((r, i) => expect(r.before).toBe(rates[i]!.after));
  });

  it('docs/accessibilite/audit.md is the grid of the data (run `npm run audit-doc` after a change)', async () => {
    expect(readFileSync(AUDIT_DOC, 'utf8')).toBe(await renderAudit());
  });
});
