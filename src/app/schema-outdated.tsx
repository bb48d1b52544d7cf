import { useEffect, useRef, useSyncExternalStore } from 'react';

import { isSchemaOutdated, onSchemaOutdated } from '../data/schema-change';
import { strings } from './strings';

/**
 * A newer Sillon opened in another tab has upgraded the database: this tab closed its own (what its
 * forms held was saved first) and can only be reloaded. A modal, because nothing here works any more.
 */
export const SchemaOutdated = () => {
  const outdated = useSyncExternalStore(onSchemaOutdated, isSchemaOutdated, isSchemaOutdated);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (outdated && ref.current && !ref.current.open) ref.current.showModal?.();
  }, [outdated]);
  if (!outdated) return null;
  return (
    <dialog
      ref={ref}
      className="dialog"
      role="alertdialog"
      aria-labelledby="schema-outdated-title"
      aria-describedby="schema-outdated-text"
      data-testid="schema-outdated"
      // Escape would leave a page whose database is closed.
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id="schema-outdated-title">{strings.schemaOutdated.title}</h2>
      <p id="schema-outdated-text">{strings.schemaOutdated.text}</p>
      <div className="actions">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {strings.schemaOutdated.reload}
        </button>
      </div>
    </dialog>
  );
};
