import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';

import { listAnnuaire } from '../../data/annuaire';
import { getDb } from '../../data/db';
import type { AnnuaireLieu } from '../../domain/annuaire';
import { hoursLibraryLoaded } from '../../domain/lieu-hours-open';

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

/**
 * Loads the opening_hours library once the screen is shown (it reads the hours outside the common
 * shape, src/domain/lieu-hours-open.ts): true once loaded, so that the screen asks again.
 */
export const useHoursLibrary = (): boolean => {
  const [loaded, setLoaded] = useState(hoursLibraryLoaded);
  useEffect(() => {
    if (loaded) return;
    let live = true;
    const timer = setTimeout(() => {
      void import('../../domain/lieu-hours').then(() => {
        if (live) setLoaded(true);
      });
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [loaded]);
  return loaded;
};
