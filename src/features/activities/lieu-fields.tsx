import { Link } from 'react-router';

import type { CommuneRef } from '../../domain/beneficiary';
import { TYPES_LIEU } from '../../domain/enums';
import type { Lieu } from '../../domain/lieu';
import { RadioGroup } from '../../ui/choice-group';
import { CommuneInput } from '../../ui/commune-input';
import { Field } from '../../ui/field';
import type { ActivityFormState } from './form-state';
import { strings } from './strings';

type LieuState = Pick<ActivityFormState, 'typeLieu' | 'lieuId' | 'lieuCommune'>;

/** Where: La Coop's type de lieu, then the advisor's lieu d'activité or the commune. */
export const LieuFields = ({
  legend,
  value,
  lieux,
  errors,
  searchCommunes,
  onChange,
}: {
  legend: string;
  value: LieuState;
  /** The advisor's lieux (plus the activity's own lieu if it was deleted since). */
  lieux: Lieu[];
  errors: Record<string, string>;
  searchCommunes: (query: string) => Promise<CommuneRef[]>;
  onChange: (patch: Partial<LieuState>) => void;
}) => {
  const manage = (
    <Link to="/parametres#lieux" className="field__link">
      {strings.form.manageLieux}
    </Link>
  );
  return (
    <div className="form-section">
      <RadioGroup
        legend={legend}
        name="typeLieu"
        required
        choices={TYPES_LIEU}
        value={value.typeLieu || undefined}
        error={errors.typeLieu}
        onChange={(typeLieu) => onChange({ typeLieu })}
      />
      {value.typeLieu === 'lieu_activite' ? (
        <Field
          label={strings.form.lieu}
          required
          error={errors.lieuId}
          hint={
            lieux.length === 0 ? (
              <>
                {strings.form.noLieu} {manage}
              </>
            ) : (
              manage
            )
          }
        >
          {(field) => (
            <select
              {...field}
              name="lieuId"
              value={value.lieuId}
              onChange={(e) => onChange({ lieuId: e.target.value })}
            >
              <option value="">{strings.form.lieuPlaceholder}</option>
              {lieux.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.deleted
                    ? strings.form.deletedLieu(l.nom)
                    : l.commune
                      ? `${l.nom} — ${l.commune.nom}`
                      : l.nom}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {value.typeLieu === 'domicile' || value.typeLieu === 'autre' ? (
        <CommuneInput
          label={strings.form.commune}
          required
          value={value.lieuCommune ?? undefined}
          onChange={(lieuCommune) => onChange({ lieuCommune: lieuCommune ?? null })}
          search={searchCommunes}
          error={errors.lieuCommune}
        />
      ) : null}
    </div>
  );
};
