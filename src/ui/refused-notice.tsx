import { useState } from 'react';
import { Link } from 'react-router';

import { ConfirmDialog } from './confirm-dialog';

/** A change the server refused, as the record's page shows it. */
export interface RefusalView {
  message: string;
  fields?: Record<string, string>;
}

const TEXT = {
  title: 'Refusé par le serveur',
  correct: 'Corriger',
  discard: 'Annuler ma modification',
  discardTitle: 'Annuler la modification refusée ?',
  discardMessage:
    'La fiche reprend l’état que le serveur connaît : ce que vous aviez saisi et qui a été refusé est perdu.',
  discardConfirm: 'Annuler ma modification',
  keep: 'Garder',
};

/** The reasons a refusal gives, once each: the messages of its fields, else its message. */
export const refusalReasons = (refusal: RefusalView): string[] => {
  const reasons = [...new Set(Object.values(refusal.fields ?? {}))];
  return reasons.length > 0 ? reasons : [refusal.message];
};

/**
 * « Refusé par le serveur : … » on a record whose last change the server refused, with the two ways
 * out: correct it (the record's form; saving sends it again) or discard it (the server's state comes back).
 */
export const RefusedNotice = ({
  refusals,
  correctTo,
  onDiscard,
}: {
  refusals: RefusalView[] | undefined;
  /** The record's form, when it has one. */
  correctTo?: string;
  onDiscard: () => void | Promise<void>;
}) => {
  const [confirming, setConfirming] = useState(false);
  if (!refusals || refusals.length === 0) return null;
  const reasons = [...new Set(refusals.flatMap(refusalReasons))];
  return (
    <div className="card card--danger" role="alert" data-testid="refused">
      <p>
        <strong>{TEXT.title} :</strong> {reasons.length === 1 ? reasons[0] : null}
      </p>
      {reasons.length > 1 ? (
        <ul>
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        {correctTo ? (
          <Link className="button" to={correctTo}>
            {TEXT.correct}
          </Link>
        ) : null}
        <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
          {TEXT.discard}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={TEXT.discardTitle}
        message={TEXT.discardMessage}
        confirmLabel={TEXT.discardConfirm}
        cancelLabel={TEXT.keep}
        danger
        onConfirm={() => {
          setConfirming(false);
          void onDiscard();
        }}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
};
