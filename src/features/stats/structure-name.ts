import { useCallback, useEffect, useState } from 'react';

import { getDb } from '../../data/db';
import { getAgreementTemplate } from '../../data/loans';
import { getMeta, setMeta } from '../../data/meta';
import { getSession } from '../../data/sync/session';

const KEY = 'structureName';

/**
 * The structure's name for reports: the one the server gave at sign-in; without an account, the
 * one typed on this screen, else the one printed on loan agreements. `editable` says whether the
 * screen offers to type it.
 */
export const useStructureName = () => {
  const [state, setState] = useState<{ name: string; editable: boolean } | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    const db = getDb();
    void (async () => {
      const fromServer = (await getSession(db))?.user.structureName;
      const typed = fromServer ? undefined : await getMeta<string>(db, KEY);
      const fromTemplate = fromServer || typed ? undefined : (await getAgreementTemplate(db)).structureName;
      if (!cancelled) setState({ name: fromServer || typed || fromTemplate || '', editable: !fromServer });
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  const save = useCallback(async (next: string) => {
    const value = next.trim();
    await setMeta(getDb(), KEY, value);
    setState({ name: value, editable: true });
  }, []);
  return { name: state?.name, editable: state?.editable ?? false, save };
};
