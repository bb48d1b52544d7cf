// The beneficiaries list's exports: « Bénéficiaires » laid out as La Coop's, its table as CSV, and
// « Exporter pour La Coop », the file La Coop's « Importer des bénéficiaires » takes. All respect the
// list's search, as La Coop's export does (exporter-beneficiaires.ts: every match, no pagination).
import type { Beneficiary } from '../domain/beneficiary';
import { buildBeneficiairesSheet } from '../domain/exports';
import { buildLacoopImportFile, type LacoopLeftOutReason } from '../domain/lacoop-template';
import { searchBeneficiaries } from './beneficiaries';
import type { SillonDB } from './db';
import type { ExportAuthor, ExportFile } from './stats';

export type BeneficiariesExportFormat = 'xlsx' | 'csv' | 'lacoop';

export interface BeneficiariesExportRequest extends ExportAuthor {
  format: BeneficiariesExportFormat;
  /** The list's search; empty: every beneficiary. */
  query: string;
}

/** What went into a file, for the screen to say. */
export interface BeneficiariesExportSummary {
  /** People in the file. */
  count: number;
  /** « Exporter pour La Coop »: people La Coop would refuse, left out, by reason. */
  leftOut?: Partial<Record<LacoopLeftOutReason, number>>;
  /** « Exporter pour La Coop »: people written without a commune La Coop does not know. */
  communesUnknown?: number;
  /** « Exporter pour La Coop »: people written without a phone La Coop would not take. */
  phonesDropped?: number;
}

export interface BeneficiariesExportFile extends ExportFile {
  summary: BeneficiariesExportSummary;
}

/** Every beneficiary the list shows for this search (identified first, anonymous ones last). */
export const matchingBeneficiaries = async (db: SillonDB, query: string): Promise<Beneficiary[]> =>
  query.trim()
    ? searchBeneficiaries(db, query, Number.POSITIVE_INFINITY)
    : // Tombstones have no sortKey: the index holds exactly the list (its keys are hashes: sorted
      // here on the opened names, src/data/crypto/at-rest.ts).
      (await db.beneficiaries.orderBy('sortKey').toArray()).sort((a, b) =>
        a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );

/**
 * Accompagnements of every beneficiary, all time: one pass over the keys of the local
 * `participations` index (one `beneficiaryId|date` per participant of a live activity, src/data/db.ts).
 */
export const accompagnementsCounts = async (db: SillonDB): Promise<Map<string, number>> => {
  const counts = new Map<string, number>();
  const keys = (await db.activities.orderBy('participations').keys()) as string[];
  for (const key of keys) {
    const id = key.slice(0, key.lastIndexOf('|'));
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};

const day = (iso: string) => iso.slice(0, 10);

export const beneficiariesExportFor = async (
  db: SillonDB,
  request: BeneficiariesExportRequest,
): Promise<BeneficiariesExportFile> => {
  const people = await matchingBeneficiaries(db, request.query);
  const generatedAt = new Date(request.generatedAt);
  const year = generatedAt.getFullYear();
  const files = await import('./export-files');
  if (request.format === 'lacoop') {
    // In the list's order (nom then prénom, as La Coop lists them).
    const file = buildLacoopImportFile(people, year);
    const leftOut: Partial<Record<LacoopLeftOutReason, number>> = {};
    for (const { reason } of file.leftOut) leftOut[reason] = (leftOut[reason] ?? 0) + 1;
    return {
      blob: await files.lacoopImportToXlsx(file.rows),
      fileName: `sillon-pour-la-coop-beneficiaires-${day(request.generatedAt)}.xlsx`,
      summary: {
        count: file.rows.length,
        leftOut,
        communesUnknown: file.communesUnknown.length,
        phonesDropped: file.phonesDropped.length,
      },
    };
  }
  const sheet = buildBeneficiairesSheet(
    { beneficiaries: people, accompagnements: await accompagnementsCounts(db), recherche: request.query, year },
    { user: request.user, generatedAt, timeZone: request.timeZone },
  );
  const count = sheet.rows.length - (sheet.tableStart ?? 0) - 1;
  const blob =
    request.format === 'csv'
      ? new Blob([files.sheetToCsv(sheet)], { type: files.CSV_MIME })
      : await files.sheetsToXlsx([sheet]);
  return {
    blob,
    fileName: `sillon-beneficiaires-${day(request.generatedAt)}.${request.format}`,
    summary: { count },
  };
};
