// « Importer des lieux dans l'annuaire » (coordinateur, online): a file in the national schema is
// chosen, checked on this tablet for its format and size, then previewed by the server (how many
// lieux, new, updated, unchanged, each bad row with its line and why); the coordinateur imports the
// valid rows or nothing, and confirms. The server checks everything again and writes the directory;
// tablets receive it by sync (this one straight away).
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ChangeEvent } from 'react';
import { Link } from 'react-router';

import { sendLieuxFile, type LieuxImportAnswer } from '../../data/annuaire-import';
import { getDb } from '../../data/db';
import { getSession } from '../../data/sync/session';
import { requestSync } from '../../data/sync/scheduler';
import { SyncError, type TransportOptions } from '../../data/sync/transport';
import { describeReport, fileErrorOf, lieuxFileProblem, validCount } from '../../domain/annuaire-import';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { useOnline } from '../../ui/use-online';
import { TableRegion } from '../../ui/table-region';
import { strings } from './strings';
import './lieux.css';

const s = strings.importer;
/** Bad rows listed on screen (the national file has some everywhere). */
const MAX_ERRORS_SHOWN = 200;

type State =
  | { step: 'choose'; error?: string; notice?: string }
  | { step: 'checking' }
  | { step: 'preview'; file: File; report: LieuxImportAnswer; confirming?: boolean; error?: string }
  | { step: 'importing' }
  | { step: 'done'; report: LieuxImportAnswer };

/** A failed request, in French: the server's own message when it answered. */
const messageOf = (error: unknown): string => {
  if (!(error instanceof SyncError)) return s.failed;
  if (error.status === 413 && !error.body) return s.tooLargeProxy;
  if (error.body?.message) return error.body.message;
  switch (error.kind) {
    case 'offline':
    case 'portal':
      return s.offline;
    case 'unreachable':
      return s.unreachable;
    case 'timeout':
      return s.timeout;
    case 'forbidden':
      return s.onlyCoordinateur;
    case 'unauthorized':
    case 'signed_out':
      return s.signedOut;
    default:
      return error.message || s.failed;
  }
};

const Figures = ({ report }: { report: LieuxImportAnswer }) => (
  <dl className="import-figures">
    <dt>{s.created}</dt>
    <dd>{report.created.toLocaleString('fr-FR')}</dd>
    <dt>{s.updated}</dt>
    <dd>{report.updated.toLocaleString('fr-FR')}</dd>
    <dt>{s.unchanged}</dt>
    <dd>{report.unchanged.toLocaleString('fr-FR')}</dd>
    {report.outside ? (
      <>
        <dt>{s.outside(report.departements)}</dt>
        <dd>{report.outside.toLocaleString('fr-FR')}</dd>
      </>
    ) : null}
    <dt>{s.refused}</dt>
    <dd>{report.errors.length.toLocaleString('fr-FR')}</dd>
  </dl>
);

const Errors = ({ report }: { report: LieuxImportAnswer }) => {
  if (!report.errors.length) return null;
  const shown = report.errors.slice(0, MAX_ERRORS_SHOWN);
  return (
    <section className="card" aria-labelledby="import-errors">
      <h2 id="import-errors">{s.errorsTitle}</h2>
      <TableRegion className="import-table" label={s.errorsTitle}>
        <table aria-labelledby="import-errors">
          <thead>
            <tr>
              <th scope="col">{s.line}</th>
              <th scope="col">{s.lieu}</th>
              <th scope="col">{s.reason}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e, i) => (
              <tr key={`${e.ligne}-${i}`}>
                <td>{e.ligne}</td>
                <td>{[e.id, e.nom].filter(Boolean).join(' — ')}</td>
                <td>{e.messages.join(' ; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {report.errors.length > shown.length ? (
        <p className="muted">{s.moreErrors(report.errors.length - shown.length)}</p>
      ) : null}
    </section>
  );
};

