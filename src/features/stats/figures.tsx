import type { ReactNode } from 'react';

import { formatNumber } from '../../ui/format';

export interface Figure {
  id: string;
  label: string;
  value: number;
  hint?: string;
}

/** Big numbers: each one a labelled term/value pair that screen readers read together. */
export const Figures = ({
  title,
  figures,
  children,
}: {
  title: string;
  figures: Figure[];
  children?: ReactNode;
}) => (
  <section className="stats-section" aria-label={title}>
    <h2>{title}</h2>
    <dl className="stats-figures">
      {figures.map((f) => (
        <div key={f.id} className="card stats-figure" data-testid={`figure-${f.id}`}>
          <dt>{f.label}</dt>
          <dd>{formatNumber(f.value)}</dd>
          {f.hint ? <dd className="stats-figure__hint">{f.hint}</dd> : null}
        </div>
      ))}
    </dl>
    {children}
  </section>
);
