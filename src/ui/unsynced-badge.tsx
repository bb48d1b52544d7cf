/**
 * The « non synchronisé » marker shown next to a record whose changes have not reached the server
 * yet. Feed it with isRecordPending / pendingRecordIds (src/data) through useLiveQuery.
 */
export const UnsyncedBadge = ({ pending }: { pending: boolean | undefined }) =>
  pending ? (
    <span className="badge badge--warning" title="Modifié sur cette tablette, pas encore envoyé au serveur">
      non synchronisé
    </span>
  ) : null;
