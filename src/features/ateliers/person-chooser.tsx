// Chooses a beneficiary (the shared picker) or creates a new one on the spot through the
// beneficiaries' own command (saveBeneficiary): registering someone, or a walk-in at a session.
import { useState } from 'react';

import { getBeneficiariesByIds, saveBeneficiary, searchBeneficiaries } from '../../data/beneficiaries';
import { getDb } from '../../data/db';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { validate, type FieldErrors } from '../../domain/validation';
import { BeneficiaryPicker } from '../../ui/beneficiary-picker';
import { Field } from '../../ui/field';
import { strings } from './strings';

const search = (q: string) => searchBeneficiaries(getDb(), q);
const byIds = (ids: string[]) => getBeneficiariesByIds(getDb(), ids);

export const PersonChooser = ({
  label,
  action,
  onChosen,
}: {
  label: string;
  /** The button's text (« Inscrire »). */
  action: string;
  onChosen: (beneficiaryId: string) => Promise<void>;
}) => {
  const [ids, setIds] = useState<string[]>([]);
  const [creating, setCreating] = useState<string | undefined>();
  const [prenom, setPrenom] = useState('');
  const [nom, setNom] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const choose = async (id: string) => {
    setBusy(true);
    try {
      await onChosen(id);
      setIds([]);
      setCreating(undefined);
    } finally {
      setBusy(false);
    }
  };
  const create = async () => {
    const input = { anonyme: false, prenom, nom };
    const result = validate(beneficiaryInputSchema(), input);
    if (!result.ok) return setErrors(result.errors);
    const person = await saveBeneficiary(getDb(), undefined, result.value);
    await choose(person.id);
  };

  if (creating !== undefined)
    return (
      <fieldset className="card">
        <legend>{strings.cycle.newPerson}</legend>
        <div className="grid-2">
          <Field label={strings.cycle.prenom} required error={errors.prenom}>
            {(f) => (
              <input
                {...f}
                name="prenom"
                autoComplete="off"
                value={prenom}
                onChange={(e) => setPrenom(e.target.value)}
              />
            )}
          </Field>
          <Field label={strings.cycle.nom} required error={errors.nom}>
            {(f) => (
              <input
                {...f}
                name="nom"
                autoComplete="off"
                value={nom}
                onChange={(e) => setNom(e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="actions">
          <button type="button" className="button" disabled={busy} onClick={() => void create()}>
            {strings.cycle.create}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setCreating(undefined)}>
            {strings.cycleForm.cancel}
          </button>
        </div>
      </fieldset>
    );

  return (
    <div className="person-chooser">
      <BeneficiaryPicker
        label={label}
        value={ids}
        onChange={setIds}
        search={search}
        getByIds={byIds}
        createAction={(typed: string) => (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              const [first = '', ...rest] = typed.trim().split(/\s+/);
              setPrenom(first);
              setNom(rest.join(' '));
              setErrors({});
              setCreating(typed);
            }}
          >
            {strings.cycle.newPerson}
          </button>
        )}
      />
      <button
        type="button"
        className="button"
        disabled={busy || ids.length === 0}
        onClick={() => void choose(ids[0]!)}
      >
        {action}
      </button>
    </div>
  );
};
