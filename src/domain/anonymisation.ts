// The RGPD lifecycle of a beneficiary, as La Coop's policy states it (its « Politique de
// confidentialité », ../shared/reference/domain.md §6): « Données relatives aux bénéficiaires : 1 an
// après la dernière mise à jour des données, puis anonymisation totale » and « Données
// d'accompagnement : conservation illimitée (anonymisées après 1 an) ». One rule, read by the server's
// daily job (server/anonymisation.ts), which writes the anonymised records as ordinary changes that
// every tablet pulls, and by the coordinateur's screen that lists what is due in the next 30 days.
//
// What « personal » means per table is said once, in PERSONAL_DATA: a new table or field that holds
// personal data is added there, and the job, the erasure and the export follow.
import { RECORD_SCHEMAS } from './record-schemas';
import { SYNC_TABLES, type SyncTable } from './records';
import { AGREEMENT_MONTHS_MAX as AGREEMENT_MONTHS_LIMIT } from './limits';
import { BENEFICIARY_PERSONAL_FIELDS } from './retention';
import { searchTokens } from './text';

const DAY = 86_400_000;

/** Personal data is anonymised this many months after its last update. */
export const RETENTION_MONTHS = 12;
/** The coordinateur sees what will be anonymised within this many days. */
export const DUE_SOON_DAYS = 30;
/** A signed loan agreement is erased this long after the loan's return, unless the structure says otherwise. */
export const DEFAULT_AGREEMENT_MONTHS = 3;
/** The bounds of the structure's setting (0: erased at the return); in limits.ts, which the schemas read. */
export { AGREEMENT_MONTHS_MAX } from './limits';

/** The sort key of an anonymous beneficiary (src/data/beneficiaries.ts: the end of the list). */
export const ANONYMOUS_SORT_KEY = '~';

interface PersonalData {
  /** Fields that identify a person, removed by the anonymisation. */
  fields: readonly string[];
  /** What the anonymised record holds instead (derived fields recomputed without the person). */
  replace?: (data: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * The personal data of each table, anonymised a year after the record's last update. A
 * beneficiary keeps what the statistics read (genre, année de naissance, tranche d'âge, statut,
 * commune) and becomes « anonyme »; a session keeps everything but its free notes.
 */
export const PERSONAL_DATA: Partial<Record<SyncTable, PersonalData>> = {
  beneficiaries: {
    fields: BENEFICIARY_PERSONAL_FIELDS.filter((f) => f !== 'searchTokens' && f !== 'sortKey'),
    replace: (data) => ({
      anonyme: true,
      sortKey: ANONYMOUS_SORT_KEY,
      searchTokens: searchTokens((data.commune as { nom?: string } | undefined)?.nom),
    }),
  },
  activities: { fields: ['notes'] },
};

/**
 * Tables whose records name a beneficiary (sessions, loans, registrations…): updating one keeps her.
 * A function: record-schemas.ts reads this module's constants while it loads.
 */
export const namingTables = (): SyncTable[] =>
  SYNC_TABLES.filter(
    (t) => t !== 'beneficiaries' && RECORD_SCHEMAS[t].references.some((r) => r.table === 'beneficiaries'),
  );

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The change (a patch: null clears a field) that anonymises a record of `table`, or undefined when
 * it holds no personal data any more (an anonymous record is left as it is).
 */
export const anonymisingPatch = (
  table: SyncTable,
  data: Record<string, unknown>,
): Record<string, unknown> | undefined => {
  const rule = PERSONAL_DATA[table];
  if (!rule) return undefined;
  const patch: Record<string, unknown> = {};
  for (const field of rule.fields) if (data[field] !== undefined && data[field] !== null) patch[field] = null;
  if (Object.keys(patch).length === 0) return undefined;
  for (const [field, value] of Object.entries(rule.replace?.(data) ?? {}))
    if (!same(data[field], value)) patch[field] = value;
  return patch;
};

const addMonths = (time: number, months: number): number => {
  const d = new Date(time);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
};

const latest = (dates: (string | undefined | null)[]): number =>
  Math.max(0, ...dates.map((d) => (d ? Date.parse(d) : NaN)).filter(Number.isFinite));

/**
 * When a person's data is due for anonymisation: RETENTION_MONTHS after the last update of her
 * record or of a session or loan that names her (an advisor who keeps accompanying someone keeps
 * her fiche). `lastUpdates` are ISO instants.
 */
export const anonymisationDue = (lastUpdates: (string | undefined | null)[]): Date =>
  new Date(addMonths(latest(lastUpdates), RETENTION_MONTHS));

/** Updated before this instant: due now. */
export const retentionCutoff = (now: Date): Date => new Date(addMonths(now.getTime(), -RETENTION_MONTHS));

/** Due within DUE_SOON_DAYS (or already due, not yet done): what the coordinateur is shown. */
export const dueSoon = (due: Date, now: Date): boolean =>
  due.getTime() <= now.getTime() + DUE_SOON_DAYS * DAY;

/** The structure's setting, read from its settings record: months an agreement is kept after the return. */
export const agreementMonthsOf = (settings: Record<string, unknown> | undefined): number => {
  const months = settings?.agreementRetentionMonths;
  return typeof months === 'number' &&
    Number.isInteger(months) &&
    months >= 0 &&
    months <= AGREEMENT_MONTHS_LIMIT
    ? months
    : DEFAULT_AGREEMENT_MONTHS;
};

/**
 * Whether a loan's signed agreement is due for erasure: kept while the loan is open, then
 * `months` after its return day.
 */
export const agreementDue = (
  loan: { status?: unknown; returnedDate?: unknown; agreement?: unknown; deleted?: unknown },
  months: number,
  now: Date,
): boolean => {
  if (!loan.agreement || loan.status !== 'rendu' || typeof loan.returnedDate !== 'string') return false;
  const returned = Date.parse(`${loan.returnedDate}T00:00:00Z`);
  return Number.isFinite(returned) && addMonths(returned, months) <= now.getTime();
};

/** The change that erases a loan's signed agreement (its PDF and signatures leave with the reference). */
export const AGREEMENT_ERASURE = { agreement: null } as const;
