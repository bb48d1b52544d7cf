import { useState } from 'react';
import { Link } from 'react-router';

import { getDb } from '../../data/db';
import { deactivateAccount } from '../../data/sync/accounts';
import type { SyncOverview } from '../../data/sync/pending';
import { requestSync } from '../../data/sync/scheduler';
import { signOut } from '../../data/sync/session';
import type { SyncTable } from '../../domain/records';
import { ROLE_LABELS } from '../../domain/sync';
import { formatAgo, formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { useOnline } from '../../ui/use-online';
import { downloadUnsynced } from './download';
import { ImportUnsynced } from './import-unsynced';
import { RefusedChanges } from './refused-changes';
import { SetAsideRecords } from './set-aside-records';
import { SignOutDialog } from './sign-out';
import { strings } from './strings';
import { useSync } from './use-sync';

/** « 2 bénéficiaires, 1 prêt »: what waits, in the advisor's words. */
const pendingKinds = (byTable: SyncOverview['pendingByTable']): string =>
  (Object.entries(byTable) as [SyncTable, number][])
    .map(([table, n]) => strings.page.pendingKinds[table](n))
    .join(', ');

export const SyncPage = () => {
  const online = useOnline();
  const { status, overview } = useSync();
  const [confirming, setConfirming] = useState(false);
  if (!overview) return <Page title={strings.title}>{null}</Page>;
  const session = overview.session;
  const signedIn = Boolean(session?.token);
  const failure = status.lastError?.kind;
  const serverState =
    failure === 'unreachable' || failure === 'timeout'
      ? strings.page.serverUnreachable
      : !online || failure === 'offline' || failure === 'portal'
        ? strings.page.serverNoNetwork
        : overview.lastSuccess
          ? strings.page.serverReachable
          : strings.page.serverUnknown;

  const doSignOut = async () => {
    await signOut(getDb(), { baseUrl: '' });
    deactivateAccount();
    window.location.assign('/connexion');
  };

  return (
    <Page title={strings.title}>
      {!signedIn ? (
        <div className="card">
          <p>{strings.page.notSignedIn}</p>
          <Link className="button" to="/connexion">
            {strings.page.signIn}
          </Link>
        </div>
      ) : null}
      {session?.revoked ? (
        <div className="card card--danger" role="alert">
          <p>{strings.page.revoked}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void downloadUnsynced()}
            >
              {strings.page.export}
            </button>
            <Link className="button" to="/connexion">
              {strings.page.signIn}
            </Link>
          </div>
        </div>
      ) : null}

      <RefusedChanges />
      <SetAsideRecords />

      <dl className="card sync-facts">
        <dt>{strings.page.online}</dt>
        <dd>{online ? strings.page.onlineYes : strings.page.onlineNo}</dd>
        <dt>{strings.page.server}</dt>
        <dd data-testid="server-state">{serverState}</dd>
        <dt>{strings.page.lastSuccess}</dt>
        <dd data-testid="last-success">
          {overview.lastSuccess ? (
            <time dateTime={overview.lastSuccess}>
              {`${formatDateTime(overview.lastSuccess)} (${formatAgo(overview.lastSuccess)})`}
            </time>
          ) : (
            strings.page.never
          )}
        </dd>
        <dt>{strings.page.pending}</dt>
        <dd>
          <span data-testid="pending-count">{overview.pending}</span>
          {overview.pending > 0 ? ` (${pendingKinds(overview.pendingByTable)})` : ''}
        </dd>
        <dt>{strings.page.conflicts}</dt>
        <dd>
          {overview.conflicts}{' '}
          {overview.conflicts > 0 ? <Link to="/synchronisation/conflits">{strings.page.review}</Link> : null}
        </dd>
      </dl>

      <div role="status" aria-live="polite">
        {status.running ? (
          <p>
            {strings.page.syncing}{' '}
            {status.progress ? (
              <>
                <progress value={status.progress.done} max={Math.max(1, status.progress.total)} />{' '}
                {status.progress.phase === 'pull'
                  ? strings.page.receiving(status.progress.done, status.progress.total)
                  : strings.page.sending(status.progress.done, status.progress.total)}
              </>
            ) : null}
          </p>
        ) : null}
        {!status.running && status.lastError ? (
          <p className="card card--warning" data-testid="sync-error">
            {strings.errors[status.lastError.kind]}
            {status.retryAt ? ` ${strings.page.retry(formatAgo(status.retryAt))}` : ''}
          </p>
        ) : null}
      </div>

      <div className="actions">
        {signedIn && !session?.revoked ? (
          // aria-disabled, not disabled: a disabled button drops the keyboard focus, which would be
          // left nowhere while the live region says how the sync goes.
          <button
            type="button"
            className="button button--big"
            aria-disabled={status.running}
            onClick={() => {
              if (!status.running) void requestSync();
            }}
          >
            {strings.page.syncNow}
          </button>
        ) : null}
        {overview.pending > 0 ? (
          <button type="button" className="button button--secondary" onClick={() => void downloadUnsynced()}>
            {strings.page.export}
          </button>
        ) : null}
      </div>

      {session && signedIn ? (
        <section className="card" aria-labelledby="account-title">
          <h2 id="account-title">{strings.page.account}</h2>
          <p>
            {strings.page.signedInAs(
              session.user.name,
              ROLE_LABELS[session.user.role],
              session.user.structureName,
            )}
          </p>
          {session.user.mustChangePassword ? (
            <p className="card card--warning" role="alert">
              {strings.page.provisional}
            </p>
          ) : null}
          <div className="actions">
            <Link className="button button--secondary" to="/synchronisation/mot-de-passe">
              {strings.page.changePassword}
            </Link>
            {session.user.role === 'coordinateur' ? (
              <Link className="button button--secondary" to="/synchronisation/structure">
                {strings.page.manage}
              </Link>
            ) : null}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => (overview.pending > 0 ? setConfirming(true) : void doSignOut())}
            >
              {strings.page.signOut}
            </button>
          </div>
        </section>
      ) : null}

      <ImportUnsynced />

      {confirming ? (
        <SignOutDialog
          pending={overview.pending}
          onSync={() => {
            setConfirming(false);
            void requestSync();
          }}
          onExport={() => void downloadUnsynced()}
          onConfirm={() => void doSignOut()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </Page>
  );
};
