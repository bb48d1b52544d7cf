import { describe, expect, it } from 'vitest';

import { linkFloorMs, PROFILE_3G } from '../../bench/lib/profiles';
import { ratioOf, stats, toMarkdown, verdictOf, type Figure, type Report } from '../../bench/lib/report';

const figure = (value: number | null, budget?: Figure['budget']): Figure => ({
  section: 's',
  name: 'n',
  value,
  unit: 'ms',
  ...(budget ? { budget } : {}),
});

describe('bench report', () => {
  it('judges a figure against its budget in both directions, never silently', () => {
    expect(verdictOf(figure(40, { op: '<=', limit: 50 }))).toBe('pass');
    expect(verdictOf(figure(51, { op: '<=', limit: 50 }))).toBe('MISSED');
    expect(verdictOf(figure(0.59, { op: '>=', limit: 0.6 }))).toBe('MISSED');
    expect(verdictOf(figure(0.6, { op: '>=', limit: 0.6 }))).toBe('pass');
    expect(verdictOf(figure(null, { op: '<=', limit: 50 }))).toBe('not measured');
    expect(verdictOf(figure(10))).toBe('');
    expect(ratioOf(figure(75, { op: '<=', limit: 50 }))).toBe(1.5);
  });

  it('lists every missed budget at the top of the Markdown report', () => {
    const report: Report = {
      startedAt: '2026-11-23T10:00:00Z',
      environment: { node: 'v20' },
      profiles: { '3G': '400 kbps' },
      totalSeconds: 1,
      sections: [
        {
          id: 'local',
          title: '3. Local',
          seconds: 1,
          figures: [
            { ...figure(30, { op: '<=', limit: 50 }), section: 'local', name: 'Keystroke' },
            { ...figure(900, { op: '<=', limit: 500 }), section: 'local', name: 'Statistics' },
          ],
        },
        { id: 'load', title: '5. Load', seconds: 1, figures: [], error: 'PostgreSQL unreachable' },
      ],
    };
    const md = toMarkdown(report);
    expect(md).toContain('1 of 2 budgets missed or not measured:** local — Statistics.');
    expect(md).toContain('| Statistics | 900 ms | <= 500 ms | 1.8 | **MISSED** |');
    expect(md).toContain('| Keystroke | 30 ms | <= 50 ms | 0.6 | pass |');
    expect(md).toContain('Section did not complete:** PostgreSQL unreachable');
  });

  it('computes the link floor from bytes, bandwidth and round trips', () => {
    // 50,000 B down at 400 kbps = 1 s, 10 round trips × 400 ms = 4 s.
    expect(linkFloorMs(PROFILE_3G, { down: 50_000, up: 0 }, 10)).toBeCloseTo(5000);
    expect(stats([5, 1, 3, 2, 4])).toMatchObject({ median: 3, min: 1, max: 5 });
  });
});
