import { useState, type ReactNode } from 'react';

import type { CommuneRef } from '../domain/beneficiary';
import { ComboboxPopup, useCombobox } from './combobox';
import { Field } from './field';
import { useLatestSearch } from './use-latest-search';

export interface CommuneInputProps {
  label: string;
  value: CommuneRef | undefined;
  onChange: (value: CommuneRef | undefined) => void;
  /** One result per commune × postal code, best matches first. */
  search: (query: string) => Promise<CommuneRef[]>;
  error?: string | undefined;
  required?: boolean;
  hint?: ReactNode;
  /** Shown under the list (e.g. a « Chercher dans toute la France » button). */
  extra?: ReactNode;
  placeholder?: string;
  /** What the field shows, chosen or not: lets a form refuse a commune typed but never chosen. */
  onTextChange?: (text: string) => void;
}

/** "Cahors (46000)": how a commune is shown everywhere. */
export const communeLabel = (c: CommuneRef): string => `${c.nom} (${c.codePostal})`;

const keyOf = (c: CommuneRef | undefined): string => (c ? `${c.codeInsee}|${c.codePostal}` : '');

const text = {
  placeholder: 'Nom ou code postal',
  clear: (label: string) => `Effacer : ${label}`,
  clearShort: 'Effacer',
  loading: 'Recherche…',
  none: 'Aucune commune trouvée',
  count: (n: number) => (n === 1 ? '1 commune trouvée' : `${n} communes trouvées`),
  pick: 'Choisissez une commune dans la liste',
};

/**
 * Commune picker on the ARIA combobox pattern: type a name or a postal code, choose with the arrow
 * keys and Entrée, or touch an option. The value is only ever a commune of the list.
 */
export const CommuneInput = ({
  label,
  value,
  onChange,
  search,
  error,
  required,
  hint,
  extra,
  placeholder = text.placeholder,
  onTextChange,
}: CommuneInputProps) => {
  const [typed, setTyped] = useState(value ? communeLabel(value) : '');
  const [shownKey, setShownKey] = useState(keyOf(value));
  const results = useLatestSearch(search);

  // A value set from outside (restored draft, edit form) replaces what the field shows.
  if (keyOf(value) !== shownKey) {
    setShownKey(keyOf(value));
    if (value) setTyped(communeLabel(value));
  }

  const options = results.results;
  const combobox = useCombobox({
    options,
    status: results.status,
    choose: (c) => choose(c),
    typed,
    clear: () => clear(),
    onOpen: () => {
      if (results.status === 'idle' && typed && !value) results.run(typed);
    },
  });
  const { expanded } = combobox;

  const show = (next: string) => {
    setTyped(next);
    onTextChange?.(next);
  };

  const choose = (c: CommuneRef) => {
    show(communeLabel(c));
    setShownKey(keyOf(c));
    combobox.setOpen(false);
    combobox.setActive(-1);
    results.reset();
    onChange(c);
  };

  const onInput = (next: string) => {
    show(next);
    combobox.setOpen(true);
    combobox.setActive(-1);
    results.run(next);
    if (value) {
      setShownKey('');
      onChange(undefined);
    }
  };

  const clear = () => {
    show('');
    setShownKey('');
    combobox.setOpen(false);
    results.reset();
    onChange(undefined);
  };

  const unresolved = !value && typed.trim() !== '' && !expanded;

  return (
    <Field
      label={label}
      error={error}
      required={required}
      hint={
        unresolved ? (
          <>
            {hint ? <>{hint} </> : null}
            {text.pick}
          </>
        ) : (
          hint
        )
      }
    >
      {(field) => (
        <div className="combobox">
          <div className="combobox__row">
            <input
              {...field}
              type="text"
              {...combobox.inputProps}
              aria-required={required || undefined}
              placeholder={placeholder}
              value={typed}
              onChange={(e) => onInput(e.target.value)}
            />
            {typed ? (
              <button
                type="button"
                className="button button--secondary"
                aria-label={text.clear(label)}
                onClick={clear}
              >
                {text.clearShort}
              </button>
            ) : null}
          </div>
          <ComboboxPopup
            combobox={combobox}
            label={label}
            options={options}
            status={results.status}
            texts={text}
            keyOf={keyOf}
            renderOption={communeLabel}
            choose={choose}
            extra={extra}
          />
        </div>
      )}
    </Field>
  );
};
