// One schema per synced table, for a record as stored (after a patch is merged): the server checks
// every push with it, the tablet every pulled record. Each composes the form's own schema (its fields,
// codes, lengths and rules across fields live once, in beneficiary.ts, activity.ts, lieu.ts, loans.ts)
// with what only a stored record has: its meta fields, derived fields, references as record ids, and
// strict objects (an unknown field name, at any depth, is refused).
//
// Two levels:
// - `structural`: types, La Coop codes, real dates, sizes, every field known. What a device needs to
//   apply a record without breaking a screen, a statistic or an export: the tablet sets aside a pulled
//   record that fails it. It depends on no clock (a tablet's clock may be wrong).
// - `full`: the same plus the forms' rules across fields (a name unless anonymous, at least one
//   thématique…): what the server accepts as the result of a push.
// A deleted record (tombstone) is checked structurally, every field optional: a deletion anonymises.
import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import {
  activityFields,
  activityRules,
  beneficiaireAnonymeSchema,
  participantsAnonymesSchema,
} from './activity';
import { beneficiaryFields, beneficiaryRules, communeSchema } from './beneficiary';
import { MERGE_REFUSALS } from './beneficiary-merge';
import { TRANCHES_AGE, values } from './enums';
import { annuaireFields } from './annuaire';
import { lieuInputSchema } from './lieu';
import { MAX_LOCK_IDLE_MINUTES, MIN_LOCK_IDLE_MINUTES } from './lock-timing';
import {
  BLOB_HASH_PATTERN,
  blobRefSchema,
  daySchema,
  instantSchema,
  LIST_LIMITS,
  optionalDaySchema,
  optionalText,
  recordIdSchema,
  requiredText,
  TEXT_LIMITS,
  AGREEMENT_MONTHS_MAX,
} from './limits';
import {
  ACCESSORIES,
  CONDITIONS,
  depositSchema,
  ITEM_STATUSES,
  itemInputSchema,
  loanFields,
  loanRules,
  RETURN_OUTCOMES,
  templateInputSchema,
} from './loans';
import { passFields, passRules } from './pass-numerique';
import type { SyncTable } from './records';
import { TABLE_SCHEMA_VERSIONS as V } from './schema-versions';
import {
  cycleFields,
  cycleRules,
  REGISTRATION_STATUSES,
  sessionFields,
  sessionRules,
  timeSchema,
} from './workshops';

/** Fields every stored record may carry: the server writes them, a device never does. */
const metaShape = lazySchema(() => ({
  id: recordIdSchema.optional(),
  structureId: recordIdSchema.optional(),
  createdBy: z.string().max(100).optional(),
  createdAt: instantSchema.optional(),
  updatedAt: instantSchema.optional(),
  deleted: z.boolean().optional(),
}));

const ids = (max: number) => z.array(recordIdSchema).max(max);
const accessories = lazySchema(() => z.array(z.enum(values(ACCESSORIES))).max(ACCESSORIES.length));
/** The structural level accepts any birth year up to this one (a tablet's clock may be wrong). */
const LATEST_YEAR = 2100;

const beneficiary = (maxYear: number) =>
  beneficiaryFields(maxYear)
    .extend({
      ...metaShape,
      commune: communeSchema.strict().optional(),
      trancheAge: z.enum(values(TRANCHES_AGE)).optional(),
      sortKey: z
        .string()
        .max(2 * TEXT_LIMITS.name + 10)
        .optional(),
      searchTokens: z.array(z.string().max(TEXT_LIMITS.name)).max(LIST_LIMITS.searchTokens).optional(),
      /** On a beneficiary deleted by a merge: the one she was merged into (src/domain/beneficiary-merge.ts). */
      mergedInto: recordIdSchema.optional(),
      /** « Conserver »: a coordinateur kept the fiche, so its retention year starts again (src/domain/anonymisation.ts). */
      keptAt: instantSchema.optional(),
    })
    .strict();

