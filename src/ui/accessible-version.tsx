// « Version accessible (HTML) », offered next to a PDF button (RGAA 13.3): the document the PDF is
// made from, shown in a modal dialog as structured HTML — built on the tablet, so offline too.
// Closed, the dialog gives the focus back to the button (useModalDialog).
import { useRef, useState } from 'react';

import type { DocModel } from '../domain/document-model';
import { DocumentView } from './document-view';
import { useModalDialog } from './use-modal-dialog';

export const ACCESSIBLE_VERSION = 'Version accessible (HTML)';

export const AccessibleVersion = ({
  load,
  label = ACCESSIBLE_VERSION,
}: {
  /** The document, read when the button is pressed (it may need the tablet's database). */
  load: () => DocModel | Promise<DocModel>;
  /** The button's name when the screen has several documents. */
  label?: string;
}) => {
  const [model, setModel] = useState<DocModel>();
  const [failed, setFailed] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  useModalDialog(ref, Boolean(model));
  const open = async () => {
    setFailed(false);
    try {
      setModel(await load());
    } catch (error) {
      console.error(error);
      setFailed(true);
    }
  };
  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => void open()}>
        {label}
      </button>
      {failed ? <p role="alert">Le document n’a pas pu être préparé. Réessayez.</p> : null}
      {model ? (
        <dialog
          ref={ref}
          className="dialog dialog--document"
          lang="fr"
          aria-label={model.title}
          onClose={() => setModel(undefined)}
        >
          <DocumentView model={model} />
          <div className="actions">
            <button type="button" className="button" onClick={() => setModel(undefined)}>
              Fermer
            </button>
          </div>
        </dialog>
      ) : null}
    </>
  );
};
