import { useEffect, useRef } from 'react';

import type { SyncStatus } from '../../data/sync/scheduler';
import { announce } from '../../ui/announcer';
import { strings } from './strings';

/** What the app's live region says when a sync ends . */
export const syncEndMessage = (status: SyncStatus): string => {
  const s = strings.announce;
  if (status.lastError) return `${s.failed} ${strings.errors[status.lastError.kind]}`;
  const result = status.lastResult;
  return [
    s.done,
    result && result.refused > 0 ? s.refused(result.refused) : '',
    result && result.conflicts > 0 ? strings.status.conflicts(result.conflicts) + '.' : '',
  ]
    .filter(Boolean)
    .join(' ');
};

/**
 * Every sync, on every screen, said through the live region without taking the focus: started,
 * then done (with what the server refused and the conflicts to review) or failed (and why).
 */
export const useSyncAnnouncements = (status: SyncStatus): void => {
  const wasRunning = useRef(status.running);
  useEffect(() => {
    if (status.running === wasRunning.current) return;
    wasRunning.current = status.running;
    announce(status.running ? strings.announce.started : syncEndMessage(status));
  }, [status]);
};
