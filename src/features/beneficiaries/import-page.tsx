// « Importer des bénéficiaires »: a file chosen, its people previewed with La Coop's analysis
// (features/beneficiaire/abilities/importer-beneficiaires/ui/components/ImportBeneficiairesAnalyseContent.tsx:
// the number detected, the rows in error and why, « Valider l'import »), the people already on the
// tablet shown with a link to their fiche, and nothing written until the advisor confirms; the
// import then runs in slices, its progress shown, the interface free meanwhile.
import { useState, type ChangeEvent } from 'react';
import { Link } from 'react-router';

import {
  importBeneficiaries,
  importedByDefault,
  ImportInterruptedError,
  previewImport,
  type ImportPreview,
  type ImportPreviewRow,
} from '../../data/beneficiaries-import';
import { getDb } from '../../data/db';
import { displayName } from '../../domain/beneficiary';
import { ImportFileError, type ImportField } from '../../domain/beneficiaries-import';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { TableRegion } from '../../ui/table-region';
import { strings } from './strings';
import './beneficiaries.css';

const s = strings.importer;

type State =
  | { step: 'choose'; error?: string }
  | { step: 'reading' }
  | { step: 'preview'; preview: ImportPreview; fileName: string; chosen: Set<number>; error?: string }
  | { step: 'importing'; written: number; total: number }
  | { step: 'done'; count: number };

const COLUMNS: { field: ImportField; label: string; value: (r: ImportPreviewRow) => string }[] = [
  { field: 'nom', label: s.nom, value: (r) => r.values.nom },
  { field: 'prenom', label: s.prenom, value: (r) => r.values.prenom },
  { field: 'anneeNaissance', label: s.anneeNaissance, value: (r) => r.values.anneeNaissance },
  {
    field: 'commune',
    label: s.commune,
    value: (r) => [r.values.communeNom, r.values.codeInsee, r.values.codePostal].filter(Boolean).join(' · '),
  },
  { field: 'telephone', label: s.telephone, value: (r) => r.values.telephone },
  { field: 'email', label: s.email, value: (r) => r.values.email },
  { field: 'genre', label: s.genre, value: (r) => r.values.genre },
  { field: 'notes', label: s.notes, value: (r) => r.values.notes },
];

const statusOf = (row: ImportPreviewRow, chosen: boolean) =>
  row.errors.length > 0
    ? { label: s.statusError, className: 'badge badge--danger' }
    : chosen
      ? { label: s.statusOk, className: 'badge' }
      : row.duplicates.length > 0 || row.sameAsLine !== undefined
        ? { label: s.statusDuplicate, className: 'badge badge--warning' }
        : { label: s.statusSkipped, className: 'badge badge--warning' };

