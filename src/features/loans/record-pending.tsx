import { Page } from '../../ui/page';
import { LoansNav } from './loans-nav';
import { strings } from './strings';

/** A loans page while its record loads, or when the record does not exist (deleted, wrong link). */
export const RecordPending = ({
  loading,
  title,
  missing,
}: {
  loading: boolean;
  title: string;
  missing: string;
}) =>
  loading ? (
    <Page title={title} loading>
      <p className="loading">{strings.common.loading}</p>
    </Page>
  ) : (
    <Page title={strings.common.notFound}>
      <LoansNav />
      <p>{missing}</p>
    </Page>
  );
