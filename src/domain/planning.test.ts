import { describe, expect, it } from 'vitest';

import { addDays, planningByWeek, planningIcal, weekStart, type PlannedSession } from './planning';
import type { Cycle, CycleSession } from './workshops';

const cycle: Cycle = {
  id: 'c1',
  createdAt: '',
  updatedAt: '',
  titre: 'Premiers pas sur la tablette',
  thematiques: ['prendre_en_main_du_materiel'],
  financeurs: [],
  inscription: 'Inscription en mairie',
};
const planned = (
  id: string,
  date: string,
  debut: string,
  commune: string,
  extra: Partial<CycleSession> = {},
): PlannedSession => ({
  session: {
    id,
    createdAt: '',
    updatedAt: '',
    cycleId: 'c1',
    date,
    debut,
    fin: '16:30',
    conseillerIds: [],
    ...extra,
  },
  cycle,
  place: commune,
  commune,
});

describe('planning', () => {
  it('finds the Monday of a week, across a month and a year', () => {
    expect(weekStart('2026-03-04')).toBe('2026-03-02'); // a Wednesday
    expect(weekStart('2026-03-02')).toBe('2026-03-02'); // a Monday
    expect(weekStart('2026-03-08')).toBe('2026-03-02'); // a Sunday
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
  it('groups sessions by week, then commune, leaving out cancelled ones', () => {
    const weeks = planningByWeek([
      planned('s3', '2026-03-10', '14:00', 'Gramat'),
      planned('s1', '2026-03-03', '14:00', 'Gramat'),
      planned('s2', '2026-03-05', '09:00', 'Figeac'),
      planned('s4', '2026-03-04', '09:00', 'Figeac', { annulee: true }),
    ]);
    expect(weeks.map((w) => w.start)).toEqual(['2026-03-02', '2026-03-09']);
    expect(weeks[0]!.communes.map((c) => [c.commune, c.sessions.map((s) => s.session.id)])).toEqual([
      ['Figeac', ['s2']],
      ['Gramat', ['s1']],
    ]);
  });
  it('writes an iCal event per session at the local times typed', () => {
    const text = planningIcal(
      [
        planned('s1', '2026-03-02', '14:00', 'Gramat'),
        planned('s2', '2026-03-03', '10:00', 'Figeac', { annulee: true }),
      ],
      {
        name: 'Ateliers',
        stamp: new Date('2026-02-01T10:00:00Z'),
      },
    );
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toContain('UID:s1');
    expect(text).toContain('DTSTART:20260302T140000');
    expect(text).toContain('DTEND:20260302T163000');
    expect(text).toContain('SUMMARY:Premiers pas sur la tablette');
    expect(text).toContain('LOCATION:Gramat');
    expect(text).not.toContain('UID:s2');
  });
});
