import { formatDuree } from '../../domain/activity';
import type { Choice } from '../../domain/enums';
import { RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { DUREE_CUSTOM, type ActivityFormState } from './form-state';
import { strings } from './strings';

type DureeState = Pick<ActivityFormState, 'duree' | 'dureeHeures' | 'dureeMinutes'>;

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
            <Field label={strings.form.dureeHours} error={undefined}>
              {(field) => (
                <input
                  {...field}
                  aria-invalid={Boolean(error)}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={23}
                  step={1}
                  name="dureeHeures"
                  value={value.dureeHeures}
                  onChange={(e) => onChange({ dureeHeures: e.target.value })}
                />
              )}
            </Field>
            <Field label={strings.form.dureeMinutes} error={undefined}>
              {(field) => (
                <input
                  {...field}
                  aria-invalid={Boolean(error)}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={59}
                  step={1}
                  name="dureeMinutes"
                  value={value.dureeMinutes}
                  onChange={(e) => onChange({ dureeMinutes: e.target.value })}
                />
              )}
            </Field>
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
