import { describe, expect, it } from 'vitest';

import { checkRecord } from './record-check';
import {
  attendanceId,
  cycleInputSchema,
  dureeOf,
  halfDaysOf,
  placesLeft,
  promotions,
  sessionInputSchema,
  sheetHash,
  sheetText,
  statusForNew,
  waitingPosition,
  type Registration,
  type SheetContent,
} from './workshops';

const reg = (
  id: string,
  status: Registration['status'],
  registeredAt: string,
  sessionId?: string,
): Pick<Registration, 'id' | 'status' | 'registeredAt' | 'sessionId'> => ({
  id,
  status,
  registeredAt,
  ...(sessionId ? { sessionId } : {}),
});
const S1 = { id: 's1', capacite: 2 };
const S2 = { id: 's2', capacite: 3 };

describe('durée from the times', () => {
  it('counts whole minutes from start to end', () => {
    expect(dureeOf('14:00', '16:30')).toBe(150);
    expect(dureeOf('09:15', '09:45')).toBe(30);
    expect(dureeOf('23:00', '23:59')).toBe(59);
  });
  it('is 0 when the end is not after the start, or a time is not HH:MM', () => {
    expect(dureeOf('16:00', '14:00')).toBe(0);
    expect(dureeOf('14:00', '14:00')).toBe(0);
    expect(dureeOf('9:00', '10:00')).toBe(0);
  });
  it('says when a session spans two half-days', () => {
    expect(halfDaysOf('09:00', '12:00')).toEqual(['matin']);
    expect(halfDaysOf('14:00', '16:00')).toEqual(['apres_midi']);
    expect(halfDaysOf('10:00', '16:00')).toEqual(['matin', 'apres_midi']);
  });
});

describe('registration limits', () => {
  it('counts places left at a session: its own registrations and the whole cycle’s', () => {
    const rs = [reg('a', 'inscrit', '1'), reg('b', 'inscrit', '2', 's2'), reg('c', 'liste_attente', '3')];
    expect(placesLeft(2, rs, 's1')).toBe(1);
    expect(placesLeft(3, rs, 's2')).toBe(1);
    expect(placesLeft(undefined, rs, 's1')).toBeUndefined();
    expect(placesLeft(1, [...rs, reg('d', 'inscrit', '4')], 's1')).toBe(0);
  });
  it('puts a new registration on the waiting list once a session it concerns is full', () => {
    const rs = [reg('a', 'inscrit', '1'), reg('b', 'inscrit', '2')];
    expect(statusForNew([S1, S2], rs)).toBe('liste_attente'); // s1 is full
    expect(statusForNew([S1, S2], rs, 's2')).toBe('inscrit'); // s2 still has one
    expect(statusForNew([{ ...S1, annulee: true }, S2], rs)).toBe('inscrit'); // a cancelled session holds no one
    expect(statusForNew([{ id: 's1' }], rs)).toBe('inscrit'); // no capacity, no limit
  });
  it('ignores cancelled and deleted registrations', () => {
    const rs = [reg('a', 'inscrit', '1'), { ...reg('b', 'inscrit', '2'), deleted: true }];
    expect(statusForNew([S1], rs)).toBe('inscrit');
  });
});

describe('waiting list promotion', () => {
  it('moves the first waiting up when someone cancels', () => {
    const rs = [
      reg('a', 'inscrit', '2026-01-01T10:00:00.000Z'),
      reg('d', 'liste_attente', '2026-01-03T10:00:00.000Z'),
      reg('c', 'liste_attente', '2026-01-02T10:00:00.000Z'),
    ];
    // « b » cancelled: one place at s1 → the earliest waiting (c), not d.
    expect(promotions([S1], rs)).toEqual(['c']);
    expect(waitingPosition(rs, 'c')).toBe(1);
    expect(waitingPosition(rs, 'd')).toBe(2);
  });
  it('moves as many as places freed, in order, and skips one whose session is still full', () => {
    const rs = [
      reg('a', 'inscrit', '1', 's1'),
      reg('w1', 'liste_attente', '2', 's1'), // s1: 1 left → moves
      reg('w2', 'liste_attente', '3', 's1'), // s1 then full
      reg('w3', 'liste_attente', '4', 's2'), // s2 has room
    ];
    expect(
      promotions(
        [
          { id: 's1', capacite: 2 },
          { id: 's2', capacite: 1 },
        ],
        rs,
      ),
    ).toEqual(['w1', 'w3']);
  });
  it('moves nobody when nothing freed up', () => {
    expect(
      promotions([S1], [reg('a', 'inscrit', '1'), reg('b', 'inscrit', '2'), reg('c', 'liste_attente', '3')]),
    ).toEqual([]);
  });
});

