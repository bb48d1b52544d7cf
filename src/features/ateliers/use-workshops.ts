// Live queries of the workshops' screens: each re-renders when a pull or another tab changes the data.
import { useLiveQuery } from 'dexie-react-hooks';

import { getBeneficiariesByIds } from '../../data/beneficiaries';
import { getDb } from '../../data/db';
import { listLieux } from '../../data/lieux';
import {
  attendancesOfCycle,
  attendancesOfSession,
  getCycle,
  getSession,
  listCycles,
  registrationsOfCycle,
  sessionsOfCycle,
} from '../../data/workshops';
import type { Beneficiary } from '../../domain/beneficiary';
import type { Lieu } from '../../domain/lieu';
import type { Attendance, Cycle, CycleSession, Registration } from '../../domain/workshops';

export const useCycles = () =>
  useLiveQuery(async () => {
    const db = getDb();
    const cycles = await listCycles(db);
    const counts = new Map<string, number>();
    for (const c of cycles) counts.set(c.id, (await sessionsOfCycle(db, c.id)).length);
    return { cycles, counts };
  }, []);

export interface CycleDetails {
  cycle: Cycle;
  sessions: CycleSession[];
  registrations: Registration[];
  attendances: Map<string, Attendance[]>;
  people: Map<string, Beneficiary>;
  lieux: Map<string, Lieu>;
}

const peopleOf = async (ids: string[]) =>
  new Map((await getBeneficiariesByIds(getDb(), [...new Set(ids)])).map((b) => [b.id, b]));

/** A cycle with its sessions, registrations, attendance and the people they name; null when missing. */
export const useCycleDetails = (id: string | undefined) =>
  useLiveQuery(async (): Promise<CycleDetails | null> => {
    const db = getDb();
    const cycle = id ? await getCycle(db, id) : undefined;
    if (!cycle) return null;
    const [sessions, registrations, attendances, lieux] = await Promise.all([
      sessionsOfCycle(db, cycle.id),
      registrationsOfCycle(db, cycle.id),
      attendancesOfCycle(db, cycle.id),
      listLieux(db),
    ]);
    const people = await peopleOf([
      ...registrations.map((r) => r.beneficiaryId),
      ...[...attendances.values()].flat().map((a) => a.beneficiaryId),
    ]);
    return {
      cycle,
      sessions,
      registrations,
      attendances,
      people,
      lieux: new Map(lieux.map((l) => [l.id, l])),
    };
  }, [id]);

export interface SessionDetails extends CycleDetails {
  session: CycleSession;
  /** This session's attendance, by person. */
  here: Map<string, Attendance>;
}

export const useSessionDetails = (sessionId: string | undefined) =>
  useLiveQuery(async (): Promise<SessionDetails | null> => {
    const db = getDb();
    const session = sessionId ? await getSession(db, sessionId) : undefined;
    if (!session) return null;
    const cycle = await getCycle(db, session.cycleId);
    if (!cycle) return null;
    const [sessions, registrations, here, lieux] = await Promise.all([
      sessionsOfCycle(db, cycle.id),
      registrationsOfCycle(db, cycle.id),
      attendancesOfSession(db, session.id),
      listLieux(db),
    ]);
    const people = await peopleOf([
      ...registrations.map((r) => r.beneficiaryId),
      ...here.map((a) => a.beneficiaryId),
    ]);
    return {
      cycle,
      session,
      sessions,
      registrations,
      attendances: new Map([[session.id, here]]),
      here: new Map(here.map((a) => [a.beneficiaryId, a])),
      people,
      lieux: new Map(lieux.map((l) => [l.id, l])),
    };
  }, [sessionId]);

/** Where a session takes place, as printed: the lieu's name or the commune (and its precision). */
export const placeOf = (s: CycleSession, lieux: Map<string, Lieu>): string =>
  [s.lieuId ? (lieux.get(s.lieuId)?.nom ?? '') : (s.commune?.nom ?? ''), s.lieuPrecision]
    .filter(Boolean)
    .join(', ');
