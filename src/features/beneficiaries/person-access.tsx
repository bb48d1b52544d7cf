// « Exporter ses données » on a beneficiary's fiche: the right of access, offline — a readable PDF
// and a JSON file with everything this tablet holds about her (src/domain/person-export.ts), and
// the PDF's accessible version (HTML) next to it, from the same document.
import { useState } from 'react';

import { getDb } from '../../data/db';
import { getAgreementTemplate } from '../../data/loans';
import { gatherPersonData } from '../../data/person-rights';
import { personDocument, personJson, personSections } from '../../domain/person-export';
import { AccessibleVersion } from '../../ui/accessible-version';
import { downloadFile } from '../../ui/download';
import { strings } from './strings';

const s = strings.access;

/** What she is handed, read from this tablet: the PDF and its HTML version are made from it. */
const documentOf = async (id: string, now: Date) => {
  const db = getDb();
  const data = await gatherPersonData(db, id);
  if (!data) throw new Error(strings.notFound.title);
  const structureName = (await getAgreementTemplate(db)).structureName || undefined;
  return {
    data,
    structureName,
    document: personDocument(s.pdfTitle, s.pdfIntro(structureName, now), personSections(data)),
  };
};

export const PersonAccess = ({ id }: { id: string }) => {
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const run = async (kind: 'pdf' | 'json') => {
    setMessage(undefined);
    try {
      const now = new Date();
      const { data, structureName, document } = await documentOf(id, now);
      const stamp = now.toISOString().slice(0, 10);
      // The file name carries no name: downloads are listed by the browser too.
      const fileName = `donnees-beneficiaire-${stamp}.${kind}`;
      if (kind === 'json') {
        const json = JSON.stringify(personJson(data, now, structureName), null, 2);
        downloadFile({ blob: new Blob([json], { type: 'application/json' }), fileName });
      } else {
        const { personPdf } = await import('./person-export-pdf');
        downloadFile({ blob: personPdf(document), fileName });
      }
      setMessage({ text: s.done, error: false });
    } catch (error) {
      setMessage({
        text: `${s.failed} ${error instanceof Error ? error.message : String(error)}`,
        error: true,
      });
    }
  };
  return (
    <section className="card" aria-labelledby="person-access">
      <h2 id="person-access">{s.title}</h2>
      <p className="muted">{s.hint}</p>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void run('pdf')}>
          {s.pdf}
        </button>
        <AccessibleVersion load={async () => (await documentOf(id, new Date())).document} />
        <button type="button" className="button button--secondary" onClick={() => void run('json')}>
          {s.json}
        </button>
      </div>
      {message ? <p role={message.error ? 'alert' : 'status'}>{message.text}</p> : null}
    </section>
  );
};
