const HINT = 'Modifié sur cette tablette, pas encore envoyé au serveur';

/**
 * The « non synchronisé » marker shown next to a record whose changes have not reached the server
 * yet. Feed it with pendingRecordIds (src/data/records.ts) through useLiveQuery, so that it follows
 * every write and every acknowledgement.
 */
export const UnsyncedBadge = ({
  pending,
  label = 'Non synchronisé',
}: {
  pending: boolean | undefined;
  label?: string;
}) =>
  pending ? (
    <span className="badge badge--warning" title={HINT} data-testid="unsynced">
      {label}
    </span>
  ) : null;

/** On a record's own page: the marker and what it means. */
export const UnsyncedNotice = ({ pending }: { pending: boolean | undefined }) =>
  pending ? (
    <p className="unsynced-notice">
      <UnsyncedBadge pending />{' '}
      <span className="muted">{HINT} : ce sera fait à la prochaine synchronisation.</span>
    </p>
  ) : null;
