import { useMemo } from 'react';

import type { DistributionEntry } from '../../domain/stats';
import { formatNumber, onFirstUse } from '../../ui/format';
import { TableRegion } from '../../ui/table-region';
import { StatsChart, type ChartKind } from './chart';
import { strings } from './strings';

const percentFormat = onFirstUse(() => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }));
const percent = (n: number) => percentFormat().format(n);

/** A distribution as a table: the accessible (and exact) form of every chart. */
export const DistributionTable = ({
  caption,
  entries,
}: {
  caption: string;
  entries: DistributionEntry[];
}) => (
  <TableRegion label={caption}>
    <table className="stats-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{strings.table.value}</th>
          <th scope="col">{strings.table.count}</th>
          <th scope="col">{strings.table.proportion}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.value}>
            <th scope="row">{e.label}</th>
            <td>{formatNumber(e.count)}</td>
            <td>{percent(e.proportion)} %</td>
          </tr>
        ))}
      </tbody>
    </table>
  </TableRegion>
);

export interface DistributionCardProps {
  title: string;
  entries: DistributionEntry[];
  kind: ChartKind;
  /** Long open lists (lieux, communes) chart their first entries; the table keeps them all. */
  limit?: number;
}

export const DistributionCard = ({ title, entries, kind, limit = 20 }: DistributionCardProps) => {
  const shown = useMemo(
    () => (kind === 'doughnut' ? entries.filter((e) => e.count > 0) : entries).slice(0, limit),
    [entries, kind, limit],
  );
  const labels = useMemo(() => shown.map((e) => e.label), [shown]);
  const values = useMemo(() => shown.map((e) => e.count), [shown]);
  const empty = entries.every((e) => e.count === 0);
  const description = empty
    ? `${title} : ${strings.table.empty}`
    : `${title} : ${shown.map((e) => `${e.label} ${e.count}`).join(', ')}`;
  const height = kind === 'horizontal' ? Math.max(120, 34 * shown.length + 40) : 240;
  return (
    <section className="card stats-card" aria-label={title}>
      <h3>{title}</h3>
      {empty ? (
        <p className="muted">{strings.table.empty}</p>
      ) : (
        <StatsChart
          kind={kind}
          labels={labels}
          values={values}
          label={strings.table.accompagnements}
          description={description}
          height={height}
        />
      )}
      <details className="stats-details">
        <summary>{strings.table.show}</summary>
        <DistributionTable caption={title} entries={entries} />
      </details>
    </section>
  );
};
