import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { SyncStatus } from '../../data/sync/scheduler';
import { Announcer, announce } from '../../ui/announcer';
import { syncEndMessage, useSyncAnnouncements } from './sync-announcements';

const Probe = ({ status }: { status: SyncStatus }) => {
  useSyncAnnouncements(status);
  return null;
};

const region = () => screen.getByRole('status');
const said = () => region().textContent?.replace(/\u00a0$/, '');

describe('sync announcements', () => {
  afterEach(cleanup);

  it('says a sync started, then that it is done, through the one polite region, focus untouched', () => {
    const { rerender } = render(
      <>
        <Announcer />
        <button type="button">Ailleurs</button>
        <Probe status={{ running: false }} />
      </>,
    );
    screen.getByRole('button').focus();
    expect(region().getAttribute('aria-live')).toBe('polite');
    expect(said()).toBe('');
    const tree = (status: SyncStatus) => (
      <>
        <Announcer />
        <button type="button">Ailleurs</button>
        <Probe status={status} />
      </>
    );
    act(() => rerender(tree({ running: true })));
    expect(said()).toBe('Synchronisation commencée…');
    const result = { pushed: 2, refused: 1, pulled: 0, conflicts: 2, resynced: false };
    act(() => rerender(tree({ running: false, lastResult: result })));
    expect(said()).toBe(
      'Synchronisation terminée. 1 modification refusée par le serveur : voir la fiche concernée. 2 conflits à examiner.',
    );
    expect(document.activeElement).toBe(screen.getByRole('button'));
    // A new status object with nothing new to say says nothing again.
    const before = region().textContent;
    act(() => rerender(tree({ running: false, lastResult: result })));
    expect(region().textContent).toBe(before);
  });

  it('says why a sync failed, and the same message twice is still a change to read', () => {
    const failed: SyncStatus = {
      running: false,
      lastError: { kind: 'unreachable', message: 'x', at: '2026-01-01T00:00:00Z' },
    };
    expect(syncEndMessage(failed)).toMatch(/^Synchronisation échouée\. Le réseau fonctionne mais le serveur/);
    const { rerender } = render(
      <>
        <Announcer />
        <Probe status={{ running: true }} />
      </>,
    );
    act(() =>
      rerender(
        <>
          <Announcer />
          <Probe status={failed} />
        </>,
      ),
    );
    const first = region().textContent;
    expect(said()).toBe(syncEndMessage(failed));
    // The same words twice in a row (two saves, say) still change the region, so both are read.
    act(() => announce(syncEndMessage(failed)));
    expect(said()).toBe(syncEndMessage(failed));
    expect(region().textContent).not.toBe(first);
  });
});
