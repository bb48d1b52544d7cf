import { useDeferredValue } from 'react';

import type { Stats } from '../../domain/stats';
import { formatDateTime } from '../../ui/format';
import { DistributionCard } from './distribution-card';
import { Figures } from './figures';
import { strings } from './strings';
import { TimelineCard } from './timeline-card';

export interface StatsReportProps {
  stats: Stats;
  structureName: string;
  period: string;
  filterLabels: string[];
  busy: boolean;
}

/** La Coop's « Mes statistiques » sections; also the printed A4 report. */
export const StatsReport = ({ stats, structureName, period, filterLabels, busy }: StatsReportProps) => {
  const g = stats.general;
  // On the report's first render, the sections after the first (sixteen cards, a chart and a table
  // each) come in a second render, in React's background lane, which hands the main thread back
  // every few milliseconds: rendered with it, they made the screen's first render one long task.
  // From then on every section renders with the same figures, together.
  const rest = useDeferredValue(true, false);
  return (
    <div className="stats-report" aria-busy={busy} data-testid="stats-report">
      <header className="print-only stats-print-header">
        <p className="stats-print-header__structure">{structureName}</p>
        <p>
          {strings.title} {period}
        </p>
        {filterLabels.length > 0 ? <p>{filterLabels.join(' · ')}</p> : null}
        <p className="muted">{strings.report.generated(formatDateTime(new Date().toISOString()))}</p>
      </header>
      <Figures
        title={strings.general.title}
        figures={[
          {
            id: 'accompagnements',
            label: strings.general.accompagnements,
            value: g.accompagnements,
            hint: strings.general.accompagnementsHint,
          },
          { id: 'beneficiaires', label: strings.general.beneficiaires, value: g.beneficiaires },
          { id: 'nouveaux', label: strings.general.nouveaux, value: g.nouveauxBeneficiaires },
          { id: 'suivis', label: strings.general.suivis, value: g.beneficiairesSuivis },
          { id: 'anonymes', label: strings.general.anonymes, value: g.beneficiairesAnonymes },
        ]}
      >
        <TimelineCard stats={stats} />
      </Figures>
      {rest ? <ReportSections stats={stats} /> : null}
    </div>
  );
};

/** Every section after the general figures. */
const ReportSections = ({ stats }: { stats: Stats }) => {
  const g = stats.general;
  const s = strings.sections;
  return (
    <>
      <Figures
        title={strings.activites.title}
        figures={[
          { id: 'individuels', label: strings.activites.individuels, value: g.individuels },
          { id: 'ateliers', label: strings.activites.ateliers, value: g.ateliers },
          { id: 'participants', label: strings.activites.participants, value: g.participantsAteliers },
          { id: 'activites', label: strings.activites.activites, value: g.activites },
        ]}
      >
        <div className="stats-grid">
          <DistributionCard
            title={s.thematiquesMediation}
            entries={stats.thematiquesMediation}
            kind="horizontal"
          />
          <DistributionCard
            title={s.thematiquesAdministratives}
            entries={stats.thematiquesAdministratives}
            kind="horizontal"
          />
          <DistributionCard title={s.materiel} entries={stats.materiel} kind="horizontal" />
          <DistributionCard title={s.canaux} entries={stats.canaux} kind="doughnut" />
          <DistributionCard title={s.durees} entries={stats.durees} kind="doughnut" />
          <DistributionCard title={s.lieux} entries={stats.lieux} kind="horizontal" limit={10} />
          <DistributionCard title={s.communes} entries={stats.communes} kind="horizontal" limit={10} />
          {stats.orientationsParLieu.length ? (
            <>
              <DistributionCard
                title={s.orientationsParLieu}
                entries={stats.orientationsParLieu}
                kind="horizontal"
                limit={10}
              />
              <DistributionCard
                title={s.orientationsParService}
                entries={stats.orientationsParService}
                kind="horizontal"
              />
            </>
          ) : null}
        </div>
      </Figures>
      <section className="stats-section" aria-labelledby="stats-beneficiaires">
        <h2 id="stats-beneficiaires">{s.beneficiaires}</h2>
        <div className="stats-grid">
          <DistributionCard title={s.genres} entries={stats.genres} kind="doughnut" />
          <DistributionCard title={s.tranchesAge} entries={stats.tranchesAge} kind="horizontal" />
          <DistributionCard title={s.statuts} entries={stats.statuts} kind="doughnut" />
          <DistributionCard
            title={s.residence}
            entries={stats.communesBeneficiaires}
            kind="horizontal"
            limit={10}
          />
        </div>
      </section>
      <Figures
        title={s.loans}
        figures={[
          { id: 'prets-commences', label: strings.loans.started, value: stats.loans.started },
          { id: 'prets-rendus', label: strings.loans.returned, value: stats.loans.returned },
          { id: 'prets-en-cours', label: strings.loans.ongoing, value: stats.loans.ongoing },
          { id: 'prets-en-retard', label: strings.loans.overdue, value: stats.loans.overdue },
          {
            id: 'personnes-equipees',
            label: strings.loans.peopleEquipped,
            value: stats.loans.peopleEquipped,
          },
          { id: 'materiels', label: strings.loans.items, value: stats.loans.itemsTotal },
        ]}
      >
        <div className="stats-grid">
          <DistributionCard title={s.itemsByStatus} entries={stats.loans.itemsByStatus} kind="doughnut" />
        </div>
      </Figures>
    </>
  );
};
