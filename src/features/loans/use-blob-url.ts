import { useEffect, useState } from 'react';

import { sniffBlobType } from '../../domain/blob-types';
import { getBlob } from '../../data/blobs';
import { getDb } from '../../data/db';

/** What a stored file must be to be shown: the agreement is a PDF, a photo an image. */
export type BlobUse = 'pdf' | 'image';

export interface BlobUrlState {
  url?: string;
  blob?: Blob;
  missing: boolean;
  /** The bytes are not what the screen expects (a hostile or broken file): nothing is opened. */
  invalid?: boolean;
}

/**
 * An object URL for a stored blob (photo, PDF), revoked when the screen goes. The URL's type comes
 * from the bytes and what the screen expects, never from the type the file was stored or served
 * with: an agreement always opens as a PDF, so a file that says it is HTML can never run here.
 */
export const useBlobUrl = (hash: string | undefined, use: BlobUse): BlobUrlState => {
  const [state, setState] = useState<BlobUrlState & { hash?: string }>({ missing: false });
  useEffect(() => {
    if (!hash) return;
    let url: string | undefined;
    let live = true;
    void (async () => {
      const stored = await getBlob(getDb(), hash);
      if (!live) return;
      if (!stored) {
        setState({ hash, missing: true });
        return;
      }
      const head = new Uint8Array(await stored.data.slice(0, 16).arrayBuffer());
      if (!live) return;
      const type = sniffBlobType(head);
      const fits = use === 'pdf' ? type === 'application/pdf' : type?.startsWith('image/');
      if (!type || !fits) {
        setState({ hash, missing: false, invalid: true });
        return;
      }
      const blob = new Blob([stored.data], { type });
      url = URL.createObjectURL(blob);
      setState({ hash, url, blob, missing: false });
    })();
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [hash, use]);
  if (!hash || state.hash !== hash) return { missing: false };
  return state;
};
