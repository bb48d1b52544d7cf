// A coordinateur's file of lieux sent to the server's import (POST /api/lieux/import,
// server/lieux-api.ts): first as a preview (nothing written), then for real, the good rows only or
// all or nothing. Online only: the server validates every row with the schema's library and writes
// the directory, which then reaches every tablet by sync.
import type { LieuxImportReport } from '../domain/annuaire-import';
import { apiRequest, type TransportOptions } from './sync/transport';

export interface LieuxImportAnswer extends LieuxImportReport {
  /** The territory the server imports for (SILLON_DEPARTEMENTS). */
  departements: string[];
}

/** A whole national file over a slow link, then its check on the server, takes minutes, not seconds. */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;

export const sendLieuxFile = (
  transport: TransportOptions,
  file: Blob,
  name: string,
  options: { dryRun: boolean; strict: boolean },
): Promise<LieuxImportAnswer> => {
  const query = new URLSearchParams({ name: name.slice(0, 200) });
  if (options.dryRun) query.set('dryRun', '1');
  if (options.strict) query.set('strict', '1');
  return apiRequest<LieuxImportAnswer>(
    { timeoutMs: UPLOAD_TIMEOUT_MS, ...transport },
    'POST',
    `/lieux/import?${query.toString()}`,
    file,
  );
};
