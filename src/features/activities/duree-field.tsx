import { formatDuree } from '../../domain/activity';
import type { Choice } from '../../domain/enums';
import { RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { DUREE_CUSTOM, type ActivityFormState } from './form-state';
import { strings } from './strings';

type DureeState = Pick<ActivityFormState, 'duree' | 'dureeHeures' | 'dureeMinutes'>;

/** Hours or minutes of a custom durée: the error is shown once, under both. */
const DureePart = ({
  label,
  name,
  max,
  value,
  invalid,
  onChange,
}: {
  label: string;
  name: 'dureeHeures' | 'dureeMinutes';
  max: number;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
}) => (
  <Field label={label} error={undefined}>
    {(field) => (
      <input
        {...field}
        aria-invalid={invalid}
        type="number"
        inputMode="numeric"
        min={0}
        max={max}
        step={1}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    )}
  </Field>
);

/** La Coop's durée chips (15mn … 2h, plus the advisor's habits) and « Personnaliser » (h + min). */
export const DureeField = ({
  value,
  chips,
  error,
  onChange,
}: {
  value: DureeState;
  chips: readonly number[];
  error: string | undefined;
  onChange: (patch: Partial<DureeState>) => void;
}) => {
  const choices: Choice[] = [
    ...chips.map((m) => ({ value: String(m), label: formatDuree(m) })),
    { value: DUREE_CUSTOM, label: strings.form.dureeCustom },
  ];
  const custom = value.duree === DUREE_CUSTOM;
  return (
    <div className="form-section">
      <RadioGroup
        legend={strings.form.duree}
        name="duree"
        required
        choices={choices}
        value={value.duree || undefined}
        error={custom ? undefined : error}
        onChange={(duree) => onChange({ duree })}
      />
      {custom ? (
        <fieldset className={`choices${error ? ' field--error' : ''}`}>
          <legend>{strings.form.dureeCustomLegend}</legend>
          <div className="duree-custom">
            <DureePart
              label={strings.form.dureeHours}
              name="dureeHeures"
              max={23}
              value={value.dureeHeures}
              invalid={Boolean(error)}
              onChange={(dureeHeures) => onChange({ dureeHeures })}
            />
            <DureePart
              label={strings.form.dureeMinutes}
              name="dureeMinutes"
              max={59}
              value={value.dureeMinutes}
              invalid={Boolean(error)}
              onChange={(dureeMinutes) => onChange({ dureeMinutes })}
            />
          </div>
          {error ? (
            <p className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </div>
  );
};
