// The signed agreement as an HTML page (RGAA 13.3): jsPDF's PDF is untagged, so this is its
// accessible version — the same text as signed, a heading per clause, who signed and how (typed or
// drawn), read from the tablet's database, offline as well.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';

import { getDb } from '../../data/db';
import { getAgreementTemplate } from '../../data/loans';
import { agreementSections } from '../../domain/agreement-sections';
import { displayName } from '../../domain/beneficiary';
import { typedSignatureName } from '../../domain/typed-signature';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { agreementFileName } from './agreement-file-name';
import { LoansNav } from './loans-nav';
import { PdfActions } from './pdf-actions';
import { RecordPending } from './record-pending';
import { strings } from './strings';
import { useBlobUrl } from './use-blob-url';
import { useLoanDetails } from './use-loans';

const T = strings.agreementText;

/** One signature: its image with a text alternative, and in words whether it was typed or drawn. */
const Signature = ({ role, name, hash }: { role: string; name: string | undefined; hash: string }) => {
  const { url, blob } = useBlobUrl(hash, 'image');
  // The name as typed for a typed signature, null for a drawn one, undefined until read.
  const [typedName, setTypedName] = useState<string | null | undefined>();
  useEffect(() => {
    let live = true;
    void blob?.arrayBuffer().then((b) => live && setTypedName(typedSignatureName(new Uint8Array(b)) ?? null));
    return () => {
      live = false;
    };
  }, [blob]);
  const shown = name || typedName || '—';
  return (
    <>
      <dt>{role}</dt>
      <dd>
        {shown}
        {typedName === undefined ? null : ` — ${typedName === null ? T.drawn : T.typed(typedName)}`}
      </dd>
      {url && typedName !== undefined ? (
        <dd>
          <img className="agreement-signature" src={url} alt={T.imageAlt(shown, typedName !== null)} />
        </dd>
      ) : null}
    </>
  );
};

export const AgreementTextPage = () => {
  const { id } = useParams();
  const data = useLoanDetails(id);
  const template = useLiveQuery(() => getAgreementTemplate(getDb()), []);
  if (!data || template === undefined)
    return (
      <RecordPending
        loading={data === undefined || template === undefined}
        title={T.documentTitle}
        missing={strings.common.loanNotFound}
      />
    );
  const { loan, beneficiary } = data;
  const agreement = loan.agreement;
  const name = beneficiary ? displayName(beneficiary) : strings.loans.unknownBorrower;
  return (
    <Page title={template.title} documentTitle={T.documentTitle}>
      <LoansNav />
      {agreement ? (
        <>
          <p className="muted">{T.intro}</p>
          <div className="card agreement-html" data-testid="agreement-html">
            {agreementSections(agreement.text).map((section, i) => {
              const blocks = section.blocks.map((block, j) =>
                block.kind === 'list' ? (
                  <ul key={j}>
                    {block.items.map((item, k) => (
                      <li key={k}>{item}</li>
                    ))}
                  </ul>
                ) : (
                  <p key={j}>{block.text}</p>
                ),
              );
              // A clause with a name is a section under its heading; the opening and closing lines are not.
              return section.heading ? (
                <section key={i} aria-labelledby={`agreement-clause-${i}`}>
                  <h2 id={`agreement-clause-${i}`}>{section.heading}</h2>
                  {blocks}
                </section>
              ) : (
                <div key={i}>{blocks}</div>
              );
            })}
            <section aria-labelledby="agreement-signatures">
              <h2 id="agreement-signatures">{T.signatures}</h2>
              <dl>
                <Signature role={T.beneficiary} name={name} hash={agreement.beneficiarySignature} />
                <Signature role={T.advisor} name={loan.advisorName} hash={agreement.advisorSignature} />
              </dl>
              <p>{strings.pdf.footer(formatDateTime(agreement.signedAt))}</p>
            </section>
          </div>
          <PdfActions hash={agreement.pdf} fileName={agreementFileName(name, loan.startDate)} />
        </>
      ) : (
        <p>{T.notSigned}</p>
      )}
      <p>
        <Link to={`/prets/${loan.id}`}>{T.backToLoan}</Link>
      </p>
    </Page>
  );
};
