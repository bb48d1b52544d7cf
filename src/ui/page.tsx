import { useEffect, type ReactNode } from 'react';

/**
 * A screen: its title is the document title too (screen readers announce it on navigation), unless
 * it names a person: the browser's history of a shared tablet keeps document titles, so such a
 * screen gives a `documentTitle` without the name.
 */
export const Page = ({
  title,
  documentTitle = title,
  actions,
  children,
}: {
  title: string;
  documentTitle?: string;
  actions?: ReactNode;
  children: ReactNode;
}) => {
  useEffect(() => {
    document.title = `${documentTitle} · Sillon`;
  }, [documentTitle]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page__header">
        <h1 id="page-title">{title}</h1>
        {actions ? <div className="page__actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
};
