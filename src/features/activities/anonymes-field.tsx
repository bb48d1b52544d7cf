import { GENRES, STATUTS_SOCIAUX, TRANCHES_AGE, type Choice } from '../../domain/enums';
import { Field } from '../../ui/field';
import { anonymesTotal, nonCommunique, type AnonymesState } from './form-state';
import { strings } from './strings';

type Breakdown = 'genre' | 'trancheAge' | 'statutSocial';

const known = (list: readonly Choice[]) => list.filter((c) => c.value !== 'non_communique');

const CountInput = ({
  label,
  value,
  name,
  error,
  onChange,
}: {
  label: string;
  value: string;
  name: string;
  error?: string | undefined;
  onChange: (value: string) => void;
}) => (
  <Field label={label} error={error}>
    {(field) => (
      <input
        {...field}
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    )}
  </Field>
);

const BreakdownGroup = ({
  legend,
  breakdown,
  choices,
  value,
  error,
  onChange,
}: {
  legend: string;
  breakdown: Breakdown;
  choices: readonly Choice[];
  value: AnonymesState;
  error: string | undefined;
  onChange: (next: AnonymesState) => void;
}) => {
  const counts = value[breakdown] as Record<string, string | undefined>;
  return (
    <fieldset className={`choices${error ? ' field--error' : ''}`} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="counts">
        {known(choices).map((c) => (
          <CountInput
            key={c.value}
            label={c.label}
            name={`${breakdown}.${c.value}`}
            value={counts[c.value] ?? ''}
            onChange={(text) => onChange({ ...value, [breakdown]: { ...counts, [c.value]: text } })}
          />
        ))}
      </div>
      {/* La Coop derives « Non communiqué » as total − sum(others): shown, never typed. */}
      <p className="derived" aria-live="polite">
        {strings.form.nonCommunique(nonCommunique(value, breakdown))}
      </p>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
};

/** La Coop's anonymous participants of a workshop: a total and an optional breakdown. */
export const AnonymesField = ({
  value,
  errors,
  onChange,
}: {
  value: AnonymesState;
  errors: Record<string, string>;
  onChange: (next: AnonymesState) => void;
}) => {
  const hasBreakdown =
    anonymesTotal(value) > 0 ||
    value.dejaAccompagne !== '' ||
    [value.genre, value.trancheAge, value.statutSocial].some((r) =>
      Object.values(r as Record<string, string>).some((t) => t !== ''),
    );
  return (
    <fieldset className="choices">
      <legend>{strings.form.anonymes}</legend>
      <p className="field__hint">{strings.form.anonymesHint}</p>
      <div className="counts">
        <CountInput
          label={strings.form.anonymesTotal}
          name="anonymes.total"
          value={value.total}
          error={errors['participantsAnonymes.total']}
          onChange={(total) => onChange({ ...value, total })}
        />
        {hasBreakdown ? (
          <CountInput
            label={strings.form.dejaAccompagne}
            name="anonymes.dejaAccompagne"
            value={value.dejaAccompagne}
            error={errors['participantsAnonymes.dejaAccompagne']}
            onChange={(dejaAccompagne) => onChange({ ...value, dejaAccompagne })}
          />
        ) : null}
      </div>
      {hasBreakdown ? (
        <>
          <BreakdownGroup
            legend={strings.form.genre}
            breakdown="genre"
            choices={GENRES}
            value={value}
            error={errors['participantsAnonymes.genre']}
            onChange={onChange}
          />
          <BreakdownGroup
            legend={strings.form.trancheAge}
            breakdown="trancheAge"
            choices={TRANCHES_AGE}
            value={value}
            error={errors['participantsAnonymes.trancheAge']}
            onChange={onChange}
          />
          <BreakdownGroup
            legend={strings.form.statutSocial}
            breakdown="statutSocial"
            choices={STATUTS_SOCIAUX}
            value={value}
            error={errors['participantsAnonymes.statutSocial']}
            onChange={onChange}
          />
        </>
      ) : null}
    </fieldset>
  );
};
