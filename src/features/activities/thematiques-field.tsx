import {
  THEMATIQUE_DEMARCHES,
  THEMATIQUES_ADMINISTRATIVES,
  THEMATIQUES_MEDIATION,
  type Choice,
} from '../../domain/enums';
import type { Thematique } from '../../domain/enums';
import { ChoiceFieldset } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { nextThematiques } from './form-state';
import { strings } from './strings';

/** Check-box chips that show La Coop's hint under each label (a tablet has no hover tooltip). */
const HintedChips = ({
  legend,
  name,
  choices,
  value,
  onToggle,
  error,
  required,
  hint,
}: {
  legend: string;
  name: string;
  choices: readonly Choice[];
  value: readonly string[];
  onToggle: (value: string, checked: boolean) => void;
  error?: string | undefined;
  required?: boolean;
  hint?: string;
}) => (
  <ChoiceFieldset legend={legend} required={required} hint={hint} error={error}>
    {choices.map((c) => (
      <label key={c.value} className="chip">
        <input
          type="checkbox"
          name={name}
          value={c.value}
          checked={value.includes(c.value)}
          onChange={(e) => onToggle(c.value, e.target.checked)}
        />
        <span className="chip__text">
          <span>{c.label}</span>
          {c.hint ? <span className="chip__hint">{c.hint}</span> : null}
        </span>
      </label>
    ))}
  </ChoiceFieldset>
);

export const ThematiquesField = ({
  legend,
  thematiques,
  precisionsDemarche,
  errors,
  onChange,
}: {
  legend: string;
  thematiques: Thematique[];
  precisionsDemarche: string;
  errors: Record<string, string>;
  onChange: (patch: { thematiques?: Thematique[]; precisionsDemarche?: string }) => void;
}) => {
  const toggle = (value: string, checked: boolean) => {
    const next = checked ? [...thematiques, value as Thematique] : thematiques.filter((t) => t !== value);
    const kept = nextThematiques(next);
    // Unchecking « Aide aux démarches administratives » also forgets the démarche's name.
    onChange(
      kept.includes(THEMATIQUE_DEMARCHES)
        ? { thematiques: kept }
        : { thematiques: kept, precisionsDemarche: '' },
    );
  };
  const demarches = thematiques.includes(THEMATIQUE_DEMARCHES);
  return (
    <div className="form-section">
      <HintedChips
        legend={legend}
        name="thematiques"
        required
        choices={THEMATIQUES_MEDIATION}
        value={thematiques}
        onToggle={toggle}
        error={errors.thematiques}
        hint={demarches ? undefined : strings.form.demarchesInfo}
      />
      {demarches ? (
        <>
          <HintedChips
            legend={strings.form.thematiquesAdministratives}
            name="thematiquesAdministratives"
            choices={THEMATIQUES_ADMINISTRATIVES}
            value={thematiques}
            onToggle={toggle}
          />
          <Field
            label={strings.form.precisionsDemarche}
            hint={strings.form.precisionsDemarcheHint}
            error={errors.precisionsDemarche}
          >
            {(field) => (
              <input
                autoComplete="off"
                {...field}
                type="text"
                name="precisionsDemarche"
                value={precisionsDemarche}
                onChange={(e) => onChange({ precisionsDemarche: e.target.value })}
              />
            )}
          </Field>
        </>
      ) : null}
    </div>
  );
};
