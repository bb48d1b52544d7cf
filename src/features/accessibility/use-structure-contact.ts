import { useEffect, useState } from 'react';

import { getDb } from '../../data/db';
import { listLieux } from '../../data/lieux';
import { getAgreementTemplate } from '../../data/loans';
import { getSession } from '../../data/sync/session';

export interface StructureContact {
  name?: string;
  email?: string;
  phone?: string;
}

/**
 * Who runs Sillon here, as far as this tablet knows: the structure's name (from the account, else
 * the loan agreement's), and a way to reach it (the first of its lieux with an e-mail or a phone).
 * Nothing when the tablet knows nothing: the déclaration then says whom to ask.
 */
export const useStructureContact = (): StructureContact | undefined => {
  const [contact, setContact] = useState<StructureContact | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    const db = getDb();
    void (async () => {
      const [session, template, lieux] = await Promise.all([
        getSession(db).catch(() => undefined),
        getAgreementTemplate(db).catch(() => undefined),
        listLieux(db).catch(() => []),
      ]);
      const reachable = lieux.find((l) => l.courriels?.length || l.telephone);
      const found: StructureContact = {};
      const name = session?.user.structureName || template?.structureName;
      if (name) found.name = name;
      if (reachable?.courriels?.[0]) found.email = reachable.courriels[0];
      if (reachable?.telephone) found.phone = reachable.telephone;
      if (!cancelled) setContact(found);
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  return contact;
};
