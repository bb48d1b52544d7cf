import { useEffect, useState } from 'react';

import { getDb } from '../../data/db';
import { watchAnnuaire } from '../../data/annuaire';
import type { AnnuaireLieu } from '../../domain/annuaire';

/** The directory in memory, refreshed when sync changes it (undefined while loading). */
export const useAnnuaire = (): AnnuaireLieu[] | undefined => {
  const [lieux, setLieux] = useState<AnnuaireLieu[]>();
  useEffect(() => {
    const subscription = watchAnnuaire(getDb()).subscribe({ next: setLieux });
    return () => subscription.unsubscribe();
  }, []);
  return lieux;
};

/** The current time, refreshed every minute (« ouvert maintenant » follows the clock). */
export const useNow = (): Date => {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
};
