// Cycles d'ateliers (issue 16): queries and write commands for cycles, their sessions, registrations
// (with the waiting list), attendance and the closing of a session into its La Coop activity. Every
// write goes through saveRecord / saveAgainstBase (record + outbox in one transaction); a command that
// touches several records wraps them in one Dexie transaction, so a refusal writes nothing.
import { activityInputSchema, type Activity, type ParticipantsAnonymes } from '../domain/activity';
import type { EditBase } from '../domain/edit';
import { RECORD_SCHEMAS } from '../domain/record-schemas';
import {
  attendanceId,
  dureeOf,
  movedFrom,
  promotions,
  statusForNew,
  type Attendance,
  type Cycle,
  type CycleInput,
  type CycleSession,
  type Emargement,
  type HalfDay,
  type Registration,
  type SessionInput,
} from '../domain/workshops';
import { createActivity } from './activities';
import type { SillonDB } from './db';
import { saveAgainstBase, saveRecord } from './records';

/** A refused command, with a French message for the advisor. */
export class WorkshopError extends Error {
  override name = 'WorkshopError';
}

const live = <T extends { deleted?: boolean }>(rows: T[]): T[] => rows.filter((r) => !r.deleted);

/** The fields a cycle form owns (absent means cleared). */
export const CYCLE_FIELDS = ['titre', 'description', 'thematiques', 'niveau', 'financeurs', 'inscription', 'annule'] as const;
export const SESSION_FIELDS = [
  'date',
  'debut',
  'fin',
  'lieuId',
  'commune',
  'lieuPrecision',
  'capacite',
  'conseillerIds',
  'annulee',
] as const;

const pick = <K extends string>(input: Record<string, unknown>, keys: readonly K[]): Record<K, unknown> =>
  Object.fromEntries(keys.map((k) => [k, input[k]])) as Record<K, unknown>;

export const cycleFieldsOf = (input: CycleInput): Record<string, unknown> => pick(input, CYCLE_FIELDS);
export const sessionFieldsOf = (input: SessionInput): Record<string, unknown> => pick(input, SESSION_FIELDS);

// ————————————————————————————————————————— queries

export const listCycles = async (db: SillonDB): Promise<Cycle[]> =>
  live(await db.cycles.toArray()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));

export const getCycle = async (db: SillonDB, id: string): Promise<Cycle | undefined> => {
  const c = await db.cycles.get(id);
  return c && !c.deleted ? c : undefined;
};

/** A cycle's sessions in date and time order. */
export const sessionsOfCycle = async (db: SillonDB, cycleId: string): Promise<CycleSession[]> =>
  live(await db.cycleSessions.where('cycleId').equals(cycleId).toArray()).sort(
    (a, b) => a.date.localeCompare(b.date) || a.debut.localeCompare(b.debut),
  );

export const getSession = async (db: SillonDB, id: string): Promise<CycleSession | undefined> => {
  const s = await db.cycleSessions.get(id);
  return s && !s.deleted ? s : undefined;
};

/** Sessions between two days (inclusive), every cycle: the planning. */
export const sessionsBetween = async (db: SillonDB, from: string, to: string): Promise<CycleSession[]> =>
  live(await db.cycleSessions.where('date').between(from, to, true, true).toArray()).sort(
    (a, b) => a.date.localeCompare(b.date) || a.debut.localeCompare(b.debut),
  );

export const registrationsOfCycle = async (db: SillonDB, cycleId: string): Promise<Registration[]> =>
  live(await db.registrations.where('cycleId').equals(cycleId).toArray());

export const attendancesOfSession = async (db: SillonDB, sessionId: string): Promise<Attendance[]> =>
  live(await db.attendances.where('sessionId').equals(sessionId).toArray());

/** Every attendance at a cycle's sessions, by session id. */
export const attendancesOfCycle = async (db: SillonDB, cycleId: string): Promise<Map<string, Attendance[]>> => {
  const sessions = await sessionsOfCycle(db, cycleId);
  const rows = live(await db.attendances.where('sessionId').anyOf(sessions.map((s) => s.id)).toArray());
  const bySession = new Map<string, Attendance[]>(sessions.map((s) => [s.id, []]));
  for (const a of rows) bySession.get(a.sessionId)?.push(a);
  return bySession;
};

export interface PersonSession {
  cycle: Cycle;
  session: CycleSession;
  status: Registration['status'];
}

/**
 * The sessions a person is registered (or waiting) for and still to be held — not closed — in date
 * order, cancelled and moved ones included: her page tells her so.
 */
