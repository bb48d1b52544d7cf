import type { SyncOverview } from '../../data/sync/pending';
import type { SyncStatus } from '../../data/sync/scheduler';
import { strings } from './strings';

export interface SyncChip {
  label: string;
  /** Green when nothing needs the advisor's attention. */
  ok: boolean;
}

/**
 * What the topbar says of sync, truthfully: « Pas de réseau » when the device has none,
 * « Serveur injoignable » when it has one but the server does not answer, a Wi-Fi portal to accept,
 * a failure, what waits (one per record changed), or « Synchronisé » once nothing is left to send.
 */
export const syncChip = (input: {
  status: SyncStatus;
  overview: SyncOverview;
  online: boolean;
  setupRequired: boolean;
}): SyncChip => {
  const { status, overview, online, setupRequired } = input;
  const s = strings.status;
  if (!overview.session?.token) return { label: setupRequired ? s.setup : s.signedOut, ok: false };
  if (overview.session.revoked) return { label: s.revoked, ok: false };
  if (status.running) return { label: s.syncing, ok: true };
  if (overview.conflicts > 0) return { label: s.conflicts(overview.conflicts), ok: false };
  const kind = status.lastError?.kind;
  const withPending = (label: string) =>
    overview.pending > 0 ? s.withPending(label, overview.pending) : label;
  if (!online || kind === 'offline') return { label: withPending(s.noNetwork), ok: false };
  if (kind === 'unreachable' || kind === 'timeout') return { label: withPending(s.unreachable), ok: false };
  if (kind === 'portal') return { label: withPending(s.portal), ok: false };
  if (kind) return { label: s.error, ok: false };
  if (overview.pending > 0) return { label: s.pendingShort(overview.pending), ok: false };
  // Only the consequences of an acknowledged change are left (an item's history line): almost sent.
  if (overview.unsent > 0) return { label: s.sending, ok: false };
  return { label: s.synced, ok: true };
};
