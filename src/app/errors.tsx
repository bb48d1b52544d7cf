import { Link, isRouteErrorResponse, useRouteError } from 'react-router';

import { Page } from '../ui/page';
import { strings } from './strings';

export const NotFound = () => (
  <Page title={strings.notFound.title}>
    <p>{strings.notFound.text}</p>
    <Link className="button" to="/">
      {strings.notFound.back}
    </Link>
  </Page>
);

export const RouteError = () => {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  console.error(error);
  return (
    <Page title={strings.error.title}>
      <p>{strings.error.text}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {strings.error.reload}
      </button>
    </Page>
  );
};
