import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { putBlob } from '../../data/blobs';
import { displayName } from '../../domain/beneficiary';
import { getDb } from '../../data/db';
import { getAgreementTemplate, signAgreement } from '../../data/loans';
import { toDay } from '../../domain/dates';
import { announce } from '../../ui/announcer';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { fillAgreement } from './agreement';
import { LoansNav } from './loans-nav';
import { SignatureField, type SignatureHandle } from '../../ui/signature-field';
import { RecordPending } from './record-pending';
import { strings } from './strings';
import { useLoanDetails } from './use-loans';

/** The beneficiary and the advisor sign on the screen; the PDF is made on the tablet, offline. */
export const LoanSignPage = () => {
  const { id } = useParams();
  const navigate = useNavigate();
  const data = useLoanDetails(id);
  const template = useLiveQuery(() => getAgreementTemplate(getDb()), []);
  const beneficiaryPad = useRef<SignatureHandle>(null);
  const advisorPad = useRef<SignatureHandle>(null);
  const [errors, setErrors] = useState<{ beneficiary?: string; advisor?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  if (!data || template === undefined)
    return (
      <RecordPending
        loading={data === undefined || template === undefined}
        title={strings.sign.title}
        missing={strings.common.loanNotFound}
      />
    );
  const { loan, items, beneficiary } = data;
  const today = toDay(new Date());
  const filled = fillAgreement(template, loan, items, beneficiary, today);

  const submit = async () => {
    const missing = {
      ...(beneficiaryPad.current?.isEmpty() !== false ? { beneficiary: strings.sign.empty } : {}),
      ...(advisorPad.current?.isEmpty() !== false ? { advisor: strings.sign.empty } : {}),
    };
    setErrors(missing);
    if (missing.beneficiary || missing.advisor) return;
    setBusy(true);
    try {
      const db = getDb();
      const [beneficiaryPng, advisorPng] = await Promise.all([
        beneficiaryPad.current!.toPng(),
        advisorPad.current!.toPng(),
      ]);
      const signedAt = new Date();
      // jsPDF is loaded here only: the other screens never download it.
      const { buildAgreementPdf } = await import('./agreement-pdf');
      const pdf = await buildAgreementPdf({
        title: filled.title,
        text: filled.text,
        beneficiarySignature: beneficiaryPng,
        advisorSignature: advisorPng,
        beneficiaryName: beneficiary ? displayName(beneficiary) : strings.loans.unknownBorrower,
        advisorName: loan.advisorName,
        signedAt: formatDateTime(signedAt.toISOString()),
      });
      const [beneficiarySignature, advisorSignature, pdfHash] = await Promise.all([
        putBlob(db, beneficiaryPng),
        putBlob(db, advisorPng),
        putBlob(db, pdf),
      ]);
      await signAgreement(db, loan.id, {
        text: filled.text,
        beneficiarySignature,
        advisorSignature,
        pdf: pdfHash,
        signedAt: signedAt.toISOString(),
      });
      announce(strings.announce.signed);
      navigate(`/prets/${loan.id}`, { replace: true });
    } catch (e) {
      console.error(e);
      setBusy(false);
      setErrors({ form: strings.sign.failed });
    }
  };

  if (loan.agreement)
    return (
      <Page title={strings.sign.title}>
        <LoansNav />
        <p>{strings.sign.alreadySigned}</p>
        <Link className="button" to={`/prets/${loan.id}`}>
          {strings.common.back}
        </Link>
      </Page>
    );

  return (
    <Page title={strings.sign.title}>
      <LoansNav />
      <p>{beneficiary ? displayName(beneficiary) : strings.loans.unknownBorrower}</p>
      <section className="card" aria-labelledby="agreement-text">
        <h2 id="agreement-text">{filled.title}</h2>
        <pre
          className="agreement-text"
          // A scrolling box reachable by keyboard; HTML allows a name on a pre only with a role.
          role="region"
          tabIndex={0}
          aria-label={strings.sign.text}
          data-testid="agreement-text"
        >
          {filled.text}
        </pre>
      </section>
      {errors.form ? (
        <p className="card card--danger" role="alert">
          {errors.form}
        </p>
      ) : null}
      <section className="card grid-2" aria-label={strings.sign.title}>
        <SignatureField
          ref={beneficiaryPad}
          label={strings.sign.beneficiary}
          error={errors.beneficiary}
          onChange={(empty) => !empty && setErrors((e) => ({ ...e, beneficiary: undefined }))}
        />
        <SignatureField
          ref={advisorPad}
          label={strings.sign.advisor}
          error={errors.advisor}
          onChange={(empty) => !empty && setErrors((e) => ({ ...e, advisor: undefined }))}
        />
      </section>
      <div className="form-footer actions">
        <button type="button" className="button button--big" disabled={busy} onClick={() => void submit()}>
          {busy ? strings.sign.producing : strings.sign.submit}
        </button>
      </div>
    </Page>
  );
};
