import { useCallback, useEffect, useState } from 'react';

import { formatBytes } from '../../ui/format';
import { strings } from './strings';

interface StorageState {
  /** undefined: the browser cannot tell. */
  persisted?: boolean;
  usage?: number;
  quota?: number;
}

const percentFormat = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

const readStorage = async (): Promise<StorageState> => {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const [persisted, estimate] = await Promise.all([
    storage?.persisted ? storage.persisted().catch(() => undefined) : Promise.resolve(undefined),
    storage?.estimate ? storage.estimate().catch(() => undefined) : Promise.resolve(undefined),
  ]);
  const state: StorageState = {};
  if (persisted !== undefined) state.persisted = persisted;
  if (estimate?.usage !== undefined) state.usage = estimate.usage;
  if (estimate?.quota !== undefined) state.quota = estimate.quota;
  return state;
};

/**
 * Whether the browser promised to keep Sillon's data (navigator.storage.persist) and how much
 * room is used: an advisor offline for days must know her records cannot be evicted.
 */
export const StorageSection = () => {
  const [state, setState] = useState<StorageState | undefined>();
  const [refused, setRefused] = useState(false);
  const [asking, setAsking] = useState(false);

  const refresh = useCallback(async () => setState(await readStorage()), []);
  useEffect(() => {
    let live = true;
    void readStorage().then((s) => {
      if (live) setState(s);
    });
    return () => {
      live = false;
    };
  }, []);

  const request = async () => {
    setAsking(true);
    const granted = await navigator.storage.persist().catch(() => false);
    setRefused(!granted);
    await refresh();
    setAsking(false);
  };

  const canRequest = typeof navigator !== 'undefined' && Boolean(navigator.storage?.persist);
  return (
    <section className="card" aria-labelledby="storage-title">
      <h2 id="storage-title">{strings.storage.title}</h2>
      {state === undefined ? (
        <p className="loading">{strings.storage.checking}</p>
      ) : (
        <dl className="settings-details">
          <dt>{strings.storage.persistence}</dt>
          <dd data-testid="storage-persisted">
            {state.persisted === undefined
              ? strings.storage.unsupported
              : state.persisted
                ? strings.storage.granted
                : strings.storage.notGranted}
          </dd>
          <dt>{strings.storage.usage}</dt>
          <dd data-testid="storage-usage">
            {state.usage !== undefined && state.quota
              ? strings.storage.usageValue(
                  formatBytes(state.usage),
                  formatBytes(state.quota),
                  // A few megabytes of gigabytes would read « 0 % »: say it is under 0.1 %.
                  state.usage / state.quota < 0.001
                    ? strings.storage.underOnePerMille
                    : percentFormat.format(state.usage / state.quota),
                )
              : strings.storage.usageUnknown}
          </dd>
        </dl>
      )}
      {state && state.persisted === false && canRequest ? (
        <p>
          <button type="button" className="button" onClick={() => void request()} disabled={asking}>
            {strings.storage.request}
          </button>
        </p>
      ) : null}
      {refused && state?.persisted === false ? <p role="status">{strings.storage.refused}</p> : null}
    </section>
  );
};
