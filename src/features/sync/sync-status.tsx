import { useEffect, useState } from 'react';
import { Link } from 'react-router';

import { getDb } from '../../data/db';
import { startSyncScheduler } from '../../data/sync/scheduler';
import { loadIdentity } from '../../data/sync/session';
import { apiRequest } from '../../data/sync/transport';
import { useOnline } from '../../ui/use-online';
import { strings } from './strings';
import { useSyncAnnouncements } from './sync-announcements';
import { syncChip } from './sync-chip';
import { useSync } from './use-sync';

/**
 * The topbar's sync chip (see syncChip for what it says). It also starts the scheduler once per page
 * (the app passes what to do when the server asks for an update).
 */
export const SyncStatus = ({ onUpdateRequired }: { onUpdateRequired?: () => void }) => {
  const { status, overview } = useSync();
  const online = useOnline();
  const [setupRequired, setSetupRequired] = useState(false);
  useSyncAnnouncements(status);

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
  const chip = syncChip({ status, overview, online, setupRequired });
  return (
    <Link
      to={signedIn ? '/synchronisation' : '/connexion'}
      className={`status-pill ${chip.ok ? 'status-pill--online' : 'status-pill--offline'}`}
      data-testid="sync-status"
      title={strings.status.link}
    >
      <span aria-hidden="true" className="status-pill__dot" />
      {chip.label}
    </Link>
  );
};
