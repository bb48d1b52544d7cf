import { describe, expect, it } from 'vitest';

import { checkRecord } from './record-check';
import { RECORD_SCHEMAS } from './record-schemas';
import {
  attendanceId,
  cycleInputSchema,
  dureeOf,
  halfDaysOf,
  movedFrom,
  placesLeft,
  promotions,
  sessionInputSchema,
  sheetHash,
  sessionNotice,
  sheetText,
  signatureFor,
  signedEveryHalfDay,
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
    expect(halfDaysOf('10:00', '15:00')).toEqual(['matin', 'apres_midi']);
    // Ending within the lunch break, or starting in it, is one half-day.
    expect(halfDaysOf('10:00', '13:30')).toEqual(['matin']);
    expect(halfDaysOf('12:30', '15:00')).toEqual(['apres_midi']);
  });
  it('takes a signature per half-day when a session spans both', () => {
    const both = halfDaysOf('10:00', '15:00');
    const one = halfDaysOf('14:00', '16:00');
    const morning = { signature: 'm' };
    const full = { signature: 'm', signatureApresMidi: 'a' };
    expect(signatureFor(full, 'matin', both)).toBe('m');
    expect(signatureFor(full, 'apres_midi', both)).toBe('a');
    expect(signatureFor(morning, 'apres_midi', both)).toBeUndefined();
    expect(signedEveryHalfDay(morning, both)).toBe(false);
    expect(signedEveryHalfDay(full, both)).toBe(true);
    // One half-day: her one signature is the session's, even in the afternoon.
    expect(signatureFor(morning, 'apres_midi', one)).toBe('m');
    expect(signedEveryHalfDay(morning, one)).toBe(true);
    expect(signedEveryHalfDay(undefined, one)).toBe(false);
  });
});

describe('moved and cancelled sessions', () => {
  const planned = { date: '2026-03-02', debut: '14:00', fin: '16:00' };
  it('keeps the slot first announced through later moves, and forgets it once back there', () => {
    const moved = { date: '2026-03-09', debut: '10:00', fin: '12:00' };
    expect(movedFrom(planned, planned)).toBeUndefined();
    expect(movedFrom(planned, moved)).toEqual(planned);
    expect(movedFrom({ ...moved, deplaceeDe: planned }, { ...moved, fin: '12:30' })).toEqual(planned);
    expect(movedFrom({ ...moved, deplaceeDe: planned }, planned)).toBeUndefined();
    // A change of the end time alone is a move too: the registered people were told another time.
    expect(movedFrom(planned, { ...planned, fin: '16:30' })).toEqual(planned);
  });
  it('tells the registered people a session is cancelled, or moved from when to when', () => {
    const moved = { date: '2026-03-09', debut: '10:00', fin: '12:00', deplaceeDe: planned };
    expect(sessionNotice(planned)).toBeUndefined();
    expect(sessionNotice(moved)).toEqual({
      kind: 'deplacee',
      from: planned,
      to: { date: '2026-03-09', debut: '10:00', fin: '12:00' },
    });
    expect(sessionNotice({ ...moved, annulee: true })).toEqual({ kind: 'annulee' });
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
  it('the server takes a moved session’s first slot and an afternoon signature, well formed only', () => {
    const base = {
      cycleId: attendanceId('a', 'b'),
      date: '2026-03-09',
      debut: '10:00',
      fin: '15:00',
      lieuId: attendanceId('c', 'd'),
      conseillerIds: [],
    };
    const from = { date: '2026-03-02', debut: '14:00', fin: '16:00' };
    expect(checkRecord('cycleSessions', { ...base, deplaceeDe: from }, { level: 'full' }).ok).toBe(true);
    expect(
      checkRecord('cycleSessions', { ...base, deplaceeDe: { ...from, debut: '25:00' } }, { level: 'full' })
        .ok,
    ).toBe(false);
    const attendance = {
      sessionId: attendanceId('s', 'p'),
      beneficiaryId: attendanceId('p', 's'),
      present: true,
    };
    const signed = {
      ...attendance,
      signatureApresMidi: 'b'.repeat(64),
      signedApresMidiAt: '2026-03-09T14:00:00.000Z',
    };
    expect(checkRecord('attendances', signed, { level: 'full' }).ok).toBe(true);
    expect(
      checkRecord('attendances', { ...signed, signatureApresMidi: 'dessin' }, { level: 'full' }).ok,
    ).toBe(false);
    expect(
      RECORD_SCHEMAS.attendances.blobs({ signature: 'a'.repeat(64), signatureApresMidi: 'b'.repeat(64) }),
    ).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
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
  it('carries a signature per half-day on a sheet of two, and reads as before on a sheet of one', async () => {
    const one = await sheetHash({ ...sheet, halfDays: ['apres_midi'] });
    expect(one).toBe(await sheetHash(sheet));
    const two: SheetContent = {
      ...sheet,
      debut: '10:00',
      fin: '15:00',
      halfDays: ['matin', 'apres_midi'],
      participants: [
        { name: 'Jeanne Durand', signature: 'b'.repeat(64), signatureApresMidi: 'c'.repeat(64) },
      ],
    };
    expect(sheetText(two)).toContain('demi-journees=matin,apres_midi');
    expect(sheetText(two)).toContain(`participant1=Jeanne Durand|${'b'.repeat(64)}|${'c'.repeat(64)}`);
    // Her afternoon signature is part of what the hash covers.
    expect(
      await sheetHash({ ...two, participants: [{ name: 'Jeanne Durand', signature: 'b'.repeat(64) }] }),
    ).not.toBe(await sheetHash(two));
  });
});
