import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';

import { getBlob } from '../../data/blobs';
import { getDb } from '../../data/db';
import { sniffBlobType } from '../../domain/blob-types';
import { strings } from './strings';

/**
 * A link to the stored feuille d'émargement (a blob of this tablet, synced like the loan
 * agreements), opened only as a PDF and only if its bytes are one.
 */
export const SheetDownload = ({ hash, fileName }: { hash: string; fileName: string }) => {
  const pdf = useLiveQuery(async () => {
    const stored = await getBlob(getDb(), hash);
    if (!stored) return null;
    const head = new Uint8Array(await stored.data.slice(0, 16).arrayBuffer());
    return sniffBlobType(head) === 'application/pdf'
      ? new Blob([stored.data], { type: 'application/pdf' })
      : null;
  }, [hash]);
  const url = useMemo(() => (pdf ? URL.createObjectURL(pdf) : undefined), [pdf]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (!url) return null;
  return (
    <a className="button" href={url} download={fileName} data-testid="emargement-pdf">
      {strings.run.download}
    </a>
  );
};
