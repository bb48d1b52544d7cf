import { useEffect, useRef, useState } from 'react';

import type { BeneficiariesExportFormat, BeneficiariesExportSummary } from '../../data/beneficiaries-export';
import { getDb } from '../../data/db';
import { getIdentity } from '../../data/meta';
import type { StatsClient } from '../../data/stats-client';
import { roleLabel, splitDisplayName } from '../../domain/exports';
import { downloadFile } from '../../ui/download';
import { strings } from './strings';

const s = strings.exports;

const FORMATS: { format: BeneficiariesExportFormat; label: string }[] = [
  { format: 'lacoop', label: s.lacoop },
  { format: 'xlsx', label: s.xlsx },
  { format: 'csv', label: s.csv },
];

/** What went into the file, in words: how many people, who was left out and why. */
export const describeSummary = (
  format: BeneficiariesExportFormat,
  summary: BeneficiariesExportSummary,
): string[] => {
  const lines = [s.count(summary.count)];
  if (format !== 'lacoop') return lines;
  if (summary.leftOut?.nom_trop_long) lines.push(s.nameTooLong(summary.leftOut.nom_trop_long));
  if (summary.leftOut?.nom_manquant) lines.push(s.nameMissing(summary.leftOut.nom_manquant));
  if (summary.communesUnknown) lines.push(s.communesUnknown(summary.communesUnknown));
  if (summary.phonesDropped) lines.push(s.phonesDropped(summary.phonesDropped));
  lines.push(s.lacoopHowTo);
  return lines;
};

/**
 * The list's exports, with its search: « Exporter pour La Coop » (the file La Coop's « Importer des
 * bénéficiaires » takes as it is), La Coop's « Bénéficiaires » sheet, and its table as CSV. Files are
 * built by the statistics worker, off the main thread.
 */
export const BeneficiariesExports = ({ query }: { query: string }) => {
  const client = useRef<StatsClient | null>(null);
  const unmounted = useRef(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ lines: string[]; error: boolean }>();
  useEffect(() => {
    unmounted.current = false;
    return () => {
      unmounted.current = true;
      client.current?.dispose();
      client.current = null;
    };
  }, []);

  const run = async (format: BeneficiariesExportFormat) => {
    setBusy(true);
    setMessage({ lines: [s.working], error: false });
    try {
      const { name, role } = getIdentity();
      // The worker's client (and the in-thread fallback it carries) loads at the first export, not
      // with the list: most visits of the list export nothing.
      const { createStatsClient } = await import('../../data/stats-client');
      if (unmounted.current) return;
      client.current ??= createStatsClient(getDb());
      const file = await client.current.exportBeneficiaries({
        format,
        query,
        user: { ...splitDisplayName(name), roleLabel: roleLabel(role) },
        generatedAt: new Date().toISOString(),
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      });
      downloadFile(file);
      setMessage({ lines: [s.ready(file.fileName), ...describeSummary(format, file.summary)], error: false });
    } catch (error) {
      setMessage({
        lines: [`${s.failed} ${error instanceof Error ? error.message : String(error)}`],
        error: true,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="beneficiaries-exports">
      <h2 id="beneficiaries-exports">{s.title}</h2>
      <p className="field__hint">{query.trim() ? s.hintSearch(query.trim()) : s.hintAll}</p>
      <p className="actions">
        {FORMATS.map(({ format, label }) => (
          <button
            key={format}
            type="button"
            className={format === 'lacoop' ? 'button' : 'button button--secondary'}
            disabled={busy}
            onClick={() => void run(format)}
          >
            {label}
          </button>
        ))}
      </p>
      <div role="status" aria-live="polite" className={message?.error ? 'field__error' : 'muted'}>
        {message?.lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
    </section>
  );
};