describe('a cycle and its sessions as typed', () => {
  it('needs a title and a mediation thématique', () => {
    const r = cycleInputSchema.safeParse({ titre: ' ', thematiques: ['aide_aux_demarches_administratives'] });
    expect(r.success).toBe(false);
    expect(
      cycleInputSchema.safeParse({ titre: 'Premiers pas', thematiques: ['prendre_en_main_du_materiel'] })
        .success,
    ).toBe(true);
  });
  it('needs an end after the start and one place', () => {
    const bad = sessionInputSchema.safeParse({ date: '2026-03-02', debut: '16:00', fin: '14:00' });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['fin', 'lieuId']));
    const ok = sessionInputSchema.safeParse({
      date: '2026-03-02',
      debut: '14:00',
      fin: '16:00',
      commune: { codeInsee: '46127', nom: 'Gramat', codePostal: '46500' },
      capacite: 8,
    });
    expect(ok.success).toBe(true);
  });
  it('the server refuses a stored session without a place, or with an unknown field', () => {
    const base = {
      cycleId: attendanceId('a', 'b'),
      date: '2026-03-02',
      debut: '14:00',
      fin: '16:00',
      conseillerIds: [],
    };
    expect(checkRecord('cycleSessions', base, { level: 'full' }).ok).toBe(false);
    expect(
      checkRecord('cycleSessions', { ...base, lieuId: attendanceId('c', 'd') }, { level: 'full' }).ok,
    ).toBe(true);
    expect(
      checkRecord('cycleSessions', { ...base, lieuId: attendanceId('c', 'd'), salle: 'B' }, { level: 'full' })
        .ok,
    ).toBe(false);
  });
});

describe('attendance ids and the sheet’s hash', () => {
  it('gives one id per person and session, whichever tablet computes it', () => {
    expect(attendanceId('s', 'p')).toBe(attendanceId('s', 'p'));
    expect(attendanceId('s', 'p')).not.toBe(attendanceId('s', 'q'));
    expect(attendanceId('s', 'p')).toMatch(/^[0-9a-f-]{36}$/);
  });
  const sheet: SheetContent = {
    titre: 'Premiers pas sur la tablette',
    date: '2026-03-02',
    debut: '14:00',
    fin: '16:00',
    lieu: 'Gramat',
    advisorName: 'Léa Martin',
    advisorSignature: 'a'.repeat(64),
    participants: [{ name: 'Jeanne Durand', signature: 'b'.repeat(64) }, { name: 'Paul Roche' }],
    anonymes: 1,
    signedAt: '2026-03-02T16:05:00.000Z',
  };
  it('hashes the canonical text with SHA-256, and any change shows', async () => {
    const hash = await sheetHash(sheet);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await sheetHash({ ...sheet })).toBe(hash);
    expect(await sheetHash({ ...sheet, fin: '16:30' })).not.toBe(hash);
    expect(
      await sheetHash({ ...sheet, participants: [sheet.participants[1]!, sheet.participants[0]!] }),
    ).not.toBe(hash);
    expect(sheetText(sheet)).toContain('participant2=Paul Roche|');
    // Known value: the same text hashed by Node's own crypto.
    const { createHash } = await import('node:crypto');
    expect(hash).toBe(createHash('sha256').update(sheetText(sheet)).digest('hex'));
  });
});