export const sessionsOfPerson = async (db: SillonDB, beneficiaryId: string): Promise<PersonSession[]> => {
  const registrations = live(await db.registrations.where('beneficiaryId').equals(beneficiaryId).toArray()).filter(
    (r) => r.status !== 'annule',
  );
  const out: PersonSession[] = [];
  for (const r of registrations) {
    const cycle = await getCycle(db, r.cycleId);
    if (!cycle) continue;
    for (const session of await sessionsOfCycle(db, cycle.id))
      if (!session.activityId && (!r.sessionId || r.sessionId === session.id))
        out.push({ cycle, session, status: r.status });
  }
  return out.sort(
    (a, b) => a.session.date.localeCompare(b.session.date) || a.session.debut.localeCompare(b.session.debut),
  );
};

// ————————————————————————————————————————— cycles and sessions

export const createCycle = (db: SillonDB, input: CycleInput): Promise<Cycle> =>
  saveRecord<Cycle>(db, 'cycles', undefined, cycleFieldsOf(input) as Partial<Cycle>);

export const updateCycle = (db: SillonDB, id: string, input: CycleInput, base: EditBase): Promise<Cycle> =>
  saveAgainstBase<Cycle>(db, 'cycles', id, base, cycleFieldsOf(input));

export const createSession = async (db: SillonDB, cycleId: string, input: SessionInput): Promise<CycleSession> => {
  if (!(await getCycle(db, cycleId))) throw new WorkshopError('Ce cycle n’existe plus.');
  return saveRecord<CycleSession>(db, 'cycleSessions', undefined, {
    cycleId,
    ...sessionFieldsOf(input),
  } as Partial<CycleSession>);
};

/**
 * Moves, re-places or cancels a session: its registered people see it on their list — a move keeps
 * the slot first announced (movedFrom), shown as « déplacée du … au … ».
 */
export const updateSession = (
  db: SillonDB,
  id: string,
  input: SessionInput,
  base: EditBase,
): Promise<CycleSession> =>
  db.transaction('rw', [db.cycleSessions, db.registrations, db.outbox], async () => {
    const current = await getSession(db, id);
    let saved = await saveAgainstBase<CycleSession>(db, 'cycleSessions', id, base, sessionFieldsOf(input));
    const from = current ? movedFrom(current, saved) : saved.deplaceeDe;
    if (JSON.stringify(from) !== JSON.stringify(saved.deplaceeDe))
      saved = await saveRecord<CycleSession>(db, 'cycleSessions', id, { deplaceeDe: from } as Partial<CycleSession>);
    await promoteWaiting(db, saved.cycleId);
    return saved;
  });

export const cancelSession = (db: SillonDB, id: string, annulee = true): Promise<CycleSession> =>
  saveRecord<CycleSession>(db, 'cycleSessions', id, { annulee: annulee || undefined } as Partial<CycleSession>);

// ————————————————————————————————————————— registrations

/** Moves up whoever the waiting list lets in now (promotions), in the caller's transaction. */
const promoteWaiting = async (db: SillonDB, cycleId: string): Promise<string[]> => {
  const sessions = await sessionsOfCycle(db, cycleId);
  const registrations = (await registrationsOfCycle(db, cycleId)).filter((r) => r.status !== 'annule');
  const moved = promotions(sessions, registrations);
  for (const id of moved) await saveRecord<Registration>(db, 'registrations', id, { status: 'inscrit' });
  return moved;
};

/**
 * Registers a person for a whole cycle (no sessionId) or one session: « inscrit » while places are
 * left at every session concerned, otherwise on the waiting list. Twice for the same thing is refused.
 */
export const register = (
  db: SillonDB,
  cycleId: string,
  beneficiaryId: string,
  sessionId?: string,
  now = new Date(),
): Promise<Registration> =>
  db.transaction('rw', [db.cycles, db.cycleSessions, db.registrations, db.beneficiaries, db.outbox], async () => {
    if (!(await getCycle(db, cycleId))) throw new WorkshopError('Ce cycle n’existe plus.');
    const person = await db.beneficiaries.get(beneficiaryId);
    if (!person || person.deleted) throw new WorkshopError('Cette personne n’existe plus.');
    const sessions = await sessionsOfCycle(db, cycleId);
    if (sessionId && !sessions.some((s) => s.id === sessionId))
      throw new WorkshopError('Cette session ne fait pas partie du cycle.');
    const active = (await registrationsOfCycle(db, cycleId)).filter((r) => r.status !== 'annule');
    const clash = active.find(
      (r) => r.beneficiaryId === beneficiaryId && (!r.sessionId || !sessionId || r.sessionId === sessionId),
    );
    if (clash) throw new WorkshopError('Cette personne est déjà inscrite.');
    return saveRecord<Registration>(
      db,
      'registrations',
      undefined,
      {
        cycleId,
        beneficiaryId,
        ...(sessionId ? { sessionId } : {}),
        status: statusForNew(sessions, active, sessionId),
        registeredAt: now.toISOString(),
      },
      { now },
    );
  });

