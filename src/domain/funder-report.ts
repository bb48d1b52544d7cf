// What a funder asks of a cycle or a period (issue 16): the people who came by tranche d'âge, genre,
// commune de résidence and statut (the conférence des financeurs looks at people over 60), the
// attendance rate, sessions held, hours delivered and passes received — pure, from the records.
import type { ParticipantsAnonymes } from './activity';
import type { Beneficiary } from './beneficiary';
import { GENRES, labelOf, STATUTS_SOCIAUX, TRANCHES_AGE } from './enums';
import type { ExportSheet } from './exports/sheet';
import type { Pass } from './pass-numerique';
import { dureeOf, type Attendance, type CycleSession, type Registration } from './workshops';

export interface FunderReport {
  funder: string;
  from: string;
  to: string;
  sessionsHeld: number;
  /** Whole minutes delivered (sessions held × their durée). */
  minutes: number;
  /** Identified people who came at least once, plus anonymous walk-ins counted per session. */
  participants: number;
  anonymous: number;
  /** Presences over the places expected (registered people at the sessions held), 0 to 1. */
  attendanceRate: number | undefined;
  over60: number;
  byTrancheAge: Record<string, number>;
  byGenre: Record<string, number>;
  byStatut: Record<string, number>;
  byCommune: Record<string, number>;
  passes: { count: number; amount: number };
}

const bump = (into: Record<string, number>, key: string, n = 1) => {
  if (n) into[key] = (into[key] ?? 0) + n;
};
const OVER_60 = new Set(['soixante_soixante_neuf', 'soixante_dix_plus']);

export const funderReport = (input: {
  funder: string;
  from: string;
  to: string;
  sessions: readonly CycleSession[];
  registrations: readonly Registration[];
  attendances: readonly Attendance[];
  people: ReadonlyMap<string, Pick<Beneficiary, 'trancheAge' | 'genre' | 'statutSocial' | 'commune'>>;
  passes: readonly Pass[];
}): FunderReport => {
  const held = input.sessions.filter(
    (s) => !s.deleted && !s.annulee && s.activityId && s.date >= input.from && s.date <= input.to,
  );
  const heldIds = new Set(held.map((s) => s.id));
  const present = input.attendances.filter((a) => !a.deleted && a.present && heldIds.has(a.sessionId));
  const came = new Set(present.map((a) => a.beneficiaryId));
  const report: FunderReport = {
    funder: input.funder,
    from: input.from,
    to: input.to,
    sessionsHeld: held.length,
    minutes: held.reduce((m, s) => m + dureeOf(s.debut, s.fin), 0),
    participants: came.size,
    anonymous: 0,
    attendanceRate: undefined,
    over60: 0,
    byTrancheAge: {},
    byGenre: {},
    byStatut: {},
    byCommune: {},
    passes: { count: 0, amount: 0 },
  };
  for (const id of came) {
    const b = input.people.get(id);
    const tranche = b?.trancheAge ?? 'non_communique';
    bump(report.byTrancheAge, tranche);
    if (OVER_60.has(tranche)) report.over60 += 1;
    bump(report.byGenre, b?.genre ?? 'non_communique');
    bump(report.byStatut, b?.statutSocial ?? 'non_communique');
    bump(report.byCommune, b?.commune?.nom ?? 'Non communiquée');
  }
  for (const s of held) {
    const a: ParticipantsAnonymes | undefined = s.participantsAnonymes;
    if (!a) continue;
    report.anonymous += a.total;
    let known = 0;
    for (const [k, n] of Object.entries(a.trancheAge)) {
      bump(report.byTrancheAge, k, n ?? 0);
      known += n ?? 0;
      if (OVER_60.has(k)) report.over60 += n ?? 0;
    }
    bump(report.byTrancheAge, 'non_communique', a.total - known);
    const genres = Object.entries(a.genre);
    for (const [k, n] of genres) bump(report.byGenre, k, n ?? 0);
    bump(report.byGenre, 'non_communique', a.total - genres.reduce((t, [, n]) => t + (n ?? 0), 0));
    const statuts = Object.entries(a.statutSocial);
    for (const [k, n] of statuts) bump(report.byStatut, k, n ?? 0);
    bump(report.byStatut, 'non_communique', a.total - statuts.reduce((t, [, n]) => t + (n ?? 0), 0));
  }
  report.participants += report.anonymous;
  const expected = held.reduce(
    (n, s) =>
      n +
      input.registrations.filter(
        (r) =>
          !r.deleted &&
          r.status === 'inscrit' &&
          (r.sessionId === undefined || r.sessionId === s.id) &&
          r.cycleId === s.cycleId,
      ).length,
    0,
  );
  const registeredPresent = present.filter((a) => !a.walkIn).length;
  report.attendanceRate = expected ? registeredPresent / expected : undefined;
  const passes = input.passes.filter(
    (p) => !p.deleted && p.status !== 'refuse' && p.sessionId !== undefined && heldIds.has(p.sessionId),
  );
  report.passes = { count: passes.length, amount: passes.reduce((t, p) => t + p.valeur, 0) };
  return report;
};

const labelled = (counts: Record<string, number>, list: readonly { value: string; label: string }[]) =>
  Object.entries(counts).map(([k, n]) => [labelOf(list, k) || k, n] as [string, number]);

/** The report as one sheet (XLSX through src/data/export-files.ts). */
export const funderReportSheet = (r: FunderReport, title: string): ExportSheet => ({
  name: 'Rapport financeur',
  rows: [
    { cells: [title], style: 'title' },
    { cells: ['Financeur', r.funder] },
    { cells: ['Période', `${r.from} au ${r.to}`] },
    { cells: ['Sessions tenues', r.sessionsHeld] },
    { cells: ['Heures délivrées', Math.round((r.minutes / 60) * 100) / 100] },
    { cells: ['Participants', r.participants] },
    { cells: ['Dont anonymes', r.anonymous] },
    { cells: ['Dont 60 ans et plus', r.over60] },
    {
      cells: [
        'Taux de présence des inscrits',
        r.attendanceRate === undefined ? null : Math.round(r.attendanceRate * 1000) / 10,
      ],
    },
    { cells: ['Pass Numérique reçus', r.passes.count] },
    { cells: ['Montant des pass (€)', r.passes.amount] },
    { cells: [] },
    { cells: ['Tranche d’âge', 'Participants'], style: 'header' },
    ...labelled(r.byTrancheAge, TRANCHES_AGE).map((c) => ({ cells: c })),
    { cells: [] },
    { cells: ['Genre', 'Participants'], style: 'header' },
    ...labelled(r.byGenre, GENRES).map((c) => ({ cells: c })),
    { cells: [] },
    { cells: ['Statut', 'Participants'], style: 'header' },
    ...labelled(r.byStatut, STATUTS_SOCIAUX).map((c) => ({ cells: c })),
    { cells: [] },
    { cells: ['Commune de résidence', 'Participants'], style: 'header' },
    ...Object.entries(r.byCommune)
      .sort(([a], [b]) => a.localeCompare(b, 'fr'))
      .map((c) => ({ cells: c })),
  ],
});