const activity = lazySchema(() =>
  activityFields
    .extend({
      ...metaShape,
      lieuId: recordIdSchema.optional(),
      lieuCommune: communeSchema.strict().optional(),
      beneficiaryIds: ids(LIST_LIMITS.participants).default([]),
      participantsAnonymes: participantsAnonymesSchema.strict().optional(),
      beneficiaireAnonyme: beneficiaireAnonymeSchema
        .extend({ commune: communeSchema.strict().optional() })
        .strict()
        .optional(),
    })
    .strict(),
);

const lieu = lazySchema(() =>
  lieuInputSchema.extend({ ...metaShape, commune: communeSchema.strict().optional() }).strict(),
);

const annuaire = lazySchema(() => annuaireFields.extend(metaShape).strict());

const item = lazySchema(() =>
  itemInputSchema.extend({ ...metaShape, lieuId: recordIdSchema.optional() }).strict(),
);

const loan = lazySchema(() =>
  loanFields
    .extend({
      ...metaShape,
      itemIds: ids(LIST_LIMITS.loanItems).min(1),
      beneficiaryId: recordIdSchema,
      deposit: depositSchema.strict().optional(),
      handover: z
        .array(
          z.strictObject({
            itemId: recordIdSchema,
            etat: z.enum(values(CONDITIONS)).optional(),
            accessoires: accessories.default([]),
            accessoiresAutres: optionalText(TEXT_LIMITS.label),
          }),
        )
        .max(LIST_LIMITS.loanItems)
        .default([]),
      extensions: z
        .array(
          z.strictObject({
            from: daySchema(),
            to: daySchema(),
            at: instantSchema,
            reason: optionalText(TEXT_LIMITS.label),
          }),
        )
        .max(LIST_LIMITS.loanHistory)
        .default([]),
      photo: blobRefSchema.optional(),
      returns: z
        .array(
          z.strictObject({
            itemId: recordIdSchema,
            date: daySchema(),
            outcome: z.enum(values(RETURN_OUTCOMES)),
            etat: z.enum(values(CONDITIONS)).optional(),
            accessoires: accessories.default([]),
            nextStatus: z.enum(values(ITEM_STATUSES)),
            note: optionalText(TEXT_LIMITS.notes),
          }),
        )
        .max(LIST_LIMITS.loanHistory)
        .default([]),
      status: z.enum(['en_cours', 'rendu']),
      returnedDate: optionalDaySchema,
      agreement: z
        .strictObject({
          text: requiredText(TEXT_LIMITS.agreement, 'Le texte de la convention manque'),
          beneficiarySignature: blobRefSchema,
          advisorSignature: blobRefSchema,
          pdf: blobRefSchema,
          signedAt: instantSchema,
        })
        .optional(),
    })
    .strict(),
);

/**
 * `mergedInto` only on a beneficiary deleted by a merge (a live record never names one: the full
 * schema of a live record refuses it), and never her own id (the tablet refuses such a merge,
 * mergeRefusal; the server must too).
 */
const notMergedIntoItself = (
  b: { id?: string | undefined; mergedInto?: string | undefined },
  ctx: z.RefinementCtx,
): void => {
  if (b.mergedInto !== undefined && b.mergedInto === b.id)
    ctx.addIssue({ code: 'custom', path: ['mergedInto'], message: MERGE_REFUSALS.same });
};
const onlyMergedAway = (b: { mergedInto?: string | undefined }, ctx: z.RefinementCtx): void => {
  if (b.mergedInto !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['mergedInto'],
      message: 'Seul un bénéficiaire supprimé par une fusion nomme celui qu’il a rejoint',
    });
};

/** Items handed over and returned are items of the loan, each returned once. */
const loanRecordRules = (l: z.infer<typeof loan>, ctx: z.RefinementCtx): void => {
  loanRules(l, ctx);
  const held = new Set(l.itemIds);
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (l.handover.some((h) => !held.has(h.itemId)))
    issue('handover', 'Un matériel remis ne fait pas partie du prêt');
  if (l.returns.some((r) => !held.has(r.itemId)))
    issue('returns', 'Un matériel rendu ne fait pas partie du prêt');
  if (new Set(l.returns.map((r) => r.itemId)).size !== l.returns.length)
    issue('returns', 'Un matériel est rendu deux fois');
};

