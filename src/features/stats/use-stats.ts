import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';

import { toDay } from '../../domain/dates';
import type { StatsFilters } from '../../domain/stats';
import { getDb } from '../../data/db';
import type { ExportRequest, StatsResult } from '../../data/stats';
import { createStatsClient, type StatsClient } from '../../data/stats-client';

export type StatsState =
  | { status: 'loading'; result?: StatsResult }
  | { status: 'ready'; result: StatsResult }
  | { status: 'error'; error: string; result?: StatsResult };

interface Answer {
  /** The request this answer is for: filters and attempt. */
  request: string;
  result?: StatsResult;
  error?: string;
}

/** Statistics of the filters, computed by the worker; the previous figures stay while recomputing. */
export const useStats = (filters: StatsFilters) => {
  const client = useRef<StatsClient | null>(null);
  const getClient = useCallback(() => (client.current ??= createStatsClient(getDb())), []);
  const [answer, setAnswer] = useState<Answer>({ request: '' });
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify(filters);
  // Recompute when records change under the screen (a sync, another tab): the newest change of each
  // table, read from its updatedAt index, is enough to notice.
  const version = useLiveQuery(async () => {
    const db = getDb();
    const last = await Promise.all(
      [db.activities, db.beneficiaries, db.items, db.loans].map((t) => t.orderBy('updatedAt').lastKey()),
    );
    return last.map(String).join('|');
  }, []);
  const request = `${attempt}:${version ?? ''}:${key}`;

  useEffect(
    () => () => {
      client.current?.dispose();
      client.current = null;
    },
    [],
  );

  useEffect(() => {
    // The first figures wait for the data version, so that they are not computed twice.
    if (version === undefined) return;
    let cancelled = false;
    getClient()
      .stats(JSON.parse(key) as StatsFilters, toDay(new Date()))
      .then(
        (result) => !cancelled && setAnswer({ request, result }),
        (error: unknown) =>
          !cancelled &&
          setAnswer((previous) => ({
            request,
            error: error instanceof Error ? error.message : String(error),
            ...(previous.result ? { result: previous.result } : {}),
          })),
      );
    return () => {
      cancelled = true;
    };
  }, [getClient, key, request, version]);

  const state: StatsState =
    answer.request !== request
      ? { status: 'loading', ...(answer.result ? { result: answer.result } : {}) }
      : answer.error !== undefined
        ? { status: 'error', error: answer.error, ...(answer.result ? { result: answer.result } : {}) }
        : { status: 'ready', result: answer.result! };

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const exportFile = useCallback(
    (exportRequest: ExportRequest) =>
      getClient().exportFile(JSON.parse(key) as StatsFilters, toDay(new Date()), exportRequest),
    [getClient, key],
  );
  return { state, retry, exportFile };
};
