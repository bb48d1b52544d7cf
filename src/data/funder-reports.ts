// The funder report of a cycle or a period (issue 16): which sessions it covers, and the records the
// pure rule (src/domain/funder-report.ts) reads — registrations, attendance, the people who came, passes.
import { funderReport, type FunderReport } from '../domain/funder-report';
import type { Cycle, CycleSession } from '../domain/workshops';
import { getBeneficiariesByIds } from './beneficiaries';
import type { SillonDB } from './db';
import { listPasses } from './passes';
import { listCycles, registrationsOfCycle, sessionsBetween, sessionsOfCycle } from './workshops';

export interface FunderReportScope {
  funder: string;
  from: string;
  to: string;
  /** One cycle; absent: every cycle naming the funder (every cycle when none names it). */
  cycleId?: string | undefined;
}

export interface FunderReportResult {
  report: FunderReport;
  /** The cycles counted, by title. */
  cycles: Cycle[];
  /** Period only: no cycle names this funder, so every cycle of the period is counted. */
  noCycleNamesFunder: boolean;
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('fr') === b.trim().toLocaleLowerCase('fr');

/** Every funder named on a cycle, once, in French order (the screen offers them). */
export const knownFunders = async (db: SillonDB): Promise<string[]> => {
  const names = new Map<string, string>();
  for (const c of await listCycles(db))
    for (const f of c.financeurs) if (!names.has(f.toLocaleLowerCase('fr'))) names.set(f.toLocaleLowerCase('fr'), f);
  return [...names.values()].sort((a, b) => a.localeCompare(b, 'fr'));
};

export const loadFunderReport = async (db: SillonDB, scope: FunderReportScope): Promise<FunderReportResult> => {
  const all = await listCycles(db);
  let cycles: Cycle[];
  let noCycleNamesFunder = false;
  if (scope.cycleId) cycles = all.filter((c) => c.id === scope.cycleId);
  else {
    const named = scope.funder.trim() ? all.filter((c) => c.financeurs.some((f) => sameName(f, scope.funder))) : [];
    noCycleNamesFunder = named.length === 0;
    cycles = noCycleNamesFunder ? all : named;
  }
  const ids = new Set(cycles.map((c) => c.id));
  const sessions: CycleSession[] = scope.cycleId
    ? await sessionsOfCycle(db, scope.cycleId)
    : (await sessionsBetween(db, scope.from, scope.to)).filter((s) => ids.has(s.cycleId));
  const counted = cycles.filter((c) => sessions.some((s) => s.cycleId === c.id));
  const registrations = (await Promise.all(counted.map((c) => registrationsOfCycle(db, c.id)))).flat();
  const attendances = (
    await db.attendances
      .where('sessionId')
      .anyOf(sessions.map((s) => s.id))
      .toArray()
  ).filter((a) => !a.deleted);
  const people = await getBeneficiariesByIds(db, [...new Set(attendances.map((a) => a.beneficiaryId))]);
  const report = funderReport({
    funder: scope.funder.trim(),
    from: scope.from,
    to: scope.to,
    sessions,
    registrations,
    attendances,
    people: new Map(people.map((b) => [b.id, b])),
    passes: await listPasses(db),
  });
  return { report, cycles: counted, noCycleNamesFunder };
};