const PreviewRow = ({
  row,
  chosen,
  onToggle,
}: {
  row: ImportPreviewRow;
  chosen: boolean;
  onToggle: (line: number, on: boolean) => void;
}) => {
  const status = statusOf(row, chosen);
  const optional = row.input && !importedByDefault(row);
  const issues = [...row.errors, ...row.warnings];
  return (
    <tr data-line={row.line}>
      <td>{row.line}</td>
      <td>
        <span className={status.className}>{status.label}</span>
        {issues.length > 0 ? (
          <ul className="import-issues">
            {issues.map((issue) => (
              <li
                key={`${issue.field}-${issue.message}`}
                className={row.errors.includes(issue) ? 'field__error' : 'muted'}
              >
                {COLUMNS.find((c) => c.field === issue.field)?.label ?? issue.field} : {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
        {row.duplicates.length > 0 ? (
          <p className="import-note">
            {s.duplicateOf}{' '}
            {row.duplicates.map((b, i) => (
              <span key={b.id}>
                {i > 0 ? ', ' : ''}
                <Link to={`/beneficiaires/${b.id}`}>
                  {displayName(b)}
                  {b.anneeNaissance ? ` (${b.anneeNaissance})` : ''}
                </Link>
              </span>
            ))}
          </p>
        ) : null}
        {row.sameAsLine !== undefined ? <p className="import-note">{s.sameAsLine(row.sameAsLine)}</p> : null}
        {row.example ? <p className="import-note">{s.example}</p> : null}
        {optional ? (
          <label className="import-choice">
            <input type="checkbox" checked={chosen} onChange={(e) => onToggle(row.line, e.target.checked)} />{' '}
            {s.importAnyway}
          </label>
        ) : null}
      </td>
      {COLUMNS.map((c) => (
        <td
          key={c.field}
          className={row.errors.some((e) => e.field === c.field) ? 'import-cell--error' : undefined}
        >
          {c.value(row)}
        </td>
      ))}
    </tr>
  );
};

export const ImportPage = () => {
  const [state, setState] = useState<State>({ step: 'choose' });

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setState({ step: 'reading' });
    try {
      const preview = await previewImport(getDb(), file, file.name);
      const chosen = new Set(preview.rows.filter(importedByDefault).map((r) => r.line));
      setState({ step: 'preview', preview, fileName: file.name, chosen });
    } catch (error) {
      setState({ step: 'choose', error: error instanceof ImportFileError ? error.message : s.unreadable });
    }
  };

  const confirm = async () => {
    if (state.step !== 'preview') return;
    const rows = state.preview.rows.filter((r) => r.input && state.chosen.has(r.line));
    setState({ step: 'importing', written: 0, total: rows.length });
    try {
      const created = await importBeneficiaries(getDb(), rows, new Date(), {
        onSlice: (written) => setState({ step: 'importing', written, total: rows.length }),
      });
      setState({ step: 'done', count: created.length });
    } catch (error) {
      if (!(error instanceof ImportInterruptedError)) {
        setState({ ...state, error: s.failed });
        return;
      }
      // Those written are no longer offered: validating again imports the others only.
      const written = new Set(error.lines);
      const chosen = new Set([...state.chosen].filter((line) => !written.has(line)));
      const left = rows.length - written.size;
      setState({
        ...state,
        preview: { ...state.preview, rows: state.preview.rows.filter((r) => !written.has(r.line)) },
        chosen,
        error: s.interrupted(written.size, left),
      });
    }
  };

  const toggle = (line: number, on: boolean) =>
    setState((current) => {
      if (current.step !== 'preview') return current;
      const chosen = new Set(current.chosen);
      if (on) chosen.add(line);
      else chosen.delete(line);
      return { ...current, chosen };
    });

  return (
    <Page title={s.title}>
      <p>{s.intro}</p>
      {state.step === 'choose' || state.step === 'reading' ? (
        <div className="card">
          <Field label={s.file} hint={s.fileHint} error={state.step === 'choose' ? state.error : undefined}>
            {(p) => (
              <input
                {...p}
                type="file"
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                disabled={state.step === 'reading'}
                onChange={(e) => void onFile(e)}
              />
            )}
          </Field>
          {state.step === 'reading' ? (
            <p role="status" className="muted">
              {s.reading}
            </p>
          ) : null}
        </div>
      ) : null}
      {state.step === 'preview' ? (
        <Preview
          state={state}
          onToggle={toggle}
          onConfirm={confirm}
          onReset={() => setState({ step: 'choose' })}
        />
      ) : null}
      {state.step === 'importing' ? (
        <p role="status" className="muted">
          {state.written > 0 ? s.progress(state.written, state.total) : s.importing}
        </p>
      ) : null}
      {state.step === 'done' ? (
        <div className="card" role="status">
          <p>
            <strong>{s.done(state.count)}</strong>
          </p>
          <p className="actions">
            <Link className="button" to="/beneficiaires">
              {s.backToList}
            </Link>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setState({ step: 'choose' })}
            >
              {s.another}
            </button>
          </p>
        </div>
      ) : null}
    </Page>
  );
};

const Preview = ({
  state,
  onToggle,
  onConfirm,
  onReset,
}: {
  state: Extract<State, { step: 'preview' }>;
  onToggle: (line: number, on: boolean) => void;
  onConfirm: () => void;
  onReset: () => void;
}) => {
  const { rows, layout } = state.preview;
  const chosen = rows.filter((r) => r.input && state.chosen.has(r.line)).length;
  const errors = rows.filter((r) => r.errors.length > 0).length;
  const notChosen = rows.filter((r) => r.input && !state.chosen.has(r.line)).length;
  return (
    <>
      <section className={`card${errors ? ' card--warning' : ''}`} aria-labelledby="import-summary">
        <h2 id="import-summary">
          {state.fileName} : {s.detected(rows.length)}
        </h2>
        <p className="muted">{layout === 'modele' ? s.layoutModele : s.layoutExport}</p>
        <p data-testid="import-summary">{s.summary(chosen, notChosen, errors)}</p>
        <p>{errors ? s.errorsAdvice : s.noError}</p>
        {state.error ? (
          <p className="field__error" role="alert">
            {state.error}
          </p>
        ) : null}
        <p className="actions">
          <button type="button" className="button" disabled={chosen === 0} onClick={onConfirm}>
            {s.confirm(chosen)}
          </button>
          <button type="button" className="button button--secondary" onClick={onReset}>
            {s.another}
          </button>
        </p>
      </section>
      <TableRegion className="import-table" label={s.table}>
        <table aria-label={s.table}>
          <thead>
            <tr>
              <th scope="col">{s.line}</th>
              <th scope="col">{s.status}</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c.field}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <PreviewRow key={row.line} row={row} chosen={state.chosen.has(row.line)} onToggle={onToggle} />
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
};
