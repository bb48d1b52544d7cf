import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

import type { CommuneRef } from '../domain/beneficiary';
import { Field } from './field';
import { useLatestSearch } from './use-latest-search';
import './combobox.css';

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
  const listId = useId();
  const [typed, setTyped] = useState(value ? communeLabel(value) : '');
  const [shownKey, setShownKey] = useState(keyOf(value));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const results = useLatestSearch(search);

  // A value set from outside (restored draft, edit form) replaces what the field shows.
  if (keyOf(value) !== shownKey) {
    setShownKey(keyOf(value));
    if (value) setTyped(communeLabel(value));
  }

  const options = results.results;
  const expanded = open && results.status !== 'idle';

  const show = (next: string) => {
    setTyped(next);
    onTextChange?.(next);
  };

  const choose = (c: CommuneRef) => {
    show(communeLabel(c));
    setShownKey(keyOf(c));
    setOpen(false);
    setActive(-1);
    results.reset();
    onChange(c);
  };

  const onInput = (next: string) => {
    show(next);
    setOpen(true);
    setActive(-1);
    results.run(next);
    if (value) {
      setShownKey('');
      onChange(undefined);
    }
  };

  const clear = () => {
    show('');
    setShownKey('');
    setOpen(false);
    results.reset();
    onChange(undefined);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) {
          setOpen(true);
          if (results.status === 'idle' && typed && !value) results.run(typed);
        }
        setActive((i) => Math.min(i + 1, options.length - 1));
        break;
      case 'ArrowUp':
        e.preventDefault();
        setActive((i) => Math.max(i - 1, 0));
        break;
      case 'Enter': {
        const option = options[active] ?? (options.length === 1 ? options[0] : undefined);
        if (expanded && option) {
          // Entrée chooses the option; it must not submit the form.
          e.preventDefault();
          choose(option);
        }
        break;
      }
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          setOpen(false);
        } else if (typed) {
          e.preventDefault();
          clear();
        }
        break;
      default:
    }
  };

  const status =
    results.status === 'loading'
      ? text.loading
      : results.status === 'done'
        ? options.length === 0
          ? text.none
          : text.count(options.length)
        : '';
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
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={expanded}
              aria-controls={listId}
              aria-activedescendant={expanded && options[active] ? `${listId}-${active}` : undefined}
              aria-required={required || undefined}
              autoComplete="off"
              autoCorrect="off"
              spellCheck={false}
              enterKeyHint="search"
              placeholder={placeholder}
              value={typed}
              onChange={(e) => onInput(e.target.value)}
              onKeyDown={onKeyDown}
              onBlur={() => setOpen(false)}
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
          <ul
            id={listId}
            role="listbox"
            aria-label={label}
            className="combobox__list"
            hidden={!expanded || options.length === 0}
          >
            {options.map((c, i) => (
              <li
                key={keyOf(c)}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`combobox__option${i === active ? ' combobox__option--active' : ''}`}
                // Keeps the focus in the field: a touch or a click chooses without a blur first.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(c)}
              >
                {communeLabel(c)}
              </li>
            ))}
          </ul>
          <p className="visually-hidden" role="status">
            {expanded ? status : ''}
          </p>
          {expanded && results.status === 'done' && options.length === 0 ? (
            <p className="field__hint">{text.none}</p>
          ) : null}
          {extra ? <div className="combobox__extra">{extra}</div> : null}
        </div>
      )}
    </Field>
  );
};