const itemEvent = lazySchema(() =>
  z.strictObject({
    ...metaShape,
    itemId: recordIdSchema,
    date: instantSchema,
    kind: z.enum(['creation', 'statut', 'controle', 'pret', 'retour', 'prolongation']),
    fromStatus: z.enum(values(ITEM_STATUSES)).optional(),
    toStatus: z.enum(values(ITEM_STATUSES)).optional(),
    etat: z.enum(values(CONDITIONS)).optional(),
    loanId: recordIdSchema.optional(),
    note: optionalText(TEXT_LIMITS.notes),
  }),
);

const template = lazySchema(() =>
  templateInputSchema
    // The structure's one settings record also says where the structure is (src/domain/structure-profile.ts).
    .extend({
      ...metaShape,
      structureCommune: communeSchema.strict().optional(),
      /** Months a returned loan's signed agreement is kept (src/domain/anonymisation.ts; default 3). */
      agreementRetentionMonths: z.number().int().min(0).max(AGREEMENT_MONTHS_MAX).optional(),
      /** How beneficiaries reach the structure about their data (printed on the information notice). */
      structureContact: optionalText(TEXT_LIMITS.label),
      /** Minutes without activity before Sillon locks (src/domain/lock-timing.ts; default 10). */
      lockIdleMinutes: z.number().int().min(MIN_LOCK_IDLE_MINUTES).max(MAX_LOCK_IDLE_MINUTES).optional(),
    })
    .strict(),
);

const cycle = lazySchema(() => cycleFields.extend(metaShape).strict());

const cycleSession = lazySchema(() =>
  sessionFields
    .extend({
      ...metaShape,
      cycleId: recordIdSchema,
      lieuId: recordIdSchema.optional(),
      commune: communeSchema.strict().optional(),
      participantsAnonymes: participantsAnonymesSchema.strict().optional(),
      emargement: z
        .strictObject({
          pdf: blobRefSchema,
          advisorSignature: blobRefSchema,
          advisorName: requiredText(TEXT_LIMITS.name * 2, 'Le nom du conseiller manque'),
          signedAt: instantSchema,
          hash: z.string().regex(/^[0-9a-f]{64}$/, 'Empreinte invalide'),
        })
        .optional(),
      activityId: recordIdSchema.optional(),
      closedAt: instantSchema.optional(),
      deplaceeDe: z.strictObject({ date: daySchema(), debut: timeSchema(), fin: timeSchema() }).optional(),
    })
    .strict(),
);

const registration = lazySchema(() =>
  z.strictObject({
    ...metaShape,
    cycleId: recordIdSchema,
    sessionId: recordIdSchema.optional(),
    beneficiaryId: recordIdSchema,
    status: z.enum(REGISTRATION_STATUSES.map((s) => s.value) as ['inscrit', 'liste_attente', 'annule']),
    registeredAt: instantSchema,
  }),
);

const attendance = lazySchema(() =>
  z.strictObject({
    ...metaShape,
    sessionId: recordIdSchema,
    beneficiaryId: recordIdSchema,
    present: z.boolean(),
    walkIn: z.boolean().optional(),
    signature: blobRefSchema.optional(),
    signedAt: instantSchema.optional(),
    signatureApresMidi: blobRefSchema.optional(),
    signedApresMidiAt: instantSchema.optional(),
  }),
);

const pass = lazySchema(() =>
  passFields
    .extend({
      ...metaShape,
      beneficiaryId: recordIdSchema.optional(),
      activityId: recordIdSchema.optional(),
      sessionId: recordIdSchema.optional(),
      dateStatut: optionalDaySchema,
    })
    .strict(),
);

/** A field of a record that names another record of the same structure. */
export interface Reference {
  field: string;
  table: SyncTable;
  /** The ids it names in a record (none when absent or not well formed). */
  ids: (record: Record<string, unknown>) => string[];
}

