import { useState } from 'react';

import type { ExportFile, ExportFormat, ExportKind, ExportRequest } from '../../data/stats';
import { downloadFile } from '../../ui/download';
import { strings } from './strings';

const ROWS: { kind: ExportKind; formats: ExportFormat[] }[] = [
  { kind: 'accompagnements', formats: ['xlsx', 'csv'] },
  { kind: 'statistiques', formats: ['xlsx'] },
];

export interface ExportsPanelProps {
  disabled: boolean;
  /** Everything but the kind, the format and the moment (taken when the button is pressed). */
  request: Omit<ExportRequest, 'kind' | 'format' | 'generatedAt'>;
  exportFile: (request: ExportRequest) => Promise<ExportFile>;
}

export const ExportsPanel = ({ disabled, request, exportFile }: ExportsPanelProps) => {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const run = async (kind: ExportKind, format: ExportFormat) => {
    setBusy(true);
    setMessage({ text: strings.exports.working, error: false });
    try {
      const file = await exportFile({ ...request, kind, format, generatedAt: new Date().toISOString() });
      downloadFile(file);
      setMessage({ text: strings.exports.ready(file.fileName), error: false });
    } catch (error) {
      setMessage({
        text: `${strings.exports.failed} ${error instanceof Error ? error.message : String(error)}`,
        error: true,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stats-exports no-print" aria-labelledby="stats-exports-title">
      <h2 id="stats-exports-title">{strings.exports.title}</h2>
      <p className="field__hint">{strings.exports.hint}</p>
      <ul className="stats-exports__list">
        {ROWS.map(({ kind, formats }) => (
          <li key={kind}>
            <span className="stats-exports__name" id={`export-${kind}`}>
              {strings.exports[kind]}
            </span>
            <span className="actions">
              {formats.map((format) => (
                <button
                  key={format}
                  type="button"
                  className="button button--secondary"
                  disabled={disabled || busy}
                  aria-describedby={`export-${kind}`}
                  onClick={() => void run(kind, format)}
                >
                  {strings.exports[format]}
                </button>
              ))}
              {kind === 'statistiques' ? (
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={disabled}
                  aria-describedby={`export-${kind}`}
                  title={strings.exports.printHint}
                  onClick={() => window.print()}
                >
                  {strings.exports.print}
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <p className="field__hint">{strings.exports.printHint}</p>
      <p role="status" aria-live="polite" className={message?.error ? 'field__error' : 'muted'}>
        {message?.text ?? ''}
      </p>
    </section>
  );
};
