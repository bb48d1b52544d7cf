import { useEffect, useState } from 'react';
import { Link } from 'react-router';

import { getDb } from '../../data/db';
import { startSyncScheduler } from '../../data/sync/scheduler';
import { loadIdentity } from '../../data/sync/session';
import { apiRequest } from '../../data/sync/transport';
import { strings } from './strings';
import { useSync } from './use-sync';

/**
 * The topbar's sync chip: pending changes, conflicts, errors, or « Synchronisé ». It also starts the
 * scheduler once per page (the app passes what to do when the server asks for an update).
 */
export const SyncStatus = ({ onUpdateRequired }: { onUpdateRequired?: () => void }) => {
  const { status, overview } = useSync();
  const [setupRequired, setSetupRequired] = useState(false);

  useEffect(() => {
    void loadIdentity(getDb()).then(() => startSyncScheduler(onUpdateRequired ? { onUpdateRequired } : {}));
  }, [onUpdateRequired]);

  const signedIn = Boolean(overview?.session?.token);
  useEffect(() => {
    if (overview === undefined || signedIn) return;
    apiRequest<{ setupRequired: boolean }>({ baseUrl: '' }, 'GET', '/auth/status')
      .then((r) => setSetupRequired(r.setupRequired))
      .catch(() => undefined);
  }, [overview, signedIn]);

  if (!overview) return null;
  let label: string;
  let tone = 'status-pill--online';
  if (!signedIn) {
    label = setupRequired ? strings.status.setup : strings.status.signedOut;
    tone = 'status-pill--offline';
  } else if (overview.session?.revoked) {
    label = strings.status.revoked;
    tone = 'status-pill--offline';
  } else if (status.running) label = strings.status.syncing;
  else if (overview.conflicts > 0) {
    label = strings.status.conflicts(overview.conflicts);
    tone = 'status-pill--offline';
  } else if (overview.pending > 0) {
    label = strings.status.pendingShort(overview.pending);
    tone = 'status-pill--offline';
  } else if (status.lastError && status.lastError.kind !== 'offline') {
    label = strings.status.error;
    tone = 'status-pill--offline';
  } else label = strings.status.synced;
  return (
    <Link
      to={signedIn ? '/synchronisation' : '/connexion'}
      className={`status-pill ${tone}`}
      data-testid="sync-status"
      title={strings.status.link}
    >
      <span aria-hidden="true" className="status-pill__dot" />
      {label}
    </Link>
  );
};
