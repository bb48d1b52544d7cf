import { useEffect, useState } from 'react';

import { getBlob } from '../../data/blobs';
import { getDb } from '../../data/db';

/** An object URL for a stored blob (photo, PDF), revoked when the screen goes. */
export const useBlobUrl = (hash: string | undefined): { url?: string; blob?: Blob; missing: boolean } => {
  const [state, setState] = useState<{ hash?: string; url?: string; blob?: Blob; missing: boolean }>({
    missing: false,
  });
  useEffect(() => {
    if (!hash) return;
    let url: string | undefined;
    let live = true;
    void getBlob(getDb(), hash).then((stored) => {
      if (!live) return;
      if (!stored) {
        setState({ hash, missing: true });
        return;
      }
      url = URL.createObjectURL(stored.data);
      setState({ hash, url, blob: stored.data, missing: false });
    });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [hash]);
  if (!hash || state.hash !== hash) return { missing: false };
  return state;
};
