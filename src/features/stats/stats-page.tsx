import { useMemo, useState } from 'react';

import { isDay } from '../../domain/dates';
import { roleLabel, splitDisplayName } from '../../domain/exports';
import { labelOf, THEMATIQUES, TYPES_ACTIVITE } from '../../domain/enums';
import type { StatsFilters } from '../../domain/stats';
import { getIdentity } from '../../data/meta';
import type { StatsOptions } from '../../data/stats';
import { formatDayShort } from '../../ui/format';
import { Page } from '../../ui/page';
import { ExportsPanel } from './exports-panel';
import { FiltersBar, type AdvisorChoice, type FiltersDraft } from './filters-bar';
import { quickPeriod } from './period';
import { StatsReport } from './stats-report';
import { strings } from './strings';
import { StructureNameForm } from './structure-name-form';
import { useStats } from './use-stats';
import { useStructureName } from './structure-name';
import './stats.css';

const periodErrors = (d: FiltersDraft): { from?: string; to?: string } => {
  const errors: { from?: string; to?: string } = {};
  if (!isDay(d.from)) errors.from = strings.filters.missingDate;
  if (!isDay(d.to)) errors.to = strings.filters.missingDate;
  else if (!errors.from && d.to < d.from) errors.to = strings.filters.invalidPeriod;
  return errors;
};

/** Which advisors the filter offers (undefined: no filter: a conseiller sees their own figures). */
const advisorChoices = (options: StatsOptions | undefined): AdvisorChoice[] | undefined => {
  const { role, userId, name } = getIdentity();
  const ids = options?.advisorIds ?? [];
  if (role === 'conseiller') return undefined;
  if (role !== 'coordinateur' && ids.length < 2) return undefined;
  let n = 0;
  return ids.map((id) => ({
    id,
    label: id === userId ? strings.filters.me(name) : strings.filters.advisorN(++n, id),
  }));
};

const filterLabels = (
  f: StatsFilters,
  options: StatsOptions | undefined,
  advisors: AdvisorChoice[] | undefined,
) =>
  [
    f.type ? `${strings.filters.type} : ${labelOf(TYPES_ACTIVITE, f.type)}` : '',
    f.lieuId ? `${strings.filters.lieu} : ${options?.lieux.find((l) => l.id === f.lieuId)?.nom ?? ''}` : '',
    f.communeInsee
      ? `${strings.filters.commune} : ${options?.communes.find((c) => c.codeInsee === f.communeInsee)?.nom ?? f.communeInsee}`
      : '',
    f.thematique ? `${strings.filters.thematique} : ${labelOf(THEMATIQUES, f.thematique)}` : '',
    f.advisorId
      ? `${strings.filters.advisor} : ${advisors?.find((a) => a.id === f.advisorId)?.label ?? f.advisorId}`
      : '',
  ].filter(Boolean);

/** Who exports (La Coop's « Informations export ») and the advisors the files can name. */
const exportAuthor = () => {
  const { userId, name, role } = getIdentity();
  const names = splitDisplayName(name);
  return {
    user: { ...names, roleLabel: roleLabel(role) },
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    advisors: userId ? [{ id: userId, ...names, conseillerNumerique: role === 'conseiller' }] : [],
  };
};

export const StatsPage = () => {
  const [draft, setDraft] = useState<FiltersDraft>(() => ({
    quick: 'thisMonth',
    ...quickPeriod('thisMonth'),
  }));
  const errors = periodErrors(draft);
  const valid = !errors.from && !errors.to;
  const [applied, setApplied] = useState<StatsFilters>(() => ({ ...quickPeriod('thisMonth') }));
  const { role, userId } = getIdentity();

  // A conseiller's statistics are their own; everyone else chooses (or takes the whole structure).
  const ownOnly = role === 'conseiller' && userId ? userId : undefined;
  const next = useMemo<StatsFilters | undefined>(() => {
    if (!valid) return undefined;
    const { quick: _quick, ...filters } = draft;
    return ownOnly ? { ...filters, advisorId: ownOnly } : filters;
  }, [draft, valid, ownOnly]);
  if (next && JSON.stringify(next) !== JSON.stringify(applied)) setApplied(next);

  const { state, retry, exportFile } = useStats(applied);
  const result = state.result;
  const advisors = advisorChoices(result?.options);
  const structure = useStructureName();
  const period = strings.report.period(formatDayShort(applied.from), formatDayShort(applied.to));
  const labels = filterLabels(applied, result?.options, advisors);
  // La Coop's isSelfExport: an advisor's own sessions only; otherwise the médiateur's columns.
  const team = applied.advisorId
    ? applied.advisorId !== userId
    : role === 'coordinateur' || (result?.options.advisorIds.length ?? 0) > 1;

  return (
    <Page title={strings.title}>
      <p className="muted no-print">{strings.intro}</p>
      <FiltersBar
        value={draft}
        onChange={setDraft}
        options={result?.options}
        advisors={advisors}
        periodError={errors}
      />
      <p role="status" aria-live="polite" className="muted no-print">
        {state.status === 'loading' ? strings.loading : ''}
      </p>
      {state.status === 'error' ? (
        <div className="card card--danger" role="alert">
          <p>
            {strings.error} {state.error}
          </p>
          <button type="button" className="button" onClick={retry}>
            {strings.retry}
          </button>
        </div>
      ) : null}
      {result ? (
        <>
          {/* With the results, not above the filters: appearing later there, it pushed them down. */}
          {structure.name !== undefined ? (
            <StructureNameForm name={structure.name} onSave={structure.save} />
          ) : null}
          <ExportsPanel
            disabled={state.status !== 'ready'}
            exportFile={exportFile}
            request={{
              team,
              ...exportAuthor(),
            }}
          />
          <StatsReport
            stats={result.stats}
            structureName={structure.name || strings.report.noStructure}
            period={period}
            filterLabels={labels}
            busy={state.status === 'loading'}
          />
        </>
      ) : null}
    </Page>
  );
};
