import { useCallback, useEffect, useRef, useState } from 'react';

export type SearchStatus = 'idle' | 'loading' | 'done' | 'error';

export interface LatestSearch<T> {
  query: string;
  results: T[];
  status: SearchStatus;
  /** Starts a search; the results of any earlier, slower search are dropped. */
  run: (query: string) => void;
  /** Forgets the results (and drops any search still running). */
  reset: () => void;
}

/**
 * Search-as-you-type state: only the answer to the latest query is ever shown, so a slow
 * answer to "ca" can never overwrite the answer to "cahors".
 */
export const useLatestSearch = <T>(
  search: (query: string) => Promise<T[]>,
  minLength = 1,
): LatestSearch<T> => {
  const [state, setState] = useState<{ query: string; results: T[]; status: SearchStatus }>({
    query: '',
    results: [],
    status: 'idle',
  });
  const latest = useRef({ seq: 0, search });
  useEffect(() => {
    latest.current.search = search;
  });
  // An unmounted component must not receive the answer of a search it started.
  useEffect(() => {
    const current = latest.current;
    return () => {
      current.seq += 1;
    };
  }, []);

  const run = useCallback(
    (query: string) => {
      latest.current.seq += 1;
      const mine = latest.current.seq;
      if (query.trim().length < minLength) {
        setState({ query, results: [], status: 'idle' });
        return;
      }
      setState((s) => ({ ...s, query, status: 'loading' }));
      latest.current.search(query).then(
        (results) => {
          if (mine === latest.current.seq) setState({ query, results, status: 'done' });
        },
        () => {
          if (mine === latest.current.seq) setState({ query, results: [], status: 'error' });
        },
      );
    },
    [minLength],
  );

  const reset = useCallback(() => {
    latest.current.seq += 1;
    setState({ query: '', results: [], status: 'idle' });
  }, []);

  return { ...state, run, reset };
};
