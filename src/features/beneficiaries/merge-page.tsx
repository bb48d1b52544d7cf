// « Fusionner deux fiches »: the kept fiche (:id) and the one merged into it (:otherId), each field
// that differs offered as a choice (La Coop's policy as the starting one: the kept value when it has
// one, else the other's), what moves said before she confirms, and the merge made on the tablet,
// offline, through mergeBeneficiaries (src/data/beneficiaries-merge.ts).
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { getBeneficiary } from '../../data/beneficiaries';
import { mergeBeneficiaries, MergeError, mergeImpact } from '../../data/beneficiaries-merge';
import { getDb } from '../../data/db';
import { editBaseOf } from '../../data/edits';
import { canDo } from '../../data/permissions';
import { displayName, formatPhone, type Beneficiary } from '../../domain/beneficiary';
import {
  defaultMergeChoices,
  differingFields,
  MERGE_REFUSALS,
  mergeRefusal,
  type MergeChoices,
  type MergeField,
} from '../../domain/beneficiary-merge';
import type { EditBase } from '../../domain/edit';
import { GENRES, labelOf, STATUTS_SOCIAUX } from '../../domain/enums';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Page } from '../../ui/page';
import { strings } from './strings';
import './beneficiaries.css';

const s = strings.merge;
const f = strings.form;

const LABELS: Record<MergeField, string> = {
  prenom: f.prenom,
  nom: f.nom,
  anneeNaissance: f.anneeNaissance,
  telephone: f.telephone,
  email: f.email,
  adresse: f.adresse,
  commune: f.commune,
  genre: f.genre,
  statutSocial: f.statutSocial,
  notes: f.notes,
};

const shown = (b: Beneficiary, field: MergeField): string => {
  const value = b[field];
  if (value === undefined || value === null || value === '') return strings.notProvided;
  if (field === 'telephone') return formatPhone(b.telephone);
  if (field === 'commune')
    return b.commune ? `${b.commune.nom} (${b.commune.codePostal})` : strings.notProvided;
  if (field === 'genre') return labelOf(GENRES, b.genre);
  if (field === 'statutSocial') return labelOf(STATUTS_SOCIAUX, b.statutSocial);
  return String(value);
};

interface Opened {
  kept: Beneficiary;
  other: Beneficiary;
  base: EditBase;
  choices: MergeChoices;
}

export const MergePage = () => {
  const { id = '', otherId = '' } = useParams();
  const db = getDb();
  const navigate = useNavigate();
  const pair = useLiveQuery(
    async () => ({ kept: await getBeneficiary(db, id), other: await getBeneficiary(db, otherId) }),
    [db, id, otherId],
  );
  const impact = useLiveQuery(() => mergeImpact(db, otherId), [db, otherId]);
  // The kept fiche as the screen opened it: the merge is saved against it (a colleague's change
  // pulled meanwhile stays; one of the same field is a conflict).
  const [opened, setOpened] = useState<Opened>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  if (pair === undefined) return <p className="loading">{strings.loading}</p>;
  const refusal = mergeRefusal(pair.kept, pair.other);
  if (refusal && !busy)
    return (
      <Page title={s.title}>
        <p className="card card--warning" role="alert">
          {MERGE_REFUSALS[refusal]}
        </p>
        <Link to="/beneficiaires">{strings.notFound.back}</Link>
      </Page>
    );
  const current =
    opened && opened.kept.id === id && opened.other.id === otherId
      ? opened
      : pair.kept && pair.other
        ? {
            kept: pair.kept,
            other: pair.other,
            base: editBaseOf(pair.kept),
            choices: defaultMergeChoices(pair.kept, pair.other),
          }
        : undefined;
  if (!current) return <p className="loading">{strings.loading}</p>;
  if (current !== opened) setOpened(current);
  const { kept, other } = current;
  const allowed = canDo('beneficiaries', 'delete', other) && canDo('beneficiaries', 'update', kept);
  const fields = differingFields(kept, other);

  const choose = (field: MergeField, value: 'kept' | 'other') =>
    setOpened({ ...current, choices: { ...current.choices, [field]: value } });

  const merge = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      await mergeBeneficiaries(db, {
        keptId: kept.id,
        otherId: other.id,
        choices: current.choices,
        keptBase: current.base,
      });
      navigate(`/beneficiaires/${kept.id}`, { state: { merged: true } });
    } catch (e) {
      setBusy(false);
      setError(e instanceof MergeError ? e.message : String(e));
    }
  };

  return (
    <Page title={s.title}>
      <p>{s.intro(displayName(kept), displayName(other))}</p>
      {impact ? <p className="card">{s.impact(impact.activities, impact.loans)}</p> : null}
      {!allowed ? (
        <p className="card card--warning" role="alert">
          {s.forbidden}
        </p>
      ) : null}
      <div className="merge-fields">
        {fields.map((field) => (
          <fieldset key={field} className="card merge-field">
            <legend>{LABELS[field]}</legend>
            {(['kept', 'other'] as const).map((side) => (
              <label key={side} className="import-choice">
                <input
                  type="radio"
                  name={`merge-${field}`}
                  checked={current.choices[field] === side}
                  onChange={() => choose(field, side)}
                />{' '}
                {side === 'kept' ? s.keep(shown(kept, field)) : s.take(shown(other, field))}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <p className="muted">{s.identical}</p>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="actions">
        <button
          type="button"
          className="button"
          disabled={!allowed || busy}
          onClick={() => setConfirming(true)}
        >
          {busy ? s.merging : s.confirm}
        </button>
        <Link className="button button--secondary" to={`/beneficiaires/${other.id}/fusionner/${kept.id}`}>
          {s.swap}
        </Link>
        <Link className="button button--secondary" to={`/beneficiaires/${kept.id}`}>
          {s.cancel}
        </Link>
      </p>
      <ConfirmDialog
        open={confirming}
        title={s.confirmTitle}
        message={s.confirmMessage}
        confirmLabel={s.confirm}
        danger
        onConfirm={() => void merge()}
        onCancel={() => setConfirming(false)}
      />
    </Page>
  );
};
