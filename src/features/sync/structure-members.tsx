import { useState, type FormEvent } from 'react';

import { apiRequest, type TransportOptions } from '../../data/sync/transport';
import { ROLE_LABELS, type Role } from '../../domain/sync';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Field } from '../../ui/field';
import { formatDateTime } from '../../ui/format';
import { errorsOf } from './form-errors';
import { strings } from './strings';

const s = strings.structure;

export interface Member {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
}
export interface Invitation {
  id: string;
  name: string;
  email: string;
  role: Role;
  expiresAt: string;
}

/** The structure's people: disable / enable, a new provisional password; open invitations. */
export const MembersSection = ({
  transport,
  selfId,
  members,
  invitations,
  onChange,
}: {
  transport: TransportOptions;
  selfId: string;
  members: Member[];
  invitations: Invitation[];
  onChange: () => void;
}) => {
  const [disabling, setDisabling] = useState<Member>();
  const [resetting, setResetting] = useState<Member>();
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();

  const act = async (path: string, body: unknown, done?: string, method: 'POST' | 'DELETE' = 'POST') => {
    setMessage(undefined);
    try {
      await apiRequest(transport, method, path, body);
      if (done) setMessage({ text: done });
      onChange();
      return true;
    } catch (e) {
      setMessage({ text: errorsOf(e, s)._form!, error: true });
      return false;
    }
  };

  const reset = async (event: FormEvent) => {
    event.preventDefault();
    if (resetting && (await act(`/structure/users/${resetting.id}/password`, { password }, s.resetDone))) {
      setResetting(undefined);
      setPassword('');
    }
  };

  return (
    <>
      <ul className="list">
        {members.map((m) => (
          <li key={m.id} className="list__item">
            <span>
              {m.name} · {m.email} · {ROLE_LABELS[m.role]}
              {m.disabled ? ` · ${s.disabled}` : ''}
              {m.mustChangePassword ? ` · ${s.provisional}` : ''}
            </span>
            {m.id !== selfId ? (
              <span className="actions">
                {m.disabled ? (
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => void act(`/structure/users/${m.id}/enable`, {})}
                  >
                    {s.enable}
                  </button>
                ) : (
                  <button type="button" className="button button--danger" onClick={() => setDisabling(m)}>
                    {s.disable}
                  </button>
                )}
                <button type="button" className="button button--secondary" onClick={() => setResetting(m)}>
                  {s.reset}
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {resetting ? (
        <form onSubmit={(e) => void reset(e)} noValidate>
          <Field label={s.resetLabel(resetting.name)} hint={s.passwordHint} required>
            {(p) => (
              <input
                {...p}
                type="text"
                autoComplete="off"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button">
            {s.resetSubmit}
          </button>
        </form>
      ) : null}
      {message ? (
        <p className={message.error ? 'field__error' : undefined} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
      {invitations.length ? (
        <>
          <h3>{s.invitations}</h3>
          <ul className="list">
            {invitations.map((i) => (
              <li key={i.id} className="list__item">
                <span>
                  {i.name} · {i.email} · {ROLE_LABELS[i.role]} · {s.invitedUntil(formatDateTime(i.expiresAt))}
                </span>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => void act(`/structure/invitations/${i.id}`, undefined, undefined, 'DELETE')}
                >
                  {s.cancelInvitation}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ConfirmDialog
        open={disabling !== undefined}
        title={s.disableTitle}
        message={s.disableMessage}
        confirmLabel={s.disable}
        danger
        onCancel={() => setDisabling(undefined)}
        onConfirm={() => {
          const m = disabling;
          setDisabling(undefined);
          if (m) void act(`/structure/users/${m.id}/disable`, {});
        }}
      />
    </>
  );
};
