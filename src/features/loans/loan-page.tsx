import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { displayName, formatPhone } from '../../domain/beneficiary';
import { getDb } from '../../data/db';
import { LoanError, extendLoan, setDepositReturned } from '../../data/loans';
import { discardChanges, refusalsOf } from '../../data/sync/refusals';
import { toDay } from '../../domain/dates';
import { labelOf } from '../../domain/enums';
import {
  ACCESSORIES,
  CONDITIONS,
  DEPOSIT_FORMS,
  RETURN_OUTCOMES,
  daysLate,
  depositState,
  isOverdue,
  itemLabel,
  outstandingItemIds,
} from '../../domain/loans';
import { Field } from '../../ui/field';
import { formatDateTime, formatDay, formatEuros } from '../../ui/format';
import { Page } from '../../ui/page';
import { RefusedNotice } from '../../ui/refused-notice';
import { UnsyncedNotice } from '../../ui/unsynced-badge';
import { DoubleLendingWarning } from './double-lending-warning';
import { LoansNav } from './loans-nav';
import { agreementFileName } from './agreement-file-name';
import { PdfActions } from './pdf-actions';
import { RecordPending } from './record-pending';
import { strings } from './strings';
import { useBlobUrl } from './use-blob-url';
import { useDoubleLendings, useLoanDetails } from './use-loans';

