import { lazy, Suspense } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';

import { ChooseCode, LockButton, LockScreen, useLockState, useLockTimer } from '../features/lock/lock-parts';
import { Announcer } from '../ui/announcer';
import { useHydrated } from '../ui/use-hydrated';
import { useOnline } from '../ui/use-online';
import { strings } from './strings';
import { useAppStore } from './store';
import { SchemaOutdated } from './schema-outdated';
import { UpdatePrompt } from './update-prompt';

// A 426 from the server opens the update prompt.
// The sync chip (and the engine it starts) loads after the first paint: it stays out of the first route's budget.
const SyncStatus = lazy(() =>
  import('../features/sync/sync-status').then((m) => ({ default: m.SyncStatus })),
);

const requireUpdate = () => useAppStore.getState().setUpdateRequired(true);

// The footer's conformity status is computed from the RGAA audit's data (src/domain/accessibility-audit.ts),
// which the déclaration's screen loads anyway: out of the first route, it comes just after (the
// footer is below the fold), « Accessibilité » until then.
const ConformityStatus = lazy(() =>
  import('../domain/accessibility-audit').then((m) => ({
    default: () => <>{strings.footer.accessibility(m.conformityLevel(m.conformityRate()))}</>,
  })),
);

const links: { to: string; label: string; end?: boolean; also?: string }[] = [
  { to: '/', label: strings.nav.home, end: true },
  { to: '/beneficiaires', label: strings.nav.beneficiaries },
  { to: '/activites', label: strings.nav.activities },
  { to: '/materiel', label: strings.nav.loans, also: '/prets' },
  { to: '/ateliers', label: strings.nav.ateliers },
  { to: '/annuaire', label: strings.nav.annuaire },
  { to: '/statistiques', label: strings.nav.stats },
  { to: '/synchronisation', label: strings.nav.sync },
  { to: '/parametres', label: strings.nav.settings },
];

export const OnlineIndicator = () => {
  const online = useOnline();
  return (
    <span
      className={`status-pill ${online ? 'status-pill--online' : 'status-pill--offline'}`}
      role="status"
      aria-live="polite"
      title={online ? strings.online : strings.offlineHint}
      data-testid="online-indicator"
    >
      <span aria-hidden="true" className="status-pill__dot" />
      {online ? strings.online : strings.offline}
    </span>
  );
};

// Screens open while locked: they show nothing of an account (signing in again, the accessibility pages).
const OPEN_WHILE_LOCKED = new Set(['/connexion', '/accessibilite', '/plan-du-site']);

// What loads after the first paint (lazy) is left out of the home prerendered at build and of its
// hydration (useHydrated): React would otherwise report each such boundary as one the server could
// not finish.
const Footer = () => {
  const hydrated = useHydrated();
  return (
    <footer className="footer no-print">
      <ul>
        <li>
          <NavLink to="/accessibilite">
            {hydrated ? (
              <Suspense fallback={strings.footer.accessibilityLoading}>
                <ConformityStatus />
              </Suspense>
            ) : (
              strings.footer.accessibilityLoading
            )}
          </NavLink>
        </li>
        <li>
          <NavLink to="/plan-du-site">{strings.footer.sitemap}</NavLink>
        </li>
      </ul>
    </footer>
  );
};

/**
 * While locked nothing of the account renders — no menu, no sync (its engine is not started), no
 * screen but the lock's; the few screens that name nobody stay reachable.
 */
const Locked = ({ db, pathname }: { db: string; pathname: string }) => (
  <div className="shell">
    <header className="topbar">
      <span className="brand">{strings.appName}</span>
      <div className="topbar__status">
        <OnlineIndicator />
      </div>
    </header>
    <main id="main" tabIndex={-1}>
      {OPEN_WHILE_LOCKED.has(pathname) ? (
        <Suspense fallback={<p className="loading">{strings.loading}</p>}>
          <Outlet />
        </Suspense>
      ) : (
        <Suspense fallback={null}>
          <LockScreen db={db} />
        </Suspense>
      )}
    </main>
    <Footer />
  </div>
);

export const Layout = () => {
  const { pathname } = useLocation();
  const lock = useLockState();
  const hydrated = useHydrated();
  useLockTimer(lock.kind === 'open' ? lock.db : undefined);
  // The reload copy of the keys is being read (a few milliseconds): nothing shows meanwhile.
  if (lock.kind === 'checking') return null;
  if (lock.kind === 'locked') return <Locked db={lock.db} pathname={pathname} />;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {strings.skipToContent}
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          {strings.appName}
        </NavLink>
        <div className="topbar__status">
          {hydrated ? (
            <Suspense fallback={null}>
              <SyncStatus onUpdateRequired={requireUpdate} />
            </Suspense>
          ) : null}
          <OnlineIndicator />
          {lock.kind === 'open' ? <LockButton /> : null}
        </div>
      </header>
      <nav className="mainnav" aria-label={strings.nav.label}>
        <ul>
          {links.map((link) => (
            <li key={link.to}>
              <NavLink
                to={link.to}
                end={link.end}
                // Loans live under /prets but belong to the « Matériel et prêts » section.
                className={({ isActive }) =>
                  isActive || (link.also && pathname.startsWith(link.also)) ? 'active' : ''
                }
              >
                {link.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <UpdatePrompt />
      <SchemaOutdated />
      {lock.kind === 'open' ? (
        <Suspense fallback={null}>
          <ChooseCode key={lock.db} db={lock.db} />
        </Suspense>
      ) : null}
      <Announcer />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading">{strings.loading}</p>}>
          <Outlet />
        </Suspense>
      </main>
      <Footer />
    </div>
  );
};