const one =
  (field: string) =>
  (r: Record<string, unknown>): string[] =>
    typeof r[field] === 'string' ? [r[field]] : [];
const many =
  (field: string) =>
  (r: Record<string, unknown>): string[] =>
    Array.isArray(r[field]) ? (r[field] as unknown[]).filter((x): x is string => typeof x === 'string') : [];

/** An upgrade of a patch (or a whole record) written by an older app to the next schema version. */
export type Upgrade = (patch: Record<string, unknown>) => Record<string, unknown>;

export interface TableSchema {
  /** Version of this table's records; a change an older app wrote is upgraded, not refused. */
  version: number;
  /** `upgrades[n - 1]` turns version n into n + 1. */
  upgrades: Upgrade[];
  structural: z.ZodObject;
  full: (now: Date) => z.ZodType;
  references: Reference[];
  /** The blobs (signatures, PDF, photos) a record names: what makes the server let its structure read them. */
  blobs: (record: Record<string, unknown>) => string[];
}

const noBlobs = (): string[] => [];
const loanBlobs = (record: Record<string, unknown>): string[] => {
  const agreement = record.agreement as Record<string, unknown> | undefined;
  const values = [
    record.photo,
    ...(agreement && typeof agreement === 'object'
      ? [agreement.beneficiarySignature, agreement.advisorSignature, agreement.pdf]
      : []),
  ];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && BLOB_HASH_PATTERN.test(v)))];
};

const hashesOf = (...values: unknown[]): string[] => [
  ...new Set(values.filter((v): v is string => typeof v === 'string' && BLOB_HASH_PATTERN.test(v))),
];
const sessionBlobs = (record: Record<string, unknown>): string[] => {
  const e = record.emargement as Record<string, unknown> | undefined;
  return e && typeof e === 'object' ? hashesOf(e.pdf, e.advisorSignature) : [];
};

const byYear = new Map<number, z.ZodType>();

