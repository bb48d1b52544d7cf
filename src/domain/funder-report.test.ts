import { describe, expect, it } from 'vitest';

import { funderReport, funderReportSheet } from './funder-report';
import type { Pass } from './pass-numerique';
import type { Attendance, CycleSession, Registration } from './workshops';

const meta = { createdAt: '', updatedAt: '' };
const session = (id: string, date: string, extra: Partial<CycleSession> = {}): CycleSession => ({
  ...meta,
  id,
  cycleId: 'c',
  date,
  debut: '14:00',
  fin: '16:30',
  conseillerIds: [],
  activityId: `a-${id}`,
  ...extra,
});
const reg = (beneficiaryId: string): Registration => ({
  ...meta,
  id: `r-${beneficiaryId}`,
  cycleId: 'c',
  beneficiaryId,
  status: 'inscrit',
  registeredAt: '2026-01-01T00:00:00.000Z',
});
const att = (sessionId: string, beneficiaryId: string, present: boolean, walkIn = false): Attendance => ({
  ...meta,
  id: `${sessionId}-${beneficiaryId}`,
  sessionId,
  beneficiaryId,
  present,
  ...(walkIn ? { walkIn } : {}),
});

describe('funder report', () => {
  it('counts sessions held, hours, people by age, genre, statut and commune, attendance and passes', () => {
    const r = funderReport({
      funder: 'Conférence des financeurs du Lot',
      from: '2026-03-01',
      to: '2026-03-31',
      sessions: [
        session('s1', '2026-03-02', {
          participantsAnonymes: {
            total: 2,
            dejaAccompagne: 0,
            genre: { feminin: 1 },
            trancheAge: { soixante_dix_plus: 2 },
            statutSocial: {},
          },
        }),
        session('s2', '2026-03-09'),
        session('s3', '2026-03-16', { activityId: undefined }), // not held (not closed)
        session('s4', '2026-04-06'), // outside the period
      ],
      registrations: [reg('jeanne'), reg('paul')],
      attendances: [
        att('s1', 'jeanne', true),
        att('s1', 'paul', false),
        att('s2', 'jeanne', true),
        att('s2', 'paul', true),
        att('s2', 'nina', true, true),
      ],
      people: new Map([
        [
          'jeanne',
          {
            trancheAge: 'soixante_dix_plus',
            genre: 'feminin',
            statutSocial: 'retraite',
            commune: { codeInsee: '46127', nom: 'Gramat', codePostal: '46500' },
          },
        ],
        ['paul', { trancheAge: 'quarante_cinquante_neuf', genre: 'masculin' }],
        ['nina', { trancheAge: 'soixante_soixante_neuf' }],
      ] as const),
      passes: [
        {
          ...meta,
          id: 'p1',
          code: 'A',
          valeur: 10,
          annee: 2026,
          dateReception: '2026-03-02',
          status: 'valide',
          sessionId: 's1',
        } as Pass,
        {
          ...meta,
          id: 'p2',
          code: 'B',
          valeur: 10,
          annee: 2026,
          dateReception: '2026-03-02',
          status: 'refuse',
          sessionId: 's1',
        } as Pass,
      ],
    });
    expect(r.sessionsHeld).toBe(2);
    expect(r.minutes).toBe(300);
    expect(r.participants).toBe(5); // Jeanne, Paul, Nina + 2 anonymous
    expect(r.anonymous).toBe(2);
    expect(r.over60).toBe(4); // Jeanne, Nina, 2 anonymous over 70
    expect(r.byTrancheAge).toEqual({
      soixante_dix_plus: 3,
      quarante_cinquante_neuf: 1,
      soixante_soixante_neuf: 1,
    });
    expect(r.byGenre).toEqual({ feminin: 2, masculin: 1, non_communique: 2 });
    expect(r.byCommune).toEqual({ Gramat: 1, 'Non communiquée': 2 });
    expect(r.attendanceRate).toBe(3 / 4); // 4 places expected (2 registered × 2 sessions), 3 present
    expect(r.passes).toEqual({ count: 1, amount: 10 });
    const sheet = funderReportSheet(r, 'Premiers pas');
    expect(sheet.rows.find((row) => row.cells[0] === 'Heures délivrées')?.cells[1]).toBe(5);
    expect(sheet.rows.find((row) => row.cells[0] === '70 ans et plus')?.cells[1]).toBe(3);
  });
});
