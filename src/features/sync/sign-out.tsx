import { useId, useRef } from 'react';

import { useModalDialog } from '../../ui/use-modal-dialog';

import { strings } from './strings';

/** Signing out with unsynced changes: sync first, export, or go anyway (nothing is deleted). */
export const SignOutDialog = ({
  pending,
  onSync,
  onExport,
  onConfirm,
  onCancel,
}: {
  pending: number;
  onSync: () => void;
  onExport: () => void;
  onConfirm: () => void;
  onCancel: () => void;
}) => {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useModalDialog(ref, true);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onCancel={onCancel}>
      <h2 id={titleId}>{strings.signOutDialog.title}</h2>
      <p>{strings.signOutDialog.message(pending)}</p>
      <div className="actions">
        <button type="button" className="button" onClick={onSync}>
          {strings.signOutDialog.sync}
        </button>
        <button type="button" className="button button--secondary" onClick={onExport}>
          {strings.signOutDialog.export}
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {strings.signOutDialog.anyway}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {strings.signOutDialog.cancel}
        </button>
      </div>
    </dialog>
  );
};