export const ImportLieuxPage = () => {
  const session = useLiveQuery(async () => (await getSession(getDb())) ?? null, []);
  const online = useOnline();
  const [state, setState] = useState<State>({ step: 'choose' });

  if (session === undefined) return <Page title={s.title}>{null}</Page>;
  const token = session && !session.revoked ? session.token : undefined;
  if (session?.user.role !== 'coordinateur' || !token)
    return (
      <Page title={s.title}>
        <p>{session?.user.role === 'coordinateur' ? s.signedOut : s.onlyCoordinateur}</p>
        <Link to="/annuaire">{s.back}</Link>
      </Page>
    );
  const transport: TransportOptions = { baseUrl: '', token };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const problem = lieuxFileProblem(file);
    if (problem) return setState({ step: 'choose', error: problem });
    setState({ step: 'checking' });
    try {
      const report = await sendLieuxFile(transport, file, file.name, { dryRun: true, strict: false });
      const fileError = fileErrorOf(report);
      setState(fileError ? { step: 'choose', error: fileError } : { step: 'preview', file, report });
    } catch (error) {
      setState({ step: 'choose', error: messageOf(error) });
    }
  };

  const importFile = async () => {
    if (state.step !== 'preview') return;
    const { file, report: preview } = state;
    setState({ step: 'importing' });
    try {
      // No bad row was shown: all or nothing, so that the import is what the preview said.
      const report = await sendLieuxFile(transport, file, file.name, {
        dryRun: false,
        strict: preview.errors.length === 0,
      });
      setState({ step: 'done', report });
      void requestSync();
    } catch (error) {
      setState({ ...state, confirming: false, error: messageOf(error) });
    }
  };

  const busy = state.step === 'checking' || state.step === 'importing';
  return (
    <Page title={s.title}>
      <p>{s.intro}</p>
      {!online && !busy ? (
        <p className="card card--warning" role="status">
          {s.offline}
        </p>
      ) : (
        <p className="muted">{s.network}</p>
      )}
      {state.step === 'choose' || state.step === 'checking' ? (
        <div className="card">
          {state.step === 'choose' && state.notice ? <p role="status">{state.notice}</p> : null}
          <Field label={s.file} hint={s.fileHint} error={state.step === 'choose' ? state.error : undefined}>
            {(p) => (
              <input
                {...p}
                type="file"
                accept=".csv,.json,text/csv,application/json"
                disabled={busy || !online}
                onChange={(e) => void onFile(e)}
              />
            )}
          </Field>
          {state.step === 'checking' ? (
            <p role="status" className="muted">
              {s.checking}
            </p>
          ) : null}
        </div>
      ) : null}
      {state.step === 'preview' ? (
        <Preview
          state={state}
          online={online}
          onImport={() => setState({ ...state, confirming: true, error: undefined })}
          onNothing={() => setState({ step: 'choose', notice: s.nothingImported })}
        />
      ) : null}
      {state.step === 'importing' ? (
        <p role="status" className="muted">
          {s.importing}
        </p>
      ) : null}
      {state.step === 'done' ? (
        <section className="card" aria-labelledby="import-done">
          <div role="status">
            <h2 id="import-done">{describeReport(state.report)}</h2>
          </div>
          <Errors report={state.report} />
          <p className="actions">
            <Link className="button" to="/annuaire">
              {s.back}
            </Link>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setState({ step: 'choose' })}
            >
              {s.another}
            </button>
          </p>
        </section>
      ) : null}
      {state.step === 'preview' ? (
        <ConfirmDialog
          open={!!state.confirming}
          title={s.confirmTitle}
          message={s.confirmMessage(state.report.created, state.report.updated, state.report.errors.length)}
          confirmLabel={s.confirm}
          onCancel={() => setState({ ...state, confirming: false })}
          onConfirm={() => void importFile()}
        />
      ) : null}
    </Page>
  );
};

const Preview = ({
  state,
  online,
  onImport,
  onNothing,
}: {
  state: Extract<State, { step: 'preview' }>;
  online: boolean;
  onImport: () => void;
  onNothing: () => void;
}) => {
  const { report, file } = state;
  const toWrite = report.created + report.updated;
  const errors = report.errors.length;
  return (
    <>
      <section className={`card${errors ? ' card--warning' : ''}`} aria-labelledby="import-summary">
        <h2 id="import-summary">
          {file.name} : {s.rows(report.total)}
        </h2>
        <p data-testid="import-summary">{describeReport(report, { dryRun: true })}</p>
        <Figures report={report} />
        {state.error ? (
          <p className="field__error" role="alert">
            {state.error}
          </p>
        ) : null}
        {toWrite === 0 ? <p>{s.nothingToDo}</p> : null}
        <p className="actions">
          {toWrite > 0 ? (
            <button type="button" className="button" disabled={!online} onClick={onImport}>
              {errors ? s.importValid(validCount(report)) : s.importAll(validCount(report))}
            </button>
          ) : null}
          <button type="button" className="button button--secondary" onClick={onNothing}>
            {toWrite > 0 ? s.importNothing : s.another}
          </button>
        </p>
      </section>
      <Errors report={report} />
    </>
  );
};
