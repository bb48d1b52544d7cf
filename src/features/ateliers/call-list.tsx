// The session's call: the people expected (registered for it or for the whole cycle) and those who
// came anyway, each with one tap for present or absent and her signature on the tablet (one per
// half-day when the session spans both).
import { useRef, useState } from 'react';

import { putBlob } from '../../data/blobs';
import { getDb } from '../../data/db';
import { setPresence, signPresence } from '../../data/workshops';
import { displayName, type Beneficiary } from '../../domain/beneficiary';
import { concerns, halfDaysOf, signatureFor, type Attendance, type HalfDay } from '../../domain/workshops';
import { SignatureField, type SignatureHandle } from '../../ui/signature-field';
import { strings } from './strings';
import type { SessionDetails } from './use-workshops';

const R = strings.run;
const halfLabel = (h: HalfDay) => (h === 'matin' ? R.matin : R.apresMidi);

/** Who is on the call list: registered for this session (not waiting), then walk-ins. */
export const callListOf = (
  data: SessionDetails,
): { id: string; person: Beneficiary | undefined; attendance: Attendance | undefined }[] => {
  const ids = [
    ...data.registrations
      .filter((r) => r.status === 'inscrit' && concerns(r, data.session.id))
      .map((r) => r.beneficiaryId),
    ...[...data.here.values()].map((a) => a.beneficiaryId),
  ];
  return [...new Set(ids)].map((id) => ({ id, person: data.people.get(id), attendance: data.here.get(id) }));
};

const SignRow = ({
  label,
  onSigned,
  onCancel,
}: {
  label: string;
  onSigned: (png: Blob) => Promise<void>;
  onCancel: () => void;
}) => {
  const pad = useRef<SignatureHandle>(null);
  const [error, setError] = useState<string | undefined>();
  return (
    <div className="card">
      <SignatureField
        ref={pad}
        label={label}
        error={error}
        onChange={(empty) => !empty && setError(undefined)}
      />
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            if (pad.current?.isEmpty() !== false) return setError(R.emptySignature);
            void pad.current.toPng().then(onSigned);
          }}
        >
          {R.saveSignature}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {R.cancelSignature}
        </button>
      </div>
    </div>
  );
};

export const CallList = ({ data, readOnly }: { data: SessionDetails; readOnly: boolean }) => {
  const [signing, setSigning] = useState<{ id: string; halfDay: HalfDay } | undefined>();
  const rows = callListOf(data);
  const sessionId = data.session.id;
  // A session spanning both half-days takes a signature for each (morning, afternoon).
  const halfDays = halfDaysOf(data.session.debut, data.session.fin);
  return (
    <ul className="call-list" aria-label={R.expected}>
      {rows.map(({ id, person, attendance }) => {
        const name = person ? displayName(person) : '?';
        return (
          <li key={id} className="card" data-testid={`call-${name}`}>
            <div className="call-list__row">
              <strong>{name}</strong>
              <span className="actions" role="group" aria-label={name}>
                <button
                  type="button"
                  className={`button${attendance?.present ? '' : ' button--secondary'}`}
                  aria-pressed={attendance?.present === true}
                  disabled={readOnly}
                  onClick={() => void setPresence(getDb(), sessionId, id, true)}
                >
                  {R.present}
                </button>
                <button
                  type="button"
                  className={`button${attendance && !attendance.present ? '' : ' button--secondary'}`}
                  aria-pressed={attendance?.present === false}
                  disabled={readOnly}
                  onClick={() => void setPresence(getDb(), sessionId, id, false)}
                >
                  {R.absent}
                </button>
                {halfDays.map((h) => {
                  const half = halfDays.length > 1 ? halfLabel(h) : undefined;
                  return signatureFor(attendance, h, halfDays) ? (
                    <span key={h} className="badge--ok">
                      {half ? R.signedHalfDay(half) : R.signed}
                    </span>
                  ) : !readOnly ? (
                    <button
                      key={h}
                      type="button"
                      className="button button--secondary"
                      onClick={() => setSigning({ id, halfDay: h })}
                    >
                      {half ? R.signHalfDay(half) : R.sign}
                      <span className="visually-hidden"> — {name}</span>
                    </button>
                  ) : null;
                })}
              </span>
            </div>
            {signing?.id === id ? (
              <SignRow
                label={
                  halfDays.length > 1
                    ? R.signLabelHalfDay(name, halfLabel(signing.halfDay))
                    : R.signLabel(name)
                }
                onCancel={() => setSigning(undefined)}
                onSigned={async (png) => {
                  const db = getDb();
                  // One half-day: her one signature is the session's (signatureFor).
                  const halfDay = halfDays.length > 1 ? signing.halfDay : undefined;
                  await signPresence(db, sessionId, id, await putBlob(db, png), new Date(), halfDay);
                  setSigning(undefined);
                }}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
};
