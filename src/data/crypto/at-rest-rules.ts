// What each table keeps in clear on the tablet; every other field of a row is sealed
// (seal.ts). Clear: ids, dates, versions, La Coop codes and the index keys the queries need. The
// list is the one in docs/architecture.md (« Chiffrement au repos »): change both together.

/** Record metadata, clear in every record table. */
const META = ['id', 'structureId', 'createdBy', 'createdAt', 'updatedAt', 'deleted', 'serverVersion'] as const;

export interface TableRule {
  /** Fields kept in clear (the index keys among them). */
  readonly clear: ReadonlySet<string>;
  /** Whether the sealed part is bound to the row's key (not for auto-incremented keys). */
  readonly bindKey: boolean;
}

const record = (...fields: string[]): TableRule => ({ clear: new Set([...META, ...fields]), bindKey: true });

export const AT_REST_RULES: Readonly<Record<string, TableRule>> = {
  // searchTokens and sortKey are stored as keyed hashes (at-rest.ts); the words themselves are sealed.
  beneficiaries: record(
    'searchTokens',
    'sortKey',
    'anneeNaissance',
    'trancheAge',
    'commune',
    'genre',
    'statutSocial',
    'anonyme',
    'mergedInto',
  ),
  activities: record('type', 'date', 'beneficiaryIds', 'participations', 'lieuId', 'schemaVersion'),
  loans: record('itemIds', 'beneficiaryId', 'status', 'plannedReturnDate', 'startDate', 'returnDate'),
  itemEvents: record('itemId', 'date', 'type', 'loanId'),
  cycles: record('status'),
  cycleSessions: record('cycleId', 'date', 'status'),
  registrations: record('cycleId', 'sessionId', 'beneficiaryId', 'status'),
  attendances: record('sessionId', 'beneficiaryId', 'present'),
  passes: record('status', 'sessionId', 'activityId', 'dateReception'),
  drafts: { clear: new Set(['id', 'kind', 'updatedAt']), bindKey: true },
  outbox: {
    clear: new Set(['seq', 'table', 'recordId', 'op', 'baseVersion', 'blobs', 'at', 'schemaVersion', 'origin']),
    bindKey: false,
  },
  conflicts: { clear: new Set(['id', 'table', 'recordId', 'field', 'lostBy', 'detectedAt', 'resolvedAt']), bindKey: true },
  setAside: { clear: new Set(['key', 'table', 'id', 'version', 'damaged', 'at']), bindKey: true },
  // The statistics' month sums (src/data/stats-aggregates.ts): the thematiques, communes and durations
  // they count are sealed; the month and the participants' ids per type and advisor stay clear, as in
  // the activities. statsPeople holds only what is clear already (a fiche's figures, first session).
  statsMonths: { clear: new Set(['month', 'people']), bindKey: true },
  // A period's finished sums (src/data/stats-periods.ts): all sealed but the key (dates and filters).
  statsPeriods: { clear: new Set(['key']), bindKey: true },
  // The binary itself is sealed as bytes (not JSON); its hash, type and size stay clear.
  blobs: { clear: new Set(['hash', 'type', 'size', 'uploaded', 'storedAt']), bindKey: true },
};
