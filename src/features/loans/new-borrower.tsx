import { useState } from 'react';

import { beneficiaryInputSchema, type Beneficiary } from '../../domain/beneficiary';
import { getDb } from '../../data/db';
import { createBorrower } from '../../data/loans';
import { validate, type FieldErrors } from '../../domain/validation';
import { Field } from '../../ui/field';
import { strings } from './strings';

/** Creates the borrower on the spot (prénom, nom, téléphone), without leaving the loan form. */
export const NewBorrower = ({
  initial,
  onCreated,
  onCancel,
}: {
  initial: string;
  onCreated: (b: Beneficiary) => void;
  onCancel: () => void;
}) => {
  // What was typed in the search: « Léa Martin » → prénom Léa, nom Martin.
  const [first = '', ...rest] = initial.trim().split(/\s+/);
  const [prenom, setPrenom] = useState(first);
  const [nom, setNom] = useState(rest.join(' '));
  const [telephone, setTelephone] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const create = async () => {
    const input = { anonyme: false, prenom, nom, telephone };
    const result = validate(beneficiaryInputSchema(), input);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    onCreated(await createBorrower(getDb(), input));
  };

  return (
    <fieldset className="card item-card">
      <legend>{strings.loanForm.newBeneficiary}</legend>
      <div className="grid-2">
        <Field label={strings.loanForm.prenom} required error={errors.prenom}>
          {(f) => (
            <input {...f} value={prenom} autoComplete="off" onChange={(e) => setPrenom(e.target.value)} />
          )}
        </Field>
        <Field label={strings.loanForm.nom} required error={errors.nom}>
          {(f) => <input {...f} value={nom} autoComplete="off" onChange={(e) => setNom(e.target.value)} />}
        </Field>
        <Field label={strings.loanForm.telephone} error={errors.telephone}>
          {(f) => (
            <input
              {...f}
              type="tel"
              inputMode="tel"
              value={telephone}
              autoComplete="off"
              onChange={(e) => setTelephone(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => void create()}>
          {strings.loanForm.createAndChoose}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {strings.common.cancel}
        </button>
      </div>
    </fieldset>
  );
};