export const RECORD_SCHEMAS: Record<SyncTable, TableSchema> = {
  beneficiaries: {
    version: V.beneficiaries,
    upgrades: [],
    structural: lazySchema(() => beneficiary(LATEST_YEAR)),
    full: (now) => {
      const year = now.getFullYear();
      let schema = byYear.get(year);
      if (!schema)
        byYear.set(
          year,
          (schema = beneficiary(year).superRefine((b, ctx) => {
            beneficiaryRules(b, ctx);
            onlyMergedAway(b, ctx);
          })),
        );
      return schema;
    },
    // A merged-away beneficiary names the one she was merged into: tablets move activities and loans
    // by it, the server redirects edits along it (src/domain/beneficiary-merge.ts).
    references: [{ field: 'mergedInto', table: 'beneficiaries', ids: one('mergedInto') }],
    blobs: noBlobs,
  },
  activities: {
    version: V.activities,
    upgrades: [],
    structural: activity,
    full: () => activityFull,
    references: [
      { field: 'beneficiaryIds', table: 'beneficiaries', ids: many('beneficiaryIds') },
      { field: 'lieuId', table: 'lieux', ids: one('lieuId') },
    ],
    blobs: noBlobs,
  },
  lieux: {
    version: V.lieux,
    // 1 → 2: the national schema's fields were added, all optional: a change of version 1 stays valid.
    upgrades: [(patch) => patch],
    structural: lieu,
    full: () => lieu,
    references: [],
    blobs: noBlobs,
  },
  items: {
    version: V.items,
    upgrades: [],
    structural: item,
    full: () => item,
    references: [{ field: 'lieuId', table: 'lieux', ids: one('lieuId') }],
    blobs: noBlobs,
  },
  loans: {
    version: V.loans,
    upgrades: [],
    structural: loan,
    full: () => loanFull,
    references: [
      { field: 'itemIds', table: 'items', ids: many('itemIds') },
      { field: 'beneficiaryId', table: 'beneficiaries', ids: one('beneficiaryId') },
    ],
    blobs: loanBlobs,
  },
  itemEvents: {
    version: V.itemEvents,
    upgrades: [],
    structural: itemEvent,
    full: () => itemEvent,
    references: [
      { field: 'itemId', table: 'items', ids: one('itemId') },
      { field: 'loanId', table: 'loans', ids: one('loanId') },
    ],
    blobs: noBlobs,
  },
  settings: {
    version: V.settings,
    upgrades: [],
    structural: template,
    full: () => template,
    references: [],
    blobs: noBlobs,
  },
  annuaire: {
    version: V.annuaire,
    upgrades: [],
    structural: annuaire,
    full: () => annuaire,
    references: [],
    blobs: noBlobs,
  },
  cycles: {
    version: V.cycles,
    upgrades: [],
    structural: cycle,
    full: () => cycleFull,
    references: [],
    blobs: noBlobs,
  },
  cycleSessions: {
    version: V.cycleSessions,
    // 1 → 2: a moved session keeps the slot first announced (deplaceeDe), optional: a version-1 change stays valid.
    upgrades: [(patch) => patch],
    structural: cycleSession,
    full: () => cycleSessionFull,
    references: [
      { field: 'cycleId', table: 'cycles', ids: one('cycleId') },
      { field: 'lieuId', table: 'lieux', ids: one('lieuId') },
      { field: 'activityId', table: 'activities', ids: one('activityId') },
    ],
    blobs: sessionBlobs,
  },
  registrations: {
    version: V.registrations,
    upgrades: [],
    structural: registration,
    full: () => registration,
    references: [
      { field: 'cycleId', table: 'cycles', ids: one('cycleId') },
      { field: 'sessionId', table: 'cycleSessions', ids: one('sessionId') },
      { field: 'beneficiaryId', table: 'beneficiaries', ids: one('beneficiaryId') },
    ],
    blobs: noBlobs,
  },
  attendances: {
    version: V.attendances,
    // 1 → 2: the afternoon's signature of a session spanning two half-days, optional.
    upgrades: [(patch) => patch],
    structural: attendance,
    full: () => attendance,
    references: [
      { field: 'sessionId', table: 'cycleSessions', ids: one('sessionId') },
      { field: 'beneficiaryId', table: 'beneficiaries', ids: one('beneficiaryId') },
    ],
    blobs: (record) => hashesOf(record.signature, record.signatureApresMidi),
  },
  passes: {
    version: V.passes,
    upgrades: [],
    structural: pass,
    full: () => passFull,
    references: [
      { field: 'beneficiaryId', table: 'beneficiaries', ids: one('beneficiaryId') },
      { field: 'activityId', table: 'activities', ids: one('activityId') },
      { field: 'sessionId', table: 'cycleSessions', ids: one('sessionId') },
    ],
    blobs: noBlobs,
  },
};

const activityFull = lazySchema(() => activity.superRefine(activityRules));
const loanFull = lazySchema(() => loan.superRefine(loanRecordRules));
const cycleFull = lazySchema(() => cycle.superRefine(cycleRules));
const cycleSessionFull = lazySchema(() => cycleSession.superRefine(sessionRules));
const passFull = lazySchema(() => pass.superRefine(passRules));
const tombstones = new Map<SyncTable, z.ZodType>();

/** The schema a tombstone of `table` passes: structural, every field optional. */
export const tombstoneSchema = (table: SyncTable): z.ZodType => {
  let schema = tombstones.get(table);
  if (!schema) {
    const partial = RECORD_SCHEMAS[table].structural.partial().strict();
    schema = table === 'beneficiaries' ? partial.superRefine(notMergedIntoItself) : partial;
    tombstones.set(table, schema);
  }
  return schema;
};

/** Field names a record of `table` may carry. */
export const knownFields = (table: SyncTable): ReadonlySet<string> => {
  let fields = fieldSets.get(table);
  if (!fields) fieldSets.set(table, (fields = new Set(Object.keys(RECORD_SCHEMAS[table].structural.shape))));
  return fields;
};
const fieldSets = new Map<SyncTable, ReadonlySet<string>>();