/** Cancels a registration; the first on the waiting list moves up into the place freed. */
export const unregister = (db: SillonDB, registrationId: string): Promise<string[]> =>
  db.transaction('rw', [db.cycleSessions, db.registrations, db.outbox], async () => {
    const r = await db.registrations.get(registrationId);
    if (!r || r.deleted) throw new WorkshopError('Cette inscription n’existe plus.');
    await saveRecord<Registration>(db, 'registrations', registrationId, { status: 'annule' });
    return promoteWaiting(db, r.cycleId);
  });

// ————————————————————————————————————————— attendance

/**
 * Present or absent, one tap. The record's id comes from the session and the person, so that two
 * tablets marking her at one session write one record (merged per field by the server).
 */
export const setPresence = (
  db: SillonDB,
  sessionId: string,
  beneficiaryId: string,
  present: boolean,
  options: { walkIn?: boolean } = {},
): Promise<Attendance> =>
  saveRecord<Attendance>(db, 'attendances', attendanceId(sessionId, beneficiaryId), {
    sessionId,
    beneficiaryId,
    present,
    ...(options.walkIn ? { walkIn: true } : {}),
  });

/**
 * A participant signs: present, with her signature (a blob, uploaded with the change) — the
 * afternoon's of a session spanning two half-days when `halfDay` says so (signatureFor).
 */
export const signPresence = async (
  db: SillonDB,
  sessionId: string,
  beneficiaryId: string,
  signature: string,
  now = new Date(),
  halfDay?: HalfDay,
): Promise<Attendance> =>
  saveRecord<Attendance>(
    db,
    'attendances',
    attendanceId(sessionId, beneficiaryId),
    {
      sessionId,
      beneficiaryId,
      present: true,
      ...(halfDay === 'apres_midi'
        ? { signatureApresMidi: signature, signedApresMidiAt: now.toISOString() }
        : { signature, signedAt: now.toISOString() }),
    },
    { blobs: [signature], now },
  );

/** Walk-ins who gave no name: La Coop's anonymous breakdown, on the session. */
export const setAnonymousWalkIns = (
  db: SillonDB,
  sessionId: string,
  participantsAnonymes: ParticipantsAnonymes | undefined,
): Promise<CycleSession> =>
  saveRecord<CycleSession>(db, 'cycleSessions', sessionId, {
    participantsAnonymes: participantsAnonymes && participantsAnonymes.total > 0 ? participantsAnonymes : undefined,
  } as Partial<CycleSession>);

/** The La Coop activity (atelier collectif) a session amounts to: no retyping. */
export const activityInputOf = (
  cycle: Cycle,
  session: CycleSession,
  presentIds: string[],
): ReturnType<typeof activityInputSchema.parse> =>
  activityInputSchema.parse({
    type: 'collectif',
    date: session.date,
    duree: dureeOf(session.debut, session.fin),
    typeLieu: session.lieuId ? 'lieu_activite' : 'autre',
    ...(session.lieuId ? { lieuId: session.lieuId } : { lieuCommune: session.commune }),
    thematiques: cycle.thematiques,
    materiel: [],
    beneficiaryIds: presentIds,
    titreAtelier: cycle.titre,
    ...(cycle.niveau ? { niveau: cycle.niveau } : {}),
    ...(session.participantsAnonymes ? { participantsAnonymes: session.participantsAnonymes } : {}),
  });

/**
 * Closes a session: its signed sheet is kept (PDF and the advisor's signature, synced as blobs) and
 * its La Coop activity is created through the activities' own command, with the people present,
 * the anonymous breakdown, the durée from the times, the lieu and the cycle's thématiques.
 */
export const closeSession = (db: SillonDB, sessionId: string, emargement: Emargement): Promise<Activity> =>
  db.transaction(
    'rw',
    [db.cycles, db.cycleSessions, db.attendances, db.activities, db.meta, db.outbox],
    async () => {
      const session = await getSession(db, sessionId);
      if (!session) throw new WorkshopError('Cette session n’existe plus.');
      if (session.activityId) throw new WorkshopError('Cette session est déjà clôturée.');
      const cycle = await getCycle(db, session.cycleId);
      if (!cycle) throw new WorkshopError('Ce cycle n’existe plus.');
      const present = (await attendancesOfSession(db, sessionId)).filter((a) => a.present);
      let input;
      try {
        input = activityInputOf(cycle, session, present.map((a) => a.beneficiaryId));
      } catch {
        throw new WorkshopError('Personne n’est présent : notez au moins un participant avant de clôturer.');
      }
      const activity = await createActivity(db, input);
      await saveRecord<CycleSession>(
        db,
        'cycleSessions',
        sessionId,
        { emargement, activityId: activity.id, closedAt: emargement.signedAt },
        { blobs: RECORD_SCHEMAS.cycleSessions.blobs({ emargement }) },
      );
      return activity;
    },
  );
