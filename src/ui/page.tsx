import { useEffect, useRef, type ReactNode } from 'react';

/** The first screen of a page load keeps the focus at the top (the skip link comes first). */
let firstScreen = true;

/**
 * A screen: its title is the document title too (screen readers announce it on navigation), unless
 * it names a person: the browser's history of a shared tablet keeps document titles, so such a
 * screen gives a `documentTitle` without the name.
 *
 * After a navigation (a link, a save, a deletion) the focus would be left on nothing — the button
 * that was pressed is gone: the screen's heading takes it, so keyboard and screen-reader users start
 * from the new screen's title; so after a link of the menu or the footer, which stay. A screen that
 * puts the focus somewhere itself (a form's first field, a section) keeps it there.
 *
 * A screen still reading its record says so (`loading`): its provisional heading (« Chargement… »)
 * does not take the focus — a screen reader would move there silently and not read the real title
 * that replaces it (Orca, issue 17) —; the heading takes it once the content is there.
 */
export const Page = ({
  title,
  documentTitle = title,
  actions,
  loading = false,
  children,
}: {
  title: string;
  documentTitle?: string;
  actions?: ReactNode;
  /** The screen's record is still being read: the heading is provisional and takes no focus yet. */
  loading?: boolean;
  children: ReactNode;
}) => {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${documentTitle} · Sillon`;
  }, [documentTitle]);
  useEffect(() => {
    if (loading) return;
    if (firstScreen) {
      firstScreen = false;
      return;
    }
    // Focus kept where the screen put it (inside the content); taken from nowhere, or from the menu
    // or the footer, which stay from screen to screen.
    const active = document.activeElement;
    const main = heading.current?.closest('main');
    if (active && active !== document.body && active.isConnected && (!main || main.contains(active))) return;
    heading.current?.focus();
  }, [loading]);
  return (
    <section className="page" aria-labelledby="page-title" aria-busy={loading || undefined}>
      <header className="page__header">
        <h1 id="page-title" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="page__actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
};
