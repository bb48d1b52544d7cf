// The tablet's side of the RGPD lifecycle (src/domain/anonymisation.ts): what the server's daily job
// will anonymise within the next 30 days, « Conserver » (an update that starts her year again), and
// the structure's delay before a returned loan's signed agreement is erased. The anonymisation itself
// is the server's: it reaches the tablet as an ordinary pulled change.
import {
  agreementMonthsOf,
  anonymisationDue,
  anonymisingPatch,
  dueSoon,
  namingTables,
} from '../domain/anonymisation';
import { RECORD_SCHEMAS } from '../domain/record-schemas';
import type { Beneficiary } from '../domain/beneficiary';
import type { AgreementTemplate } from '../domain/loans';
import type { SillonDB } from './db';
import { canEditAgreementTemplate, getAgreementTemplate } from './loans';
import { saveRecord } from './records';

export interface DueBeneficiary {
  beneficiary: Beneficiary;
  /** When the server's job will anonymise her, unless she is updated or kept before. */
  due: Date;
}

/** Beneficiaries whose personal data is due for anonymisation within 30 days (or overdue), soonest first. */
export const listDueForAnonymisation = async (db: SillonDB, now: Date = new Date()): Promise<DueBeneficiary[]> => {
  const named = new Map<string, string[]>();
  const note = (id: string, at: string | undefined) => {
    if (!at) return;
    const list = named.get(id);
    if (list) list.push(at);
    else named.set(id, [at]);
  };
  // Every record naming her (sessions, loans, registrations…), by the tables' declared references.
  for (const table of namingTables()) {
    const refs = RECORD_SCHEMAS[table].references.filter((r) => r.table === 'beneficiaries');
    await db.table(table).each((record: Record<string, unknown>) => {
      if (record.deleted) return;
      for (const ref of refs) for (const id of ref.ids(record)) note(id, record.updatedAt as string | undefined);
    });
  }
  const due: DueBeneficiary[] = [];
  await db.beneficiaries.each((b) => {
    if (b.deleted || !anonymisingPatch('beneficiaries', b as unknown as Record<string, unknown>)) return;
    const at = anonymisationDue([b.updatedAt, b.createdAt, b.keptAt, ...(named.get(b.id) ?? [])]);
    if (dueSoon(at, now)) due.push({ beneficiary: b, due: at });
  });
  return due.sort((x, y) => x.due.getTime() - y.due.getTime());
};

/** « Conserver »: an update of her record (synced), so her year starts again on the server too. */
export const keepBeneficiary = (db: SillonDB, id: string, now: Date = new Date()): Promise<Beneficiary> =>
  saveRecord<Beneficiary>(db, 'beneficiaries', id, { keptAt: now.toISOString() }, { now });

type Settings = AgreementTemplate & {
  agreementRetentionMonths?: number;
  structureContact?: string;
  lockIdleMinutes?: number;
};

/** Months a returned loan's signed agreement is kept (the structure's setting, default 3). */
export const getAgreementMonths = async (db: SillonDB): Promise<number> =>
  agreementMonthsOf((await getAgreementTemplate(db)) as unknown as Record<string, unknown>);

/** One field of the structure's settings record (a coordinateur's), synced like any record. */
export const saveSetting = async (db: SillonDB, change: Partial<Settings>): Promise<void> => {
  if (!canEditAgreementTemplate()) throw new Error('Seul un coordinateur peut modifier ce réglage.');
  const current = await getAgreementTemplate(db);
  await db.transaction('rw', db.settings, db.outbox, async () => {
    const stored = await db.settings.get(current.id);
    // As the structure's commune (src/data/structure-profile.ts): a record the server lacks travels whole.
    const changes: Partial<Settings> = stored ? change : { title: current.title, body: current.body, ...change };
    await saveRecord<Settings>(db, 'settings', current.id, changes);
  });
};

export const saveAgreementMonths = (db: SillonDB, months: number): Promise<void> =>
  saveSetting(db, { agreementRetentionMonths: months });

/** What the information notice prints for the structure (src/domain/privacy-notice.ts). */
export const getNoticeSettings = async (
  db: SillonDB,
): Promise<{ structureName?: string; structureContact?: string; agreementMonths: number }> => {
  const settings = (await getAgreementTemplate(db)) as Settings;
  return {
    ...(settings.structureName ? { structureName: settings.structureName } : {}),
    ...(settings.structureContact ? { structureContact: settings.structureContact } : {}),
    agreementMonths: agreementMonthsOf(settings as unknown as Record<string, unknown>),
  };
};

/** Minutes without activity before the lock (the structure's setting; undefined: the default). */
export const getLockIdleMinutes = async (db: SillonDB): Promise<number | undefined> =>
  ((await getAgreementTemplate(db)) as Settings).lockIdleMinutes;

export const saveLockIdleMinutes = (db: SillonDB, minutes: number): Promise<void> =>
  saveSetting(db, { lockIdleMinutes: minutes });

export const saveStructureContact = (db: SillonDB, contact: string): Promise<void> =>
  saveSetting(db, { structureContact: contact.trim() || undefined });