/** A loan: who, what, since when; what to say when it is late; agreement, extension, returns. */
export const LoanPage = () => {
  const { id } = useParams();
  const data = useLoanDetails(id);
  const doubles = useDoubleLendings();
  const [newDate, setNewDate] = useState('');
  const [reason, setReason] = useState('');
  const [extendError, setExtendError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const photo = useBlobUrl(data?.loan.photo, 'image');
  const refusals = useLiveQuery(() => refusalsOf(getDb(), 'loans', id ?? ''), [id]);

  if (!data)
    return (
      <RecordPending
        loading={data === undefined}
        title={strings.loans.title}
        missing={strings.common.loanNotFound}
      />
    );
  const { loan, items, beneficiary, pending } = data;
  const db = getDb();
  const today = toDay(new Date());
  const name = beneficiary ? displayName(beneficiary) : strings.loans.unknownBorrower;
  const late = isOverdue(loan, today);
  const out = new Set(outstandingItemIds(loan));
  const conflicts = (doubles ?? []).filter((d) => d.loanIds.includes(loan.id));
  const itemName = (itemId: string) => {
    const item = items.find((i) => i.id === itemId);
    return item ? itemLabel(item) : itemId;
  };
  const deposit = loan.deposit;

  const extend = async () => {
    setExtendError(undefined);
    setMessage(undefined);
    try {
      await extendLoan(db, loan.id, newDate, reason.trim() || undefined);
      setNewDate('');
      setReason('');
      setMessage(strings.loan.extended);
    } catch (e) {
      setExtendError(e instanceof LoanError ? e.message : strings.common.unexpected);
    }
  };

  return (
    <Page
      title={strings.loan.title(name)}
      documentTitle={strings.loan.documentTitle}
      actions={
        loan.status === 'en_cours' ? (
          <Link className="button" to={`/prets/${loan.id}/retour`}>
            {strings.loan.returnAction}
          </Link>
        ) : null
      }
    >
      <LoansNav />
      <UnsyncedNotice pending={pending} />
      {/* A loan changes through its actions below (extend, return, deposit): no form to open. */}
      <RefusedNotice
        refusals={refusals?.map((r) => r.refused)}
        onDiscard={() => discardChanges(db, 'loans', loan.id)}
      />
      {conflicts.map((c) => (
        <DoubleLendingWarning key={c.itemId} conflict={c} currentLoanId={loan.id} />
      ))}
      {message ? (
        <p className="card" role="status">
          {message}
        </p>
      ) : null}
      {late ? (
        <section className="card card--warning" aria-labelledby="loan-call">
          <h2 id="loan-call">
            {strings.loans.late(daysLate(loan, today))} — {strings.loan.call.title}
          </h2>
          {beneficiary?.telephone ? (
            <p>
              <a className="button" href={`tel:${beneficiary.telephone}`}>
                {strings.loan.call.phone(formatPhone(beneficiary.telephone))}
              </a>
            </p>
          ) : (
            <p>{strings.loan.call.noPhone}</p>
          )}
          <p>
            {strings.loan.call.script(
              beneficiary?.prenom ?? name,
              items
                .filter((i) => out.has(i.id))
                .map((i) => itemLabel(i))
                .join(', '),
              formatDay(loan.startDate),
              formatDay(loan.plannedReturnDate),
              daysLate(loan, today),
            )}
          </p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="loan-summary">
        <h2 id="loan-summary">{strings.loan.status}</h2>
        <dl className="details">
          <dt>{strings.loan.status}</dt>
          <dd>
            {late ? (
              <span className="badge badge--danger">{strings.loans.overdue}</span>
            ) : (
              <span className="badge">
                {loan.status === 'rendu' ? strings.loans.returned : strings.loans.active}
              </span>
            )}
          </dd>
          <dt>{strings.loanForm.beneficiary}</dt>
          <dd>
            {name}
            {beneficiary?.telephone ? ` — ${formatPhone(beneficiary.telephone)}` : ''}
          </dd>
          <dt>{strings.loan.items}</dt>
          <dd>
            <ul>
              {items.map((i) => (
                <li key={i.id}>
                  <Link to={`/materiel/${i.id}`}>{itemLabel(i)}</Link>
                  {out.has(i.id) ? '' : ` — ${strings.loans.returned}`}
                </li>
              ))}
            </ul>
          </dd>
          <dt>{strings.loan.start}</dt>
          <dd>{formatDay(loan.startDate)}</dd>
          <dt>{strings.loan.planned}</dt>
          <dd>{formatDay(loan.plannedReturnDate)}</dd>
          {loan.returnedDate ? (
            <>
              <dt>{strings.loan.returned}</dt>
              <dd>{formatDay(loan.returnedDate)}</dd>
            </>
          ) : null}
          {loan.purpose ? (
            <>
              <dt>{strings.loan.purpose}</dt>
              <dd>{loan.purpose}</dd>
            </>
          ) : null}
          <dt>{strings.loan.deposit}</dt>
          <dd>
            {deposit && depositState(loan) !== 'aucune' ? (
              <>
                {formatEuros(deposit.amount)} (
                {deposit.form === 'autre' && deposit.formDetail
                  ? deposit.formDetail
                  : labelOf(DEPOSIT_FORMS, deposit.form)}
                ) —{' '}
                {deposit.returned
                  ? strings.loan.depositReturned(formatDay(deposit.returnedDate))
                  : strings.loan.depositHeld}
                {!deposit.returned && loan.status === 'rendu' ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() =>
                        void setDepositReturned(db, loan.id, true, today).then(() =>
                          setMessage(strings.loan.depositSaved),
                        )
                      }
                    >
                      {strings.loan.markDepositReturned}
                    </button>
                  </>
                ) : null}
              </>
            ) : (
              strings.loan.noDeposit
            )}
          </dd>
          {loan.advisorName ? (
            <>
              <dt>{strings.loan.advisor}</dt>
              <dd>{loan.advisorName}</dd>
            </>
          ) : null}
          {loan.notes ? (
            <>
              <dt>{strings.loan.notes}</dt>
              <dd>{loan.notes}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="loan-agreement">
        <h2 id="loan-agreement">{strings.loan.agreement}</h2>
        {loan.agreement ? (
          <>
            <p>{strings.loan.signedOn(formatDateTime(loan.agreement.signedAt))}</p>
            <PdfActions hash={loan.agreement.pdf} fileName={agreementFileName(name, loan.startDate)} />
            <p>
              <Link to={`/prets/${loan.id}/convention/texte`}>{strings.agreementText.link}</Link>
            </p>
          </>
        ) : (
          <>
            <p>{strings.loan.notSigned}</p>
            <Link className="button" to={`/prets/${loan.id}/convention`}>
              {strings.loan.sign}
            </Link>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="loan-handover">
        <h2 id="loan-handover">{strings.loan.handover}</h2>
        <ul>
          {loan.handover.map((h) => (
            <li key={h.itemId}>
              <strong>{itemName(h.itemId)}</strong>
              {h.etat ? ` — ${labelOf(CONDITIONS, h.etat)}` : ''}
              {h.accessoires.length || h.accessoiresAutres
                ? ` — ${[...h.accessoires.map((a) => labelOf(ACCESSORIES, a)), h.accessoiresAutres].filter(Boolean).join(', ')}`
                : ''}
            </li>
          ))}
        </ul>
        {photo.url ? <img className="loan-photo" src={photo.url} alt={strings.loanForm.photoAlt} /> : null}
      </section>
      {loan.status === 'en_cours' ? (
        <section className="card" aria-labelledby="loan-extend">
          <h2 id="loan-extend">{strings.loan.extend}</h2>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void extend();
            }}
          >
            <div className="grid-2">
              <Field format="date" label={strings.loan.newDate} required error={extendError}>
                {(f) => (
                  <input
                    {...f}
                    type="date"
                    min={loan.startDate}
                    value={newDate}
                    onChange={(e) => setNewDate(e.target.value)}
                  />
                )}
              </Field>
              <Field label={strings.loan.reason}>
                {(f) => (
                  <input
                    autoComplete="off"
                    {...f}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                  />
                )}
              </Field>
            </div>
            <div className="actions">
              <button type="submit" className="button button--secondary">
                {strings.loan.applyExtend}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      {loan.extensions.length > 0 ? (
        <section className="card" aria-labelledby="loan-extensions">
          <h2 id="loan-extensions">{strings.loan.extensions}</h2>
          <ol className="history">
            {loan.extensions.map((x, i) => (
              <li key={`${x.at}-${i}`}>
                {strings.loan.extension(formatDay(x.from), formatDay(x.to), formatDateTime(x.at))}
                {x.reason ? ` — ${x.reason}` : ''}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {loan.returns.length > 0 ? (
        <section className="card" aria-labelledby="loan-returns">
          <h2 id="loan-returns">{strings.loan.returns}</h2>
          <ol className="history">
            {loan.returns.map((r) => (
              <li key={r.itemId}>
                <strong>{itemName(r.itemId)}</strong> — {formatDay(r.date)} —{' '}
                {labelOf(RETURN_OUTCOMES, r.outcome)}
                {r.etat ? ` — ${labelOf(CONDITIONS, r.etat)}` : ''}
                {r.note ? ` — ${r.note}` : ''}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </Page>
  );
};
