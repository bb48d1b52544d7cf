import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { displayName } from '../../domain/beneficiary';
import { getDb } from '../../data/db';
import {
  LoanError,
  getItem,
  itemHistory,
  loansOfItem,
  recordConditionCheck,
  setItemStatus,
} from '../../data/loans';
import { pendingRecordIds } from '../../data/records';
import { discardChanges, refusalsOf } from '../../data/sync/refusals';
import { labelOf } from '../../domain/enums';
import {
  ACCESSORIES,
  CONDITIONS,
  ITEM_ORIGINS,
  ITEM_STATUSES,
  ITEM_TYPES,
  isActiveLoan,
  itemLabel,
  outstandingItemIds,
  type Condition,
  type ItemStatus,
} from '../../domain/loans';
import { RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { formatDateTime, formatDay, formatEuros } from '../../ui/format';
import { Page } from '../../ui/page';
import { RefusedNotice } from '../../ui/refused-notice';
import { UnsyncedNotice } from '../../ui/unsynced-badge';
import { DoubleLendingWarning } from './double-lending-warning';
import { LoansNav } from './loans-nav';
import { StatusBadge } from './status-badge';
import { RecordPending } from './record-pending';
import { strings } from './strings';
import { useDoubleLendings } from './use-loans';

const MANUAL_STATUSES = ITEM_STATUSES.filter((s) => s.value !== 'prete');

/** An item's sheet: details, current loan, status changes, condition checks and full history. */
export const ItemPage = () => {
  const { id = '' } = useParams();
  const db = getDb();
  const data = useLiveQuery(async () => {
    const item = await getItem(db, id);
    if (!item) return null;
    const [events, loans, lieu] = await Promise.all([
      itemHistory(db, id),
      loansOfItem(db, id),
      item.lieuId ? db.lieux.get(item.lieuId) : undefined,
    ]);
    const active = loans.filter((l) => isActiveLoan(l) && outstandingItemIds(l).includes(id));
    const borrowers = new Map(
      await Promise.all(
        active.map(async (l) => {
          const b = await db.beneficiaries.get(l.beneficiaryId);
          return [l.id, b ? displayName(b) : strings.loans.unknownBorrower] as const;
        }),
      ),
    );
    const pending = (await pendingRecordIds(db, [id])).has(id);
    return { item, events, active, borrowers, lieu, pending };
  }, [db, id]);
  const refusals = useLiveQuery(() => refusalsOf(db, 'items', id), [db, id]);
  const doubles = useDoubleLendings();
  const [status, setStatus] = useState<ItemStatus>();
  const [statusNote, setStatusNote] = useState('');
  const [etat, setEtat] = useState<Condition>();
  const [checkNote, setCheckNote] = useState('');
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<{ field: string; text: string }>();

  if (!data)
    return (
      <RecordPending
        loading={data === undefined}
        title={strings.items.title}
        missing={strings.common.itemNotFound}
      />
    );
  const { item, events, active, borrowers, lieu, pending } = data;
  const conflict = doubles?.find((d) => d.itemId === item.id);

  const run = async (field: string, action: () => Promise<unknown>, done: string) => {
    setMessage(undefined);
    setError(undefined);
    try {
      await action();
      setMessage(done);
    } catch (e) {
      setError({ field, text: e instanceof LoanError ? e.message : strings.common.unexpected });
    }
  };

  const accessories = [...item.accessoires.map((a) => labelOf(ACCESSORIES, a)), item.accessoiresAutres]
    .filter(Boolean)
    .join(', ');

  return (
    <Page
      title={itemLabel(item)}
      actions={
        <>
          {item.status === 'disponible' && active.length === 0 ? (
            <Link className="button" to={`/prets/nouveau?materiel=${item.id}`}>
              {strings.item.lend}
            </Link>
          ) : null}
          <Link className="button button--secondary" to={`/materiel/${item.id}/modifier`}>
            {strings.item.edit}
          </Link>
          <Link className="button button--secondary" to={`/materiel/${item.id}/etiquette`}>
            {strings.item.label}
          </Link>
        </>
      }
    >
      <LoansNav />
      <UnsyncedNotice pending={pending} />
      <RefusedNotice
        refusals={refusals?.map((r) => r.refused)}
        correctTo={`/materiel/${item.id}/modifier`}
        onDiscard={() => discardChanges(db, 'items', item.id)}
      />
      {conflict ? <DoubleLendingWarning conflict={conflict} /> : null}
      {message ? (
        <p className="card" role="status">
          {message}
        </p>
      ) : null}
      {active.map((loan) => (
        <section key={loan.id} className="card card--warning" aria-label={strings.item.currentLoan}>
          <p>
            <strong>
              {strings.item.borrowedBy(borrowers.get(loan.id) ?? '', formatDay(loan.startDate))}
            </strong>{' '}
            — {strings.loans.due(formatDay(loan.plannedReturnDate))}
          </p>
          <Link className="button button--secondary" to={`/prets/${loan.id}`}>
            {strings.item.seeLoan}
          </Link>
        </section>
      ))}
      <section className="card" aria-labelledby="item-details">
        <h2 id="item-details">{strings.item.details}</h2>
        <dl className="details">
          <dt>{strings.item.fields.status}</dt>
          <dd>
            <StatusBadge status={active.length > 0 ? 'prete' : item.status} />
          </dd>
          <dt>{strings.item.fields.inventory}</dt>
          <dd>{item.inventoryNumber}</dd>
          <dt>{strings.item.fields.type}</dt>
          <dd>{labelOf(ITEM_TYPES, item.type)}</dd>
          {item.marque || item.modele ? (
            <>
              <dt>{strings.item.fields.brandModel}</dt>
              <dd>{[item.marque, item.modele].filter(Boolean).join(' ')}</dd>
            </>
          ) : null}
          {item.numeroSerie ? (
            <>
              <dt>{strings.item.fields.serial}</dt>
              <dd>{item.numeroSerie}</dd>
            </>
          ) : null}
          {item.origine ? (
            <>
              <dt>{strings.item.fields.origin}</dt>
              <dd>{[labelOf(ITEM_ORIGINS, item.origine), item.fournisseur].filter(Boolean).join(' — ')}</dd>
            </>
          ) : null}
          {item.dateAcquisition || item.valeurAcquisition !== undefined ? (
            <>
              <dt>{strings.item.fields.acquisition}</dt>
              <dd>
                {[
                  formatDay(item.dateAcquisition),
                  item.valeurAcquisition !== undefined ? formatEuros(item.valeurAcquisition) : '',
                ]
                  .filter(Boolean)
                  .join(' — ')}
              </dd>
            </>
          ) : null}
          <dt>{strings.item.fields.accessories}</dt>
          <dd>{accessories || strings.common.none}</dd>
          {item.etat ? (
            <>
              <dt>{strings.item.fields.etat}</dt>
              <dd>{labelOf(CONDITIONS, item.etat)}</dd>
            </>
          ) : null}
          {lieu ? (
            <>
              <dt>{strings.item.fields.lieu}</dt>
              <dd>{lieu.nom}</dd>
            </>
          ) : null}
          {item.notes ? (
            <>
              <dt>{strings.item.fields.notes}</dt>
              <dd>{item.notes}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {item.status !== 'prete' && active.length === 0 ? (
        <section className="card" aria-labelledby="item-status">
          <h2 id="item-status">{strings.item.changeStatus}</h2>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (!status) return;
              void run(
                'status',
                () => setItemStatus(db, item.id, status, statusNote.trim() || undefined),
                strings.item.statusSaved,
              ).then(() => setStatusNote(''));
            }}
          >
            <RadioGroup
              name="new-status"
              legend={strings.item.newStatus}
              choices={MANUAL_STATUSES.filter((s) => s.value !== item.status)}
              value={status}
              onChange={setStatus}
              error={error?.field === 'status' ? error.text : undefined}
            />
            <Field label={strings.item.statusNote}>
              {(f) => (
                <input
                  autoComplete="off"
                  {...f}
                  value={statusNote}
                  onChange={(e) => setStatusNote(e.target.value)}
                />
              )}
            </Field>
            <div className="actions">
              <button type="submit" className="button button--secondary" disabled={!status}>
                {strings.item.applyStatus}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      <section className="card" aria-labelledby="item-check">
        <h2 id="item-check">{strings.item.check}</h2>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!etat) {
              setError({ field: 'check', text: strings.item.chooseEtat });
              return;
            }
            void run(
              'check',
              () => recordConditionCheck(db, item.id, etat, checkNote.trim() || undefined),
              strings.item.checkSaved,
            ).then(() => setCheckNote(''));
          }}
        >
          <RadioGroup
            name="check-etat"
            legend={strings.item.checkEtat}
            choices={CONDITIONS}
            value={etat}
            onChange={setEtat}
            error={error?.field === 'check' ? error.text : undefined}
          />
          <Field label={strings.item.checkNote}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                value={checkNote}
                onChange={(e) => setCheckNote(e.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="button button--secondary">
              {strings.item.saveCheck}
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="item-history">
        <h2 id="item-history">{strings.item.history}</h2>
        {events.length === 0 ? <p>{strings.item.noHistory}</p> : null}
        <ol className="history" data-testid="item-history">
          {events.map((e) => (
            <li key={e.id}>
              <strong>{strings.item.event[e.kind]}</strong> — {formatDateTime(e.date)}
              {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? (
                <>
                  {' '}
                  ·{' '}
                  {strings.item.statusChange(
                    labelOf(ITEM_STATUSES, e.fromStatus),
                    labelOf(ITEM_STATUSES, e.toStatus),
                  )}
                </>
              ) : null}
              {e.etat ? <> · {labelOf(CONDITIONS, e.etat)}</> : null}
              {e.note ? <> · {e.note}</> : null}
              {e.loanId ? (
                <>
                  {' '}
                  · <Link to={`/prets/${e.loanId}`}>{strings.item.seeLoan}</Link>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </Page>
  );
};
