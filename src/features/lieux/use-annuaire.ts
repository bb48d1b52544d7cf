import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';

import { listAnnuaire } from '../../data/annuaire';
import { getDb } from '../../data/db';
import type { AnnuaireLieu } from '../../domain/annuaire';

/** The directory in memory, refreshed when sync changes it (undefined while loading). */
export const useAnnuaire = (): AnnuaireLieu[] | undefined => useLiveQuery(() => listAnnuaire(getDb()), []);

/** The current time, refreshed every minute (« ouvert maintenant » follows the clock). */
export const useNow = (): Date => {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
};
