// The ARIA combobox pattern shared by the search-as-you-type pickers (beneficiaries, communes):
// list state and keyboard (flèches, Entrée, Échap), the input's ARIA attributes, and the listbox
// with its live status. Each picker keeps what it chooses and how it shows it.
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

import type { SearchStatus } from './use-latest-search';
import './combobox.css';

export interface ComboboxTexts {
  loading: string;
  none: string;
  count: (n: number) => string;
}

export interface ComboboxOptions<T> {
  options: readonly T[];
  status: SearchStatus;
  choose: (option: T) => void;
  /** What the field shows: Échap on a closed list forgets it through `clear`. */
  typed: string;
  clear: () => void;
  /** Flèche bas on a closed list, before it opens (e.g. search what is already typed). */
  onOpen?: () => void;
}

export const useCombobox = <T,>({ options, status, choose, typed, clear, onOpen }: ComboboxOptions<T>) => {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const expanded = open && status !== 'idle';

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) {
          setOpen(true);
          onOpen?.();
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

  return {
    listId,
    open,
    setOpen,
    active,
    setActive,
    expanded,
    /** Spread on the text input. */
    inputProps: {
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': expanded,
      'aria-controls': listId,
      'aria-activedescendant': expanded && options[active] ? `${listId}-${active}` : undefined,
      autoComplete: 'off',
      autoCorrect: 'off',
      spellCheck: false,
      enterKeyHint: 'search',
      onKeyDown,
      onBlur: () => setOpen(false),
    } as const,
  };
};

export interface ComboboxPopupProps<T> {
  combobox: Pick<ReturnType<typeof useCombobox<T>>, 'listId' | 'active' | 'expanded'>;
  label: string;
  options: readonly T[];
  status: SearchStatus;
  texts: ComboboxTexts;
  keyOf: (option: T) => string;
  renderOption: (option: T) => ReactNode;
  choose: (option: T) => void;
  /** Under the list (« Créer un bénéficiaire », « Chercher dans toute la France »). */
  extra?: ReactNode;
}

/** The listbox, its spoken status and the « aucun résultat » hint. */
export const ComboboxPopup = <T,>({
  combobox: { listId, active, expanded },
  label,
  options,
  status,
  texts,
  keyOf,
  renderOption,
  choose,
  extra,
}: ComboboxPopupProps<T>) => {
  const spoken =
    status === 'loading'
      ? texts.loading
      : status === 'done'
        ? options.length === 0
          ? texts.none
          : texts.count(options.length)
        : '';
  return (
    <>
      <ul
        id={listId}
        role="listbox"
        aria-label={label}
        className="combobox__list"
        hidden={!expanded || options.length === 0}
      >
        {options.map((option, i) => (
          <li
            key={keyOf(option)}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={`combobox__option${i === active ? ' combobox__option--active' : ''}`}
            // Keeps the focus in the field: a touch or a click chooses without a blur first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(option)}
          >
            {renderOption(option)}
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status">
        {expanded ? spoken : ''}
      </p>
      {expanded && status === 'done' && options.length === 0 ? (
        <p className="field__hint">{texts.none}</p>
      ) : null}
      {extra ? <div className="combobox__extra">{extra}</div> : null}
    </>
  );
};
