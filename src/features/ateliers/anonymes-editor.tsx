// Walk-ins who give no name: La Coop's anonymous breakdown (a total; genre, tranche d'âge and statut
// counts, « non communiqué » being the rest), checked with the activity's own schema.
import { useState } from 'react';

import { getDb } from '../../data/db';
import { setAnonymousWalkIns } from '../../data/workshops';
import { participantsAnonymesSchema, type ParticipantsAnonymes } from '../../domain/activity';
import { GENRES, STATUTS_SOCIAUX, TRANCHES_AGE, type Choice } from '../../domain/enums';
import { validate, type FieldErrors } from '../../domain/validation';
import { Field } from '../../ui/field';
import { strings } from './strings';

const R = strings.run;
type Group = 'genre' | 'trancheAge' | 'statutSocial';
const GROUPS: [Group, string, readonly Choice[]][] = [
  ['genre', R.genre, GENRES],
  ['trancheAge', R.trancheAge, TRANCHES_AGE],
  ['statutSocial', R.statutSocial, STATUTS_SOCIAUX],
];
type Counts = Record<string, string>;

const toText = (p: ParticipantsAnonymes | undefined): Counts => {
  const out: Counts = { total: p ? String(p.total) : '' };
  for (const [g] of GROUPS) for (const [k, v] of Object.entries(p?.[g] ?? {})) out[`${g}.${k}`] = String(v);
  return out;
};
const num = (s: string | undefined) => (s && s.trim() ? Number(s) : undefined);

export const AnonymesEditor = ({
  value,
  sessionId,
  readOnly,
}: {
  value: ParticipantsAnonymes | undefined;
  sessionId: string;
  readOnly: boolean;
}) => {
  const [counts, setCounts] = useState<Counts>(() => toText(value));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const set = (key: string, text: string) => {
    setSaved(false);
    setCounts((c) => ({ ...c, [key]: text }));
  };
  const save = async () => {
    const input: Record<string, unknown> = { total: num(counts.total) ?? 0, dejaAccompagne: 0 };
    for (const [g, , choices] of GROUPS)
      input[g] = Object.fromEntries(
        choices
          .filter((c) => c.value !== 'non_communique' && num(counts[`${g}.${c.value}`]) !== undefined)
          .map((c) => [c.value, num(counts[`${g}.${c.value}`])]),
      );
    const result = validate(participantsAnonymesSchema, input);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    await setAnonymousWalkIns(getDb(), sessionId, result.value as ParticipantsAnonymes);
    setSaved(true);
  };
  const total = num(counts.total) ?? 0;
  return (
    <fieldset className="card" disabled={readOnly}>
      <legend>{R.anonymes}</legend>
      <p className="field__hint">{R.anonymesHint}</p>
      <Field label={R.anonymesTotal} error={errors.total}>
        {(f) => (
          <input
            {...f}
            type="number"
            inputMode="numeric"
            min={0}
            name="anonymes.total"
            value={counts.total ?? ''}
            onChange={(e) => set('total', e.target.value)}
          />
        )}
      </Field>
      {total > 0
        ? GROUPS.map(([g, legend, choices]) => {
            const known = choices.filter((c) => c.value !== 'non_communique');
            const sum = known.reduce((s, c) => s + (num(counts[`${g}.${c.value}`]) ?? 0), 0);
            return (
              <fieldset key={g} className={`choices${errors[g] ? ' field--error' : ''}`}>
                <legend>{legend}</legend>
                <div className="counts">
                  {known.map((c) => (
                    <Field key={c.value} label={c.label}>
                      {(f) => (
                        <input
                          {...f}
                          type="number"
                          inputMode="numeric"
                          min={0}
                          name={`${g}.${c.value}`}
                          value={counts[`${g}.${c.value}`] ?? ''}
                          onChange={(e) => set(`${g}.${c.value}`, e.target.value)}
                        />
                      )}
                    </Field>
                  ))}
                </div>
                <p className="derived">{R.nonCommunique(Math.max(0, total - sum))}</p>
                {errors[g] ? (
                  <p className="field__error" role="alert">
                    {errors[g]}
                  </p>
                ) : null}
              </fieldset>
            );
          })
        : null}
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void save()}>
          {R.saveAnonymes}
        </button>
        {saved ? <span role="status">{R.anonymesSaved}</span> : null}
      </div>
    </fieldset>
  );
};
