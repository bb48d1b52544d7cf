import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';

import { listAnnuaire } from '../../data/annuaire';
import { getDb } from '../../data/db';
import type { LieuOrientation } from '../../domain/activity';
import { searchAnnuaire } from '../../domain/annuaire-search';
import { Field } from '../../ui/field';
import { strings } from './strings';

const MAX = 8;

/**
 * « Orienté vers une autre structure » with a place behind it: a lieu picked from the directory
 * (offline), kept with its id, name and services.
 */
export const OrientationLieuField = ({
  value,
  onChange,
}: {
  value: LieuOrientation | null;
  onChange: (value: LieuOrientation | null) => void;
}) => {
  const lieux = useLiveQuery(() => listAnnuaire(getDb()), []);
  const [query, setQuery] = useState('');
  const results = useMemo(
    () => (lieux && query.trim() ? searchAnnuaire(lieux, { texte: query }).slice(0, MAX) : []),
    [lieux, query],
  );
  if (value)
    return (
      <div className="field">
        <p>
          {strings.form.orientationLieu} : <strong>{value.nom}</strong>
        </p>
        <button type="button" className="button button--secondary" onClick={() => onChange(null)}>
          {strings.form.orientationLieuRemove}
        </button>
      </div>
    );
  return (
    <>
      <Field
        label={strings.form.orientationLieu}
        hint={
          lieux && lieux.length === 0 ? strings.form.orientationLieuEmpty : strings.form.orientationLieuHint
        }
      >
        {(f) => (
          <input
            {...f}
            type="search"
            autoComplete="off"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        )}
      </Field>
      {results.length ? (
        <ul className="list" aria-label={strings.form.orientationLieuResults}>
          {results.map((lieu) => (
            <li key={lieu.id} className="list__item">
              <span>
                <strong>{lieu.nom}</strong>
                <br />
                <span className="muted">{lieu.commune}</span>
              </span>
              <button
                type="button"
                className="button button--secondary"
                aria-label={`${strings.form.orientationLieuPick} ${lieu.nom}`}
                onClick={() => {
                  onChange({ id: lieu.id, nom: lieu.nom, services: lieu.services });
                  setQuery('');
                }}
              >
                {strings.form.orientationLieuPick}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
};
