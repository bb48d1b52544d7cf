// A funder report as read on screen and printed on A4: the key figures, then the people who came by
// tranche d'âge, genre, statut and commune de résidence.
import type { FunderReportResult } from '../../data/funder-reports';
import { GENRES, labelOf, STATUTS_SOCIAUX, TRANCHES_AGE } from '../../domain/enums';
import { formatDay, formatEuros, formatNumber } from '../../ui/format';
import { strings } from './strings';

const R = strings.report;

/** Minutes as « 7 h 30 » (« 2 h » on the hour). */
export const hoursOf = (minutes: number): string => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
};

const Breakdown = ({
  id,
  caption,
  column,
  counts,
  list,
}: {
  id: string;
  caption: string;
  column: string;
  counts: Record<string, number>;
  list?: readonly { value: string; label: string }[];
}) => {
  const order = list ? list.map((c) => c.value as string) : [];
  const rows = Object.entries(counts).sort(([a], [b]) =>
    list ? order.indexOf(a) - order.indexOf(b) : a.localeCompare(b, 'fr'),
  );
  return (
    <table className="report-table" aria-labelledby={id}>
      <caption id={id}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{column}</th>
          <th scope="col">{R.count}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={2}>{R.none}</td>
          </tr>
        ) : (
          rows.map(([k, n]) => (
            <tr key={k}>
              <th scope="row">{list ? labelOf(list, k) || k : k}</th>
              <td>{formatNumber(n)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
};

export const ReportView = ({ title, result }: { title: string; result: FunderReportResult }) => {
  const { report: r, cycles, noCycleNamesFunder } = result;
  const figures: [string, string, boolean?][] = [
    [R.sessionsHeld, formatNumber(r.sessionsHeld)],
    [R.hours, hoursOf(r.minutes)],
    [R.participants, formatNumber(r.participants)],
    [R.anonymous, formatNumber(r.anonymous)],
    [R.over60, formatNumber(r.over60), true],
    [
      R.attendanceRate,
      r.attendanceRate === undefined ? R.none : `${formatNumber(Math.round(r.attendanceRate * 1000) / 10)} %`,
    ],
    [R.passes, formatNumber(r.passes.count)],
    [R.passesAmount, formatEuros(r.passes.amount)],
  ];
  return (
    <article className="funder-report" aria-labelledby="report-heading">
      <header className="funder-report__header">
        <h2 id="report-heading">{title}</h2>
        <p>{R.period(formatDay(r.from), formatDay(r.to))}</p>
        {cycles.length ? <p>{R.cycles(cycles.map((c) => c.titre).join(', '))}</p> : <p>{R.noCycle}</p>}
        {noCycleNamesFunder && r.funder ? <p className="muted">{R.noCycleNamesFunder}</p> : null}
      </header>
      <section className="card" aria-labelledby="report-figures">
        <h3 id="report-figures">{R.figures}</h3>
        <dl className="report-figures">
          {figures.map(([label, value, strong]) => (
            <div key={label} className={strong ? 'report-figures__item--strong' : undefined}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">{R.heldNote}</p>
      </section>
      <section className="card report-breakdowns">
        <Breakdown
          id="report-age"
          caption={R.byTrancheAge}
          column={R.trancheAge}
          counts={r.byTrancheAge}
          list={TRANCHES_AGE}
        />
        <Breakdown id="report-genre" caption={R.byGenre} column={R.genre} counts={r.byGenre} list={GENRES} />
        <Breakdown
          id="report-statut"
          caption={R.byStatut}
          column={R.statut}
          counts={r.byStatut}
          list={STATUTS_SOCIAUX}
        />
        <Breakdown id="report-commune" caption={R.byCommune} column={R.commune} counts={r.byCommune} />
      </section>
    </article>
  );
};
