// « Exporter pour la cartographie »: the structure's lieux d'activité in the national schema, as the
// cartographie nationale's CSV (`|`-separated lists) and as JSON, checked by the schema's library
// first (src/domain/lieu-publication.ts). A lieu that fails is named with what is missing; the
// valid ones can still be downloaded. Produced on the tablet, offline; the library is loaded on
// the first click, not with the page.
import { useState } from 'react';

import { getDb } from '../../data/db';
import { listLieux } from '../../data/lieux';
import { toDay } from '../../domain/dates';
import type { LieuxPublication } from '../../domain/lieu-publication';
import { downloadFile } from '../../ui/download';
import { strings } from './strings';

interface Prepared {
  publication: LieuxPublication;
  csv: string;
  json: string;
}

export const LieuxExport = ({ now = () => new Date() }: { now?: () => Date }) => {
  const [prepared, setPrepared] = useState<Prepared | undefined>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const s = strings.export;

  const prepare = async () => {
    setBusy(true);
    setFailure('');
    try {
      const [{ publishLieux, publicationFiles }, lieux] = await Promise.all([
        import('../../domain/lieu-publication'),
        listLieux(getDb()),
      ]);
      const publication = publishLieux(lieux, toDay(now()));
      setPrepared({ publication, ...publicationFiles(publication) });
    } catch (error) {
      setFailure(`${s.failed} ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const day = toDay(now());
  const download = (kind: 'csv' | 'json') => {
    if (!prepared) return;
    downloadFile({
      blob: new Blob([kind === 'csv' ? prepared.csv : prepared.json], {
        type: kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json',
      }),
      fileName: `lieux-mediation-numerique-${day}.${kind}`,
    });
  };

  const valid = prepared?.publication.lieux.length ?? 0;
  const refused = prepared?.publication.refused ?? [];
  return (
    <div className="lieux-export" aria-labelledby="lieux-export-title">
      <h3 id="lieux-export-title">{s.title}</h3>
      <p className="muted">{s.intro}</p>
      <p>
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() => void prepare()}
        >
          {prepared ? s.again : s.prepare}
        </button>
      </p>
      {failure ? <p role="alert">{failure}</p> : null}
      {prepared ? (
        <div role="status">
          <p>{s.summary(valid, refused.length)}</p>
          {refused.length ? (
            <>
              <p>{s.refusedIntro}</p>
              <ul className="lieux-export__refused">
                {refused.map((r) => (
                  <li key={r.id}>
                    <strong>{r.nom}</strong> : {r.messages.join(' ; ')}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {valid ? (
            <p className="actions">
              <button type="button" className="button" onClick={() => download('csv')}>
                {s.csv(valid)}
              </button>
              <button type="button" className="button" onClick={() => download('json')}>
                {s.json(valid)}
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
};
