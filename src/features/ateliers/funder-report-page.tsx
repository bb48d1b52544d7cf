// The report a funder asks for (issue 16), for one cycle or every cycle it funds over a period:
// participants by tranche d'âge, genre, statut and commune (those 60 and over shown), attendance
// rate, sessions held, hours delivered and passes received — on screen, printed on A4 with the
// funder's name, or as an XLSX.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

import { getDb } from '../../data/db';
import { sheetsToXlsx } from '../../data/export-files';
import { knownFunders, loadFunderReport } from '../../data/funder-reports';
import { listCycles, sessionsOfCycle } from '../../data/workshops';
import { toDay } from '../../domain/dates';
import { funderReportSheet } from '../../domain/funder-report';
import { downloadFile } from '../../ui/download';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import './ateliers.css';
import { ReportView } from './funder-report-view';
import { strings } from './strings';

const R = strings.report;

interface Scope {
  cycleId: string;
  funder: string;
  from: string;
  to: string;
}

const monthOf = (today: string) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${today.slice(0, 7)}-01`, to: `${today.slice(0, 7)}-${String(last).padStart(2, '0')}` };
};

/** A cycle's scope: its funder, from its first session to its last (this month when it has none). */
const cycleScope = async (cycleId: string): Promise<Scope> => {
  const db = getDb();
  const cycle = (await listCycles(db)).find((c) => c.id === cycleId);
  const sessions = cycle ? await sessionsOfCycle(db, cycle.id) : [];
  const month = monthOf(toDay(new Date()));
  return {
    cycleId: cycle ? cycleId : '',
    funder: cycle?.financeurs[0] ?? '',
    from: sessions[0]?.date ?? month.from,
    to: sessions.at(-1)?.date ?? month.to,
  };
};

const periodError = (s: Scope): string | undefined =>
  !s.from || !s.to ? R.missingDay : s.to < s.from ? R.badPeriod : undefined;

const ScopeForm = ({ scope, onChange }: { scope: Scope; onChange: (s: Scope) => void }) => {
  const options = useLiveQuery(async () => {
    const db = getDb();
    return { cycles: await listCycles(db), funders: await knownFunders(db) };
  }, []);
  const error = periodError(scope);
  const date = (key: 'from' | 'to', label: string) => (
    <Field format="date" label={label} required error={key === 'to' ? error : undefined}>
      {(f) => (
        <input
          {...f}
          type="date"
          name={key}
          autoComplete="off"
          value={scope[key]}
          onChange={(e) => onChange({ ...scope, [key]: e.target.value })}
        />
      )}
    </Field>
  );
  return (
    <section className="card no-print" aria-label={R.title}>
      <div className="grid-2">
        <Field label={R.scope}>
          {(f) => (
            <select
              {...f}
              name="cycle"
              value={scope.cycleId}
              onChange={(e) => {
                const cycleId = e.target.value;
                if (cycleId) void cycleScope(cycleId).then(onChange);
                else onChange({ ...scope, cycleId });
              }}
            >
              <option value="">{R.scopePeriod}</option>
              {options?.cycles.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.titre}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={R.funder} hint={R.funderHint}>
          {(f) => (
            <input
              {...f}
              name="financeur"
              autoComplete="off"
              list="report-funders"
              value={scope.funder}
              onChange={(e) => onChange({ ...scope, funder: e.target.value })}
            />
          )}
        </Field>
        {date('from', R.from)}
        {date('to', R.to)}
      </div>
      <datalist id="report-funders">
        {options?.funders.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
    </section>
  );
};

export const FunderReportPage = () => {
  const [params] = useSearchParams();
  const initialCycle = params.get('cycle') ?? '';
  // The first scope: the cycle's (from the cycle's page, read from the database) or this month's.
  const [scope, setScope] = useState<Scope | undefined>(() =>
    initialCycle ? undefined : { cycleId: '', funder: '', ...monthOf(toDay(new Date())) },
  );
  useEffect(() => {
    if (initialCycle) void cycleScope(initialCycle).then((first) => setScope((s) => s ?? first));
  }, [initialCycle]);
  const valid = scope && !periodError(scope);
  const result = useLiveQuery(
    async () =>
      valid
        ? loadFunderReport(getDb(), {
            funder: scope.funder,
            from: scope.from,
            to: scope.to,
            cycleId: scope.cycleId || undefined,
          })
        : undefined,
    [valid, scope?.cycleId, scope?.funder, scope?.from, scope?.to],
  );
  const title = scope ? R.heading(scope.funder.trim()) : R.title;
  return (
    <Page
      title={R.title}
      actions={
        result ? (
          <>
            <button
              type="button"
              className="button"
              onClick={() =>
                void sheetsToXlsx([funderReportSheet(result.report, title)]).then((blob) =>
                  downloadFile({
                    blob,
                    fileName: R.fileName(result.report.funder, result.report.from, result.report.to),
                  }),
                )
              }
            >
              {R.xlsx}
            </button>
            <button type="button" className="button button--secondary" onClick={() => window.print()}>
              {R.print}
            </button>
          </>
        ) : null
      }
    >
      {!scope ? (
        <p className="loading">{strings.cycle.loading}</p>
      ) : (
        <>
          <ScopeForm scope={scope} onChange={setScope} />
          {result ? <ReportView title={title} result={result} /> : null}
        </>
      )}
    </Page>
  );
};
