// Records a structure has exactly one of (the loan-agreement template; any future structure-wide
// setting): their id is derived from the structure's id, so that two structures on one server never
// share one, and every tablet of a structure computes the same id without asking the server.
import { v5 as uuidv5 } from 'uuid';

import { AGREEMENT_TEMPLATE_ID } from './loans';
import type { SyncTable } from './records';

export const SINGLETONS = {
  /** The loan-agreement template (table `settings`). */
  agreementTemplate: {
    table: 'settings',
    /** The one fixed id the first version used for every structure (tablets signed in before). */
    legacyId: AGREEMENT_TEMPLATE_ID,
  },
} as const satisfies Record<string, { table: SyncTable; legacyId: string }>;
export type SingletonKind = keyof typeof SINGLETONS;

/** The structure's own id for one of its singletons (UUID v5 of the kind, named by the structure). */
export const singletonId = (structureId: string, kind: SingletonKind): string => uuidv5(kind, structureId);

/** The singleton a record id designates for a structure, or undefined. */
export const singletonOf = (structureId: string, table: SyncTable, id: string): SingletonKind | undefined =>
  (Object.keys(SINGLETONS) as SingletonKind[]).find(
    (kind) => SINGLETONS[kind].table === table && singletonId(structureId, kind) === id,
  );

/** The singleton a legacy fixed id stood for, or undefined. */
export const legacySingleton = (table: SyncTable, id: string): SingletonKind | undefined =>
  (Object.keys(SINGLETONS) as SingletonKind[]).find(
    (kind) => SINGLETONS[kind].table === table && SINGLETONS[kind].legacyId === id,
  );

/** Tables whose every record is a singleton. */
export const SINGLETON_TABLES: ReadonlySet<SyncTable> = new Set(
  Object.values(SINGLETONS).map((s) => s.table),
);
