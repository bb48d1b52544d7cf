import { useId, useState } from 'react';

import { getDb } from '../../data/db';
import { importUnsynced, previewImport, type ImportPreview } from '../../data/sync/import';
import { requestSync } from '../../data/sync/scheduler';
import type { SyncTable } from '../../domain/records';
import { formatDateTime } from '../../ui/format';
import { strings } from './strings';

type Ready = Extract<ImportPreview, { ok: true }>;

const t = strings.importFile;

const kindsOf = (byTable: Ready['summary']['byTable']): string =>
  (Object.entries(byTable) as [SyncTable, number][])
    .map(([table, n]) => strings.page.pendingKinds[table](n))
    .join(', ');

/**
 * « Importer des modifications non synchronisées »: reads the file another tablet exported, says
 * what it holds, and imports it once the advisor confirms (src/data/sync/import.ts).
 */
export const ImportUnsynced = () => {
  const inputId = useId();
  const [preview, setPreview] = useState<Ready>();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);

  const read = async (file: File | undefined) => {
    setPreview(undefined);
    setMessage(undefined);
    if (!file) return;
    setBusy(true);
    try {
      const result = await previewImport(getDb(), await file.text());
      if (result.ok) setPreview(result);
      else setMessage({ text: result.message, error: true });
    } catch {
      setMessage({ text: t.unreadable, error: true });
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const result = await importUnsynced(getDb(), preview.file);
      setPreview(undefined);
      setMessage({ text: t.done(result.imported), error: false });
      void requestSync();
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : t.unreadable, error: true });
    } finally {
      setBusy(false);
    }
  };

  const summary = preview?.summary;
  return (
    <section className="card" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{t.title}</h2>
      <p>{t.intro}</p>
      <label htmlFor={inputId}>{t.choose}</label>
      <input
        id={inputId}
        type="file"
        accept="application/json,.json"
        disabled={busy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          void read(file);
        }}
      />
      {busy ? <p role="status">{t.reading}</p> : null}
      {preview && summary ? (
        <div data-testid="import-preview">
          <p>{t.holds(formatDateTime(summary.exportedAt), preview.author)}</p>
          <ul>
            <li>{t.records(summary.records, kindsOf(summary.byTable))}</li>
            <li>
              {t.changes(summary.changes)}
              {summary.deletions ? `, ${t.deletions(summary.deletions)}` : ''}
            </li>
            {summary.refused ? <li>{t.refused(summary.refused)}</li> : null}
            {summary.blobs ? <li>{t.blobs(summary.blobs)}</li> : null}
            {summary.conflicts ? <li>{t.conflicts(summary.conflicts)}</li> : null}
          </ul>
          {preview.fresh === 0 ? (
            <p>{t.nothingNew}</p>
          ) : preview.already ? (
            <p>{t.already(preview.already)}</p>
          ) : null}
          <div className="actions">
            {preview.fresh > 0 ? (
              <button type="button" className="button" disabled={busy} onClick={() => void confirm()}>
                {t.confirm(preview.fresh)}
              </button>
            ) : null}
            <button type="button" className="button button--secondary" onClick={() => setPreview(undefined)}>
              {t.cancel}
            </button>
          </div>
        </div>
      ) : null}
      {message ? (
        <p className={message.error ? 'card card--danger' : 'card'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
};
