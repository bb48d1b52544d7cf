import { useMemo, useState } from 'react';

import type { Stats } from '../../domain/stats';
import { RadioGroup } from '../../ui/choice-group';
import { formatNumber, onFirstUse } from '../../ui/format';
import { TableRegion } from '../../ui/table-region';
import { StatsChart } from './chart';
import { strings } from './strings';

const monthFormat = onFirstUse(
  () => new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
);

const labelOf = (key: string): string =>
  key.length === 7
    ? monthFormat().format(new Date(`${key}-01T00:00:00Z`))
    : `${key.slice(8, 10)}/${key.slice(5, 7)}`;

/** « Nombre d’accompagnements », per day or per month, with its table. */
export const TimelineCard = ({ stats }: { stats: Stats }) => {
  const [granularity, setGranularity] = useState<'day' | 'month'>(
    stats.parJour.length > 62 ? 'month' : 'day',
  );
  const buckets = granularity === 'day' ? stats.parJour : stats.parMois;
  const labels = useMemo(() => buckets.map((b) => labelOf(b.key)), [buckets]);
  const values = useMemo(() => buckets.map((b) => b.accompagnements), [buckets]);
  const busy = buckets.filter((b) => b.activites > 0);
  return (
    <section className="card stats-card stats-card--wide" aria-label={strings.timeline.title}>
      <h3>{strings.timeline.title}</h3>
      <div className="no-print">
        <RadioGroup
          legend={strings.timeline.granularity}
          name="stats-granularity"
          choices={[
            { value: 'day', label: strings.timeline.perDay },
            { value: 'month', label: strings.timeline.perMonth },
          ]}
          value={granularity}
          onChange={setGranularity}
        />
      </div>
      {busy.length === 0 ? (
        // An empty period draws no chart of zeros (nor loads the charts' library): the table says it.
        <p className="muted">{strings.table.empty}</p>
      ) : (
        <StatsChart
          kind="bar"
          labels={labels}
          values={values}
          label={strings.table.accompagnements}
          description={`${strings.timeline.title} ${granularity === 'day' ? strings.timeline.perDay : strings.timeline.perMonth}`.toLowerCase()}
        />
      )}
      <details className="stats-details">
        <summary>{strings.table.show}</summary>
        {busy.length === 0 ? (
          <p className="muted">{strings.table.empty}</p>
        ) : (
          <TableRegion label={strings.timeline.title}>
            <table className="stats-table">
              <caption className="visually-hidden">{strings.timeline.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{granularity === 'day' ? strings.timeline.day : strings.timeline.month}</th>
                  <th scope="col">{strings.table.activites}</th>
                  <th scope="col">{strings.table.accompagnements}</th>
                </tr>
              </thead>
              <tbody>
                {busy.map((b) => (
                  <tr key={b.key}>
                    <th scope="row">
                      {granularity === 'day' ? labelOf(b.key) + '/' + b.key.slice(0, 4) : labelOf(b.key)}
                    </th>
                    <td>{formatNumber(b.activites)}</td>
                    <td>{formatNumber(b.accompagnements)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </details>
    </section>
  );
};
