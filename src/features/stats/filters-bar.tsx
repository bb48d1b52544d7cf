import { THEMATIQUES, TYPES_ACTIVITE } from '../../domain/enums';
import type { StatsFilters } from '../../domain/stats';
import type { StatsOptions } from '../../data/stats';
import { RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { QUICK_PERIODS, quickPeriod, type QuickPeriod } from './period';
import { strings } from './strings';

export interface FiltersDraft extends StatsFilters {
  quick: QuickPeriod;
}

export interface AdvisorChoice {
  id: string;
  label: string;
}

export interface FiltersBarProps {
  value: FiltersDraft;
  onChange: (next: FiltersDraft) => void;
  options: StatsOptions | undefined;
  /** Advisors offered, or undefined when the filter is not shown. */
  advisors: AdvisorChoice[] | undefined;
  periodError: { from?: string; to?: string };
}

const optional = <T extends string>(v: string): T | undefined => (v ? (v as T) : undefined);

export const FiltersBar = ({ value, onChange, options, advisors, periodError }: FiltersBarProps) => {
  const set = (patch: Partial<FiltersDraft>) => onChange({ ...value, ...patch });
  return (
    <section className="card stats-filters no-print" aria-labelledby="stats-filters-title">
      <h2 id="stats-filters-title">{strings.filters.title}</h2>
      <RadioGroup
        legend={strings.filters.period}
        name="stats-period"
        choices={QUICK_PERIODS.map((q) => ({ value: q, label: strings.filters.quick[q] }))}
        value={value.quick}
        onChange={(quick) => set(quick === 'custom' ? { quick } : { quick, ...quickPeriod(quick) })}
      />
      <div className="grid-2">
        <Field format="date" label={strings.filters.from} error={periodError.from}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={value.from}
              onChange={(e) => set({ quick: 'custom', from: e.target.value })}
            />
          )}
        </Field>
        <Field format="date" label={strings.filters.to} error={periodError.to}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={value.to}
              onChange={(e) => set({ quick: 'custom', to: e.target.value })}
            />
          )}
        </Field>
        <Field label={strings.filters.type}>
          {(p) => (
            <select {...p} value={value.type ?? ''} onChange={(e) => set({ type: optional(e.target.value) })}>
              <option value="">{strings.filters.all}</option>
              {TYPES_ACTIVITE.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={strings.filters.lieu}>
          {(p) => (
            <select
              {...p}
              value={value.lieuId ?? ''}
              onChange={(e) => set({ lieuId: optional(e.target.value) })}
            >
              <option value="">{strings.filters.all}</option>
              {options?.lieux.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.nom}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={strings.filters.commune}>
          {(p) => (
            <select
              {...p}
              value={value.communeInsee ?? ''}
              onChange={(e) => set({ communeInsee: optional(e.target.value) })}
            >
              <option value="">{strings.filters.allFem}</option>
              {options?.communes.map((c) => (
                <option key={c.codeInsee} value={c.codeInsee}>
                  {c.nom} ({c.codePostal})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={strings.filters.thematique}>
          {(p) => (
            <select
              {...p}
              value={value.thematique ?? ''}
              onChange={(e) => set({ thematique: optional(e.target.value) })}
            >
              <option value="">{strings.filters.allFem}</option>
              {THEMATIQUES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {advisors ? (
          <Field label={strings.filters.advisor}>
            {(p) => (
              <select
                {...p}
                value={value.advisorId ?? ''}
                onChange={(e) => set({ advisorId: optional(e.target.value) })}
              >
                <option value="">{strings.filters.wholeStructure}</option>
                {advisors.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
    </section>
  );
};
