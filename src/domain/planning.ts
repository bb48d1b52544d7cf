// The workshops' planning (issue 16): sessions by week (Monday to Sunday) and by commune, and the
// iCal file of those sessions for the advisors' calendars (ical-generator). Times are the local
// times typed (floating: 14:00 stays 14:00 in the calendar, wherever it is opened).
import ical from 'ical-generator';

import type { Cycle, CycleSession } from './workshops';

const DAY = 86_400_000;
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The Monday of the week holding `day` ('YYYY-MM-DD'). */
export const weekStart = (day: string): string => {
  const t = utc(day);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return dayOf(t - weekday * DAY);
};

export const addDays = (day: string, days: number): string => dayOf(utc(day) + days * DAY);

export interface PlannedSession {
  session: CycleSession;
  cycle: Cycle;
  /** Where, as printed (a lieu's name or the commune). */
  place: string;
  /** The commune it is grouped under. */
  commune: string;
}

export interface PlanningWeek {
  start: string;
  communes: { commune: string; sessions: PlannedSession[] }[];
}

/** Sessions (not cancelled) grouped by week, then by commune (French order), each in time order. */
export const planningByWeek = (sessions: readonly PlannedSession[]): PlanningWeek[] => {
  const weeks = new Map<string, Map<string, PlannedSession[]>>();
  const ordered = [...sessions]
    .filter((s) => !s.session.deleted && !s.session.annulee && !s.cycle.annule)
    .sort(
      (a, b) =>
        a.session.date.localeCompare(b.session.date) || a.session.debut.localeCompare(b.session.debut),
    );
  for (const s of ordered) {
    const week = weekStart(s.session.date);
    const communes = weeks.get(week) ?? new Map<string, PlannedSession[]>();
    weeks.set(week, communes);
    communes.set(s.commune, [...(communes.get(s.commune) ?? []), s]);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([start, communes]) => ({
      start,
      communes: [...communes.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'fr'))
        .map(([commune, list]) => ({ commune, sessions: list })),
    }));
};

const at = (day: string, time: string) =>
  new Date(
    Number(day.slice(0, 4)),
    Number(day.slice(5, 7)) - 1,
    Number(day.slice(8, 10)),
    Number(time.slice(0, 2)),
    Number(time.slice(3, 5)),
  );

/** An iCal calendar of the sessions (one event each, its id the session's: a re-import updates it). */
export const planningIcal = (
  sessions: readonly PlannedSession[],
  options: { name: string; stamp?: Date },
): string => {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Sillon', product: 'ateliers', language: 'FR' },
  });
  for (const s of sessions) {
    if (s.session.deleted || s.session.annulee) continue;
    calendar.createEvent({
      id: s.session.id,
      start: at(s.session.date, s.session.debut),
      end: at(s.session.date, s.session.fin),
      floating: true,
      ...(options.stamp ? { stamp: options.stamp } : {}),
      summary: s.cycle.titre,
      location: s.place,
      description: [s.cycle.description, s.cycle.inscription].filter(Boolean).join('\n'),
    });
  }
  return calendar.toString();
};
