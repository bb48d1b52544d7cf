import { useEffect, useRef, useState, type ReactNode } from 'react';

import { displayName, formatPhone, type Beneficiary } from '../domain/beneficiary';
import { ComboboxPopup, useCombobox } from './combobox';
import { Field } from './field';
import { useLatestSearch } from './use-latest-search';

export interface BeneficiaryPickerProps {
  label: string;
  /** Ids of the chosen beneficiaries (at most one unless `multiple`). */
  value: string[];
  onChange: (ids: string[]) => void;
  search: (query: string) => Promise<Beneficiary[]>;
  /** Loads the chosen beneficiaries to show them (a restored draft only has their ids). */
  getByIds?: (ids: string[]) => Promise<Beneficiary[]>;
  /** Or the chosen beneficiaries themselves, when the caller already has them. */
  selected?: Beneficiary[];
  multiple?: boolean;
  error?: string | undefined;
  required?: boolean;
  hint?: ReactNode;
  placeholder?: string;
  /** A « Créer un bénéficiaire » action under the results; a function receives what was typed. */
  createAction?: ReactNode | ((query: string) => ReactNode);
  /** Second line of an option or a chosen beneficiary. */
  describe?: (b: Beneficiary) => string;
}

const text = {
  placeholder: 'Nom, prénom, téléphone ou commune',
  remove: 'Retirer',
  removeLabel: (name: string) => `Retirer ${name}`,
  change: 'Changer',
  changeLabel: (name: string) => `Changer de bénéficiaire (actuellement ${name})`,
  loading: 'Recherche…',
  loadingSelected: 'Chargement…',
  missing: 'Bénéficiaire introuvable',
  none: 'Aucun bénéficiaire trouvé',
  count: (n: number) => (n === 1 ? '1 bénéficiaire trouvé' : `${n} bénéficiaires trouvés`),
  chosen: (label: string) => `${label} : sélection`,
};

export const describeBeneficiary = (b: Beneficiary): string =>
  [b.commune?.nom, b.anneeNaissance ? `né(e) en ${b.anneeNaissance}` : undefined, formatPhone(b.telephone)]
    .filter(Boolean)
    .join(' · ');

/**
 * Search-as-you-type choice of one or several beneficiaries (ARIA combobox pattern), with the
 * chosen ones shown as large removable cards. Data-agnostic: the caller passes the search.
 */
export const BeneficiaryPicker = ({
  label,
  value,
  onChange,
  search,
  getByIds,
  selected,
  multiple = false,
  error,
  required,
  hint,
  placeholder = text.placeholder,
  createAction,
  describe = describeBeneficiary,
}: BeneficiaryPickerProps) => {
  const [typed, setTyped] = useState('');
  const [known, setKnown] = useState<ReadonlyMap<string, Beneficiary | null>>(new Map());
  const focusInput = useRef(false);
  const results = useLatestSearch(search);

  const lookup = (id: string): Beneficiary | null | undefined =>
    selected?.find((b) => b.id === id) ?? known.get(id);

  // Chosen ids we cannot show yet (e.g. restored from a draft): load them once.
  const missingKey = value.filter((id) => lookup(id) === undefined).join(',');
  useEffect(() => {
    if (!missingKey || !getByIds) return;
    const ids = missingKey.split(',');
    let live = true;
    void getByIds(ids).then((list) => {
      if (!live) return;
      setKnown((prev) => {
        const next = new Map(prev);
        for (const id of ids) next.set(id, list.find((b) => b.id === id) ?? null);
        return next;
      });
    });
    return () => {
      live = false;
    };
  }, [missingKey, getByIds]);

  const options = results.results.filter((b) => !value.includes(b.id));
  const showInput = multiple || value.length === 0;
  const combobox = useCombobox({
    options,
    status: results.status,
    choose: (b) => choose(b),
    typed,
    clear: () => {
      setTyped('');
      results.reset();
    },
  });

  const choose = (b: Beneficiary) => {
    setKnown((prev) => new Map(prev).set(b.id, b));
    setTyped('');
    combobox.setOpen(false);
    combobox.setActive(-1);
    results.reset();
    onChange(multiple ? [...value, b.id] : [b.id]);
  };

  const remove = (id: string) => {
    focusInput.current = true;
    onChange(value.filter((v) => v !== id));
  };

  const onInput = (next: string) => {
    setTyped(next);
    combobox.setOpen(true);
    combobox.setActive(-1);
    results.run(next);
  };

  const create = typeof createAction === 'function' ? createAction(typed.trim()) : createAction;

  return (
    <Field label={label} error={error} required={required} hint={hint}>
      {(field) => (
        <div className="combobox">
          {value.length > 0 ? (
            <ul className="picker__selected" aria-label={text.chosen(label)}>
              {value.map((id) => {
                const b = lookup(id);
                const name = b ? displayName(b) : b === null ? text.missing : text.loadingSelected;
                const detail = b ? describe(b) : '';
                return (
                  <li key={id} className="picker__item">
                    <span>
                      <strong>{name}</strong>
                      {detail ? (
                        <>
                          <br />
                          <span className="combobox__detail">{detail}</span>
                        </>
                      ) : null}
                    </span>
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={multiple ? text.removeLabel(name) : text.changeLabel(name)}
                      onClick={() => remove(id)}
                    >
                      {multiple ? text.remove : text.change}
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : null}
          {showInput ? (
            <>
              <input
                {...field}
                ref={(el) => {
                  // After « Changer » / « Retirer », typing can start at once.
                  if (el && focusInput.current) {
                    focusInput.current = false;
                    el.focus();
                  }
                }}
                // A text field (not type="search"): HTML allows the combobox role on it only.
                type="text"
                {...combobox.inputProps}
                aria-required={required && value.length === 0 ? true : undefined}
                placeholder={placeholder}
                value={typed}
                onChange={(e) => onInput(e.target.value)}
                onFocus={() => {
                  if (typed) combobox.setOpen(true);
                }}
              />
              <ComboboxPopup
                combobox={combobox}
                label={label}
                options={options}
                status={results.status}
                texts={text}
                keyOf={(b) => b.id}
                renderOption={(b) => {
                  const detail = describe(b);
                  return (
                    <>
                      <strong>{displayName(b)}</strong>
                      {detail ? <span className="combobox__detail">{detail}</span> : null}
                    </>
                  );
                }}
                choose={choose}
                extra={create}
              />
            </>
          ) : null}
        </div>
      )}
    </Field>
  );
};
